"""Compare two parsed names word by word and say how they relate, with the reason.

Words are aligned one to one, or one word to a run of two or three written apart ("Gholamali" ~
"Gholam Ali", "Nurolhoda" ~ "Nur al-Hoda"), whatever their order ("NAVID, Ahmad Tafreshi" ~
"TAFRESHI, Ahmad Navid"). Each link has a kind, strongest first:

- exact: same folded spelling;
- variant: same transliteration skeleton (Gharmsiri ~ Garmsiri, Qasem ~ Ghasem);
- glide: same skeleton but for a y-glide, on a long word (Meysami ~ Masami);
- initial: an initial or a vowelless abbreviation and the word it stands for ("M.", "Mhd" ~
  "Mohammad");
- marker: the same kunya or patronymic marker ("Abu", "bin"), which alone identifies no one;
- prefix: a given name and a fused pair starting with it (Mohammad ~ Mohammadreza);
- suffix: a one-word surname and the same with the nisba -i (Bahram ~ Bahrami);
- compound: a one-word surname and a compound of two surnames written as one that starts or
  ends with it (Nouri ~ Nourieslami; not a derived surname such as Ahmadi ~ Ahmadinejad);
- near: skeletons one edit (or swap) apart (Tahmasi ~ Tahmasbi, Hasan ~ Hossein) — possibly
  another name.

The relation of the two names is then: `full` (every word on both sides linked), `subset` (every
word of one side linked and the other side's surname among the links), `near` (as full or subset
but through a near link: only context can decide), `conflict` (words left over on both sides:
different given names or surnames), `partial` (one side covered but not the other's surname) or
`none` (nothing in common). This module compares names only; `matching` weighs the context.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from innercircle.resolve.names import NameAnalyser, NameToken, ParsedName

LINK_RANK = {
    "exact": 6,
    "variant": 5,
    "glide": 4,
    "initial": 3,
    "marker": 3,
    "prefix": 2,
    "suffix": 2,
    "compound": 2,
    "near": 1,
}
STRONG_LINKS = frozenset({"exact", "variant", "glide"})
MAX_RUN = 3
MEMO_LIMIT = 2_000_000  # entries kept in the analyser's memo before it is cleared
_MISSING = object()
MIN_WORD = 3  # a name whose longest linked word is shorter than this never matches
SIMILAR_KEYS = 0.6  # left-over surname words this alike are no proof of a different name


@dataclass(frozen=True, slots=True)
class TokenLink:
    """Words of the left name linked to words of the right name."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    kind: str
    left_text: str
    right_text: str

    def describe(self) -> str:
        if self.kind == "exact":
            return self.left_text
        signs = {"variant": "~", "glide": "~", "initial": "=", "marker": "=", "prefix": "<"}
        sign = signs.get(self.kind, "<" if self.kind in ("suffix", "compound") else "≈")
        return f"{self.left_text}{sign}{self.right_text}"


@dataclass(frozen=True, slots=True)
class NameComparison:
    """How two names relate, word by word."""

    left: ParsedName
    right: ParsedName
    links: tuple[TokenLink, ...]
    unmatched_left: tuple[int, ...]
    unmatched_right: tuple[int, ...]
    relation: str  # full | subset | near | conflict | partial | none
    surname_linked: bool  # a surname word of each name is among the links

    @property
    def weakest(self) -> str | None:
        """The weakest link kind, or None without links."""
        if not self.links:
            return None
        return min((link.kind for link in self.links), key=LINK_RANK.__getitem__)

    def left_over(self) -> tuple[list[str], list[str]]:
        """The words left unmatched on each side (folded spelling)."""
        return (
            [self.left.tokens[i].text for i in self.unmatched_left],
            [self.right.tokens[i].text for i in self.unmatched_right],
        )

    def explain(self) -> str:
        """One line saying why, e.g. "same words: qasem, meysami~meisami"."""
        linked = ", ".join(link.describe() for link in self.links)
        left, right = self.left_over()
        if self.relation == "full":
            return f"same words: {linked}"
        if self.relation == "subset":
            extra = " ".join(left or right)
            return f"words agree ({linked})" + (f"; one name adds {extra!r}" if extra else "")
        if self.relation == "near":
            nears = ", ".join(link.describe() for link in self.links if link.kind == "near")
            return f"only a near spelling links them ({nears}): possibly a different name"
        if self.relation == "conflict":
            what = "surname" if not self.surname_linked else "given name"
            return f"different {what}: {' '.join(left)!r} vs {' '.join(right)!r}" + (
                f" (shared: {linked})" if linked else ""
            )
        if self.relation == "partial":
            return f"only {linked} in common; the surname is not shared"
        return "no word in common"


def token_relation(
    analyser: NameAnalyser, a: NameToken, b: NameToken, role: str = "any"
) -> str | None:
    """The link kind between two words (or runs written as one word), or None.

    `role` is "given" when both are single given-name words, "surname" when both are whole
    one-word surnames: a fused given-name compound (Mohammad ~ Mohammadreza) and a nisba suffix
    (Bahram ~ Bahrami) are only trusted in those positions. Words are also compared without
    a fused honorific or article ("Alkhatibi" ~ "Khatibi"); the best relation wins.
    """
    if a.text in analyser.rules.markers or b.text in analyser.rules.markers:
        return "marker" if a.key == b.key else None
    if a.text == b.text:
        return "exact"
    if a.initial or b.initial:
        if a.initial and b.initial:
            return None
        longer = b if a.initial else a
        shorter = a if a.initial else b
        return "initial" if longer.text.startswith(shorter.text) else None
    if not a.key or not b.key:
        return None
    forms_a, forms_b = analyser.token_forms(a), analyser.token_forms(b)
    if role == "surname" and (compound_part(analyser, a, b) or compound_part(analyser, b, a)):
        return "compound"  # Nouri < Nourieslami: one part of a compound written as one
    if (
        len(forms_a) == len(forms_b) == 1
        and a.key[0] != b.key[0]
        and frozenset((a.key[0], b.key[0])) not in analyser.rules.soft_equivalents
    ):
        return None  # every relation below needs the same first sound (fast path)
    if not (a.script or b.script) and (_abbreviates(a, b) or _abbreviates(b, a)):
        # (a native-script word is written without short vowels, not abbreviated)
        return "initial"
    best: str | None = None
    for i, ka in enumerate(forms_a):
        for j, kb in enumerate(forms_b):
            kind = _key_relation(analyser, a, b, ka, kb, role, with_vowels=i == j == 0)
            if kind == "variant" and (i or j):
                return "variant"  # only a fused honorific or article apart
            if kind is not None and (best is None or LINK_RANK[kind] > LINK_RANK[best]):
                best = kind
    if (
        best is None
        and role == "given"
        and (_fused_first(analyser, a, b) or _fused_first(analyser, b, a))
    ):
        return "prefix"
    return best


def _fused_first(analyser: NameAnalyser, short: NameToken, long_: NameToken) -> bool:
    """True when `long_` is two given names written as one and `short` is the first, spelled
    alike ("Ali" ~ "Alireza", "Mousa" ~ "Musakazem"): a split of the longer word's letters
    whose first part has the shorter word's skeleton and compatible vowels, and whose second
    part is a word of its own (3+ skeleton symbols)."""
    text = long_.text
    if short.script or long_.script or len(short.key) < 2 or len(text) < len(short.text) + 3:
        return False
    for k in range(2, len(text) - 2):
        head, tail = analyser.word_keys(text[:k]), analyser.skeleton(text[k:])
        if (
            head[0] == short.key
            and len(tail) >= 3
            and _slots_cost(head[1][:-1], short.vowels[:-1]) < MAX_VOWEL_COST
        ):
            return True
    return False


def _key_relation(
    analyser: NameAnalyser,
    a: NameToken,
    b: NameToken,
    ka: str,
    kb: str,
    role: str,
    with_vowels: bool,
) -> str | None:
    """The relation of two skeletons of the words `a` and `b`."""
    if a.script or b.script:
        # native script: short vowels and glides are not written, and a final ye is -i or -ei
        ka, kb = _script_form(ka), _script_form(kb)
    if ka == kb:
        if not with_vowels or vowel_cost(a, b) < MAX_VOWEL_COST:
            return "variant"
        return None  # the same consonants with other vowels: another name (Mahmoud, Mohammad)
    if analyser.soft_equal(ka, kb):  # one soft consonant apart: the vowels must agree too,
        # and a short word must keep its other consonants and vowels exactly
        if len(ka) < 4 and (not with_vowels or a.vowels != b.vowels):
            return None
        return "variant" if not with_vowels or vowel_cost(a, b) < MAX_VOWEL_COST else None
    ga, gb = no_glide(ka), no_glide(kb)
    if ga == gb or analyser.soft_equal(ga, gb):
        # a y-glide is a vowel: trusted on long words and whole surnames, not on short given
        # names, where it separates Hasan from Hossein
        long_enough = min(len(ga), len(gb)) >= (3 if role == "surname" else 4)
        return "glide" if long_enough else "near"
    if _weak_letter_apart(ga, gb) or _weak_letter_apart(ka, kb):
        return "glide" if min(len(ka), len(kb)) >= 3 else "near"
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    if (
        role == "given"
        and with_vowels
        and len(short) >= 3
        and len(long_) - len(short) >= 3
        and long_.startswith(short)
        and vowel_cost(a, b, len(short)) < MAX_VOWEL_COST
    ):
        return "prefix"  # Mohammad ~ Mohammadreza: one given name of a fused pair
    if role == "surname" and len(short) >= 4 and long_[:-1] == short and long_[-1] in "aiu":
        return "suffix"  # Bahram ~ Bahrami: the nisba -i
    if ka[0] == kb[0] and min(len(ka), len(kb)) >= 4 and OSA.distance(ka, kb) <= 1:
        # one consonant added, dropped, replaced, or two swapped (Mehrdad ~ Merhdad)
        return "near"
    return None


def compound_part(analyser: NameAnalyser, short: NameToken, long_: NameToken) -> bool:
    """True when the word `long_` is a compound surname written as one word and `short` is
    its first or last part ("Nourieslami" holds "Nouri" and "Eslami"), with compatible
    vowels; what remains must be a word of its own (3+ consonant symbols), not a derivational
    affix that makes another surname ("Ahmadinejad" is no compound of "Ahmadi")."""
    key_s, key_l = short.key, long_.key
    if len(key_s) < 4 or len(key_l) <= len(key_s) + 2:
        return False
    stems = [(key_s, short.vowels, 0)]
    if key_s[-1] in "aiu" and len(key_s) >= 4:
        stems.append((key_s[:-1], short.vowels[:-1], 0))  # no nisba -i inside a compound
    if key_s[0] == "a" and len(key_s) >= 4:
        stems.append((key_s[1:], short.vowels[1:], 1))  # nor the mark of a first vowel
    affixes = analyser.affix_keys()
    for stem, vowels, _ in stems:
        if key_l.startswith(stem):
            rest, at = key_l[len(stem) :], 0
        elif key_l.endswith(stem):
            rest, at = key_l[: -len(stem)], len(key_l) - len(stem)
        else:
            continue
        rest = rest.strip("aiu")
        if len(rest) < 3 or rest in affixes:
            continue
        # the vowels of the part must agree (Mahmoudi is no part of Aminmohammadi); the last
        # one is followed by the other part inside the compound
        theirs = long_.vowels[at : at + len(stem)]
        if short.script or long_.script or _slots_cost(vowels[:-1], theirs[:-1]) < MAX_VOWEL_COST:
            return True
    return False


def _abbreviates(short: NameToken, long_: NameToken) -> bool:
    """A vowelless abbreviation of the other word: "Mhd" for Mohammad (same first letter, its
    consonants in order)."""
    text = short.text
    if len(text) < 2 or any(c in "aeiouy" for c in text) or len(long_.text) <= len(text) + 1:
        return False
    if text[0] != long_.text[0]:
        return False
    rest = iter(long_.text)
    return all(c in rest for c in text)


def _weak_letter_apart(key_a: str, key_b: str) -> bool:
    """True when one skeleton is the other with one weak letter (h) more, after the first:
    Shahbazi ~ Shabazi, Shahrokhi ~ Sharokhi."""
    if abs(len(key_a) - len(key_b)) != 1:
        return False
    short, long_ = (key_a, key_b) if len(key_a) < len(key_b) else (key_b, key_a)
    return any(
        long_[i] == "h" and long_[:i] + long_[i + 1 :] == short for i in range(1, len(long_))
    )


def compare_names(analyser: NameAnalyser, left: ParsedName, right: ParsedName) -> NameComparison:
    """Align the words of two names and classify the pair (see the module docstring)."""
    runs_left = _runs(analyser, left)
    runs_right = _runs(analyser, right)
    memo = analyser.memo
    options: list[tuple[int, int, tuple[int, ...], tuple[int, ...], str, str, str]] = []
    for idx_a, tok_a, tag_a, key_a in runs_left:
        for idx_b, tok_b, tag_b, key_b in runs_right:
            if tag_a == tag_b == "run":
                continue  # a run links to a single word only
            role = tag_a if tag_a == tag_b and tag_a != "run" else "any"
            memo_key = (key_a, key_b, role)
            kind = memo.get(memo_key, _MISSING)
            if kind is _MISSING:
                kind = token_relation(analyser, tok_a, tok_b, role)
                if len(memo) > MEMO_LIMIT:
                    memo.clear()
                memo[memo_key] = kind
            if kind is None or (kind == "initial" and "run" in (tag_a, tag_b)):
                continue  # an initial stands for one word, not a run
            assert isinstance(kind, str)
            covered = len(idx_a) + len(idx_b)
            options.append((LINK_RANK[kind], covered, idx_a, idx_b, kind, tok_a.text, tok_b.text))
    options.sort(key=lambda o: (-o[0], -o[1], o[2], o[3]))
    used_left: set[int] = set()
    used_right: set[int] = set()
    links: list[TokenLink] = []
    for _rank, _covered, idx_a, idx_b, kind, text_a, text_b in options:
        if used_left.intersection(idx_a) or used_right.intersection(idx_b):
            continue
        used_left.update(idx_a)
        used_right.update(idx_b)
        links.append(TokenLink(idx_a, idx_b, kind, text_a, text_b))
    links.sort(key=lambda link: (link.left, link.right))
    unmatched_left = tuple(
        i for i, t in enumerate(left.tokens) if i not in used_left and not t.particle
    )
    unmatched_right = tuple(
        i for i, t in enumerate(right.tokens) if i not in used_right and not t.particle
    )
    relation, surname_linked = _relation(left, right, links, unmatched_left, unmatched_right)
    return NameComparison(
        left, right, tuple(links), unmatched_left, unmatched_right, relation, surname_linked
    )


def _relation(
    left: ParsedName,
    right: ParsedName,
    links: list[TokenLink],
    unmatched_left: tuple[int, ...],
    unmatched_right: tuple[int, ...],
) -> tuple[str, bool]:
    """The relation of two aligned names, and whether both surnames are among the links."""
    identifying = [link for link in links if link.kind != "marker"]
    linked_left = {i for link in identifying for i in link.left}
    linked_right = {i for link in identifying for i in link.right}
    surname_left = bool(left.surname & linked_left)
    surname_right = bool(right.surname & linked_right)
    both = surname_left and surname_right
    if not links:
        return "none", both
    kinds = {link.kind for link in links}
    strong = sum(1 for link in links if link.kind in STRONG_LINKS)
    if not strong and "near" not in kinds:
        return "none", both  # initials alone
    if max(len(link.left_text) for link in links) < MIN_WORD:
        return "none", both  # fragments ("JA") say nothing about identity
    # a near spelling of a surname needs context (Tahmasi ~ Tahmasbi); of a given name, when
    # the surname itself agrees, it is a weak link like a shortened name (Hasan ~ Hossein Karimi)
    near_surname = any(
        link.kind == "near"
        and (left.surname.intersection(link.left) or right.surname.intersection(link.right))
        for link in links
    )
    surname_strong = any(
        link.kind in STRONG_LINKS
        and left.surname.intersection(link.left)
        and right.surname.intersection(link.right)
        for link in links
    )
    uncertain = "near" if near_surname or ("near" in kinds and not surname_strong) else "subset"
    if unmatched_left and unmatched_right:
        given_left = any(i not in left.surname for i in unmatched_left)
        given_right = any(i not in right.surname for i in unmatched_right)
        if given_left and given_right:
            return "conflict", both
        if not both:
            if not given_left and not given_right and (surname_left or surname_right):
                # one side's surname is among the other's given names ("KARIMI NIK, Ali Reza"
                # ~ "TABRIZI, Ali Reza Karimi"), only the second surnames differ
                return "partial", both
            if _leftovers_alike(left, right, unmatched_left, unmatched_right):
                return "partial", both  # surnames unlike enough to doubt, too alike to rule out
            return "conflict", both
        surname_left_over = any(i in left.surname for i in unmatched_left)
        surname_right_over = any(i in right.surname for i in unmatched_right)
        if surname_left_over and surname_right_over:
            return "partial", both  # one surname word shared, another differs
        # one side adds given names, the other surname words: a fuller name explains both
        # ("SAMADI NOURI, Mohammad" ~ "SAMADI, Mohammad Hossein")
        return (uncertain if strong == len(links) else "partial"), both
    if not unmatched_left and not unmatched_right:
        if "near" in kinds or near_surname:
            return uncertain, both
        return ("full" if kinds <= STRONG_LINKS else "subset"), both
    # one side is covered: the longer side's surname must be among the links, or the shorter
    # side's surname and another word (a surname kept as a middle name: "NOURI, Esmail" ~
    # "ABEDINEJAD, Esmaeil Nouri")
    longer_surname = surname_right if unmatched_right else surname_left
    shorter_surname = surname_left if unmatched_right else surname_right
    if not longer_surname and not (shorter_surname and strong >= 2):
        return "partial", both
    return uncertain, both


def _leftovers_alike(
    left: ParsedName,
    right: ParsedName,
    unmatched_left: tuple[int, ...],
    unmatched_right: tuple[int, ...],
) -> bool:
    """True when each word left over on the shorter side resembles one left over on the other,
    so that the difference may be spelling or a compound (see `_alike`)."""
    small, large = (
        (unmatched_left, unmatched_right)
        if len(unmatched_left) <= len(unmatched_right)
        else (unmatched_right, unmatched_left)
    )
    small_name, large_name = (left, right) if small is unmatched_left else (right, left)
    return all(
        any(_alike(small_name.tokens[i].key, large_name.tokens[j].key) for j in large)
        for i in small
    )


def _alike(key_a: str, key_b: str) -> bool:
    """Skeletons close enough (similarity >= 0.6) or one the start or end of the other (a
    compound surname: Nouri / Nourieslami, Tabrizi / Mojtahedtabrizi)."""
    if Levenshtein.normalized_similarity(key_a, key_b) >= SIMILAR_KEYS:
        return True
    short, long_ = (key_a, key_b) if len(key_a) <= len(key_b) else (key_b, key_a)
    return len(short) >= 3 and (long_.startswith(short) or long_.endswith(short))


_Run = tuple[tuple[int, ...], NameToken, str, str]


def _runs(analyser: NameAnalyser, name: ParsedName) -> list[_Run]:
    """Single words and runs of 2-3 adjacent words as tokens (a run keeps its particles and
    may end with one: "Abd al" ~ "Abdul"), each with its role tag — "surname" (the whole
    one-word surname), "given" (a word outside the surname), "any" (a word of a longer
    surname) or "run" — and its memo key."""
    memo_key = ("runs", name.original)
    found = analyser.memo.get(memo_key)
    if found is None:
        found = analyser.memo[memo_key] = _make_runs(analyser, name)
    return found  # type: ignore[return-value]


def _make_runs(analyser: NameAnalyser, name: ParsedName) -> list[_Run]:
    tokens = name.tokens

    def key(token: NameToken) -> str:
        return token.text + ("\x00" if token.script else "")

    def tag(i: int) -> str:
        if name.surname == {i}:
            return "surname"
        return "given" if i not in name.surname else "any"

    runs: list[_Run] = [((i,), t, tag(i), key(t)) for i, t in enumerate(tokens) if not t.particle]
    for start in range(len(tokens)):
        if tokens[start].particle:
            continue
        for end in range(start + 2, min(len(tokens), start + MAX_RUN) + 1):
            part = tokens[start:end]
            if any(t.initial for t in part):
                break  # an initial is never written joined to a word ("K. Omai" is no "Komai")
            joined = analyser.token("".join(t.text for t in part), any(t.script for t in part))
            runs.append((tuple(range(start, end)), joined, "run", key(joined)))
    return runs


def _script_form(key: str) -> str:
    """A skeleton as compared with a native-script word: no glides inside; a final glide
    (Latin -ei, -ey, -ai) is the final ye, an -i."""
    return no_glide(key[:-1] + "i" if len(key) > 2 and key.endswith("y") else key)


def no_glide(key: str) -> str:
    """The key without its y-glides inside the word (a first or last y stays: the last one is
    the -i suffix of Rezaei, Karbalaei)."""
    return key[:1] + key[1:].replace("y", "")


_VOWEL_COST = {
    frozenset("aU"): 2.0,
    frozenset("iU"): 2.0,
    frozenset("au"): 1.0,
    frozenset("iu"): 0.5,
    frozenset("io"): 0.5,
    frozenset("ai"): 0.25,
    frozenset("ao"): 0.25,
}
MAX_VOWEL_COST = 1.5


def _slots_cost(va: str, vb: str) -> float:
    """The cost of two vowel-slot strings of one skeleton (see `vowel_cost`)."""
    if len(va) != len(vb):
        return 0.0
    cost = 0.0
    for x, y in zip(va, vb, strict=True):
        if x == y:
            continue
        if x == "-" or y == "-":
            cost += 1.0
        else:
            cost += _VOWEL_COST.get(frozenset((x, y)), 0.0)
    return cost


def vowel_cost(a: NameToken, b: NameToken, length: int | None = None) -> float:
    """How far apart the written vowels of two words with one skeleton are.

    Short vowels vary between transliterations (Mehdi/Mahdi, Mohammad/Muhammad: cheap), a vowel
    written on one side only costs 1 and a long u against a/e costs 2, so Mahmoud and Mohammad
    (one skeleton "mhmd") are apart while Yusuf and Yousef are not. Native-script words have no
    short vowels and cost nothing.
    """
    va, vb = (a.vowels, b.vowels) if length is None else (a.vowels[:length], b.vowels[:length])
    if a.script or b.script:
        return 0.0
    return _slots_cost(va, vb)
