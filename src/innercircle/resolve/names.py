"""Name analysis: folding, title and particle stripping, transliteration keys, phonetic codes.

Turns a name as written — Latin with any accents, apostrophes and hyphens, or Persian/Arabic
script — into `NameToken`s that carry comparable keys, using a country pack's rules
(`packs/<country>/names.yaml`: honorifics, particles, consonant spellings, script letters).

The main key is a consonant *skeleton* made for transliterated names: consonant spellings are
folded to one class each (kh/x, gh/q, zh/j, ...), vowels are dropped except a word-initial one
(which becomes "a"), doubled letters collapse, and a y-glide (ei, ey, ai, ae, ie, ...) is kept as
"y" because long vowels and diphthongs are written in Persian script while short vowels are not
(Hasan "hsn" differs from Hossein "hsyn", Qasem = Ghasem = "qsm"). Native-script words are first
spelled in Latin letters by position-aware rules and then keyed the same way, so that a native
alias can match a Latin one. Standard phonetic codes (NYSIIS, metaphone, soundex) are available
for comparison (see bench/bench_sanctions_aliases.py).

It does not decide whether two names are the same (`name_compare` and `matching` do that).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import jellyfish
import yaml

VOWELS = frozenset("aeiou")

_APOSTROPHES = "'’‘ʼʻʿʾ`´′ʹ"
_SEPARATORS = '-‐‑‒–—―_/.()[]{}"“”«»:;!?|+&*،؛'
_LATIN_SPECIAL = {
    "ç": "ch",
    "ş": "sh",
    "ğ": "gh",
    "ı": "i",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "þ": "th",
}
_ZWNJ = "\u200c"
_TATWEEL = "\u0640"


def is_arabic_script(char: str) -> bool:
    """True for a letter of the Arabic script block (Persian, Arabic, Urdu letters)."""
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


@dataclass(frozen=True, slots=True)
class NameToken:
    """One word of a name with its comparable keys."""

    text: str  # folded Latin spelling, lower case ASCII ("gharmsiri")
    key: str  # transliteration skeleton ("qrmsri")
    vowels: str = ""  # vowel class after each skeleton symbol (see NameAnalyser.word_keys)
    particle: bool = False  # al-, ol-, -e, -ye: never missing, never conflicting
    script: bool = False  # spelled from Persian/Arabic script (short vowels unknown)

    @property
    def initial(self) -> bool:
        """A one-letter initial ("M." in "M. Ali")."""
        return len(self.text) == 1


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into tokens in natural order (given names first, surname last)."""

    original: str
    tokens: tuple[NameToken, ...]
    surname: frozenset[int]  # indices of the surname's tokens
    titles: tuple[str, ...] = ()  # honorifics that were stripped ("ayatollah", "seyed")

    @property
    def words(self) -> list[NameToken]:
        """Tokens that carry identity (particles left out)."""
        return [t for t in self.tokens if not t.particle]

    @property
    def surname_keys(self) -> list[str]:
        return [self.tokens[i].key for i in sorted(self.surname) if not self.tokens[i].particle]


@dataclass(frozen=True)
class NameRules:
    """A country pack's name rules (see `packs/<country>/names.yaml`)."""

    honorifics: tuple[tuple[str, ...], ...] = ()  # phrases, longest first
    attached_honorifics: tuple[str, ...] = ()
    attached_particles: tuple[str, ...] = ()
    particles: frozenset[str] = frozenset()
    markers: frozenset[str] = frozenset()
    optional_suffixes: tuple[str, ...] = ()
    latin_words: tuple[tuple[re.Pattern[str], str], ...] = ()
    latin_consonants: tuple[tuple[re.Pattern[str], str], ...] = ()
    soft_equivalents: frozenset[frozenset[str]] = frozenset()
    script_letters: dict[str, str] = field(default_factory=dict)
    derivational_affixes: tuple[str, ...] = ()  # "-nejad", "mirza-": they make a new surname

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NameRules:
        """Build rules from the parsed YAML mapping (unknown keys are ignored)."""
        phrases = {tuple(fold(str(p)).split()) for p in data.get("honorifics", []) or []}
        return cls(
            honorifics=tuple(sorted((p for p in phrases if p), key=len, reverse=True)),
            attached_honorifics=tuple(
                sorted((fold(str(h)) for h in data.get("attached_honorifics", []) or []), key=len)
            )[::-1],
            attached_particles=tuple(
                fold(str(p)) for p in data.get("attached_particles", []) or []
            ),
            particles=frozenset(fold(str(p)) for p in data.get("particles", []) or []),
            markers=frozenset(fold(str(p)) for p in data.get("markers", []) or []),
            optional_suffixes=tuple(fold(str(p)) for p in data.get("optional_suffixes") or []),
            latin_words=_compile_pairs(data.get("latin_words"), "latin_words"),
            latin_consonants=_compile_pairs(data.get("latin_consonants"), "latin_consonants"),
            soft_equivalents=frozenset(
                frozenset(str(x) for x in pair) for pair in data.get("soft_equivalents") or []
            ),
            script_letters={str(k): str(v) for k, v in (data.get("script_letters") or {}).items()},
            derivational_affixes=tuple(
                fold(str(p)) for p in data.get("derivational_affixes") or []
            ),
        )


def _compile_pairs(raw: Any, name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    pairs = []
    for i, item in enumerate(raw or []):
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise ValueError(f"names.yaml: {name}[{i}] must be [pattern, replacement]")
        pairs.append((re.compile(str(item[0])), str(item[1])))
    return tuple(pairs)


@lru_cache(maxsize=8)
def load_name_rules(country: str = "iran") -> NameRules:
    """The name rules of a country pack (`innercircle/packs/<country>/names.yaml`)."""
    path = resources.files("innercircle.packs").joinpath(country, "names.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ValueError(f"country pack {country!r} has no names.yaml") from exc
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ValueError(f"packs/{country}/names.yaml: expected a mapping at top level")
    return NameRules.from_dict(data)


def fold(text: str) -> str:
    """Lower-case ASCII form of Latin text: accents, apostrophes and ayn/hamza marks removed;
    hyphens and other punctuation become spaces; commas are kept. Arabic-script letters pass
    through unchanged (see `NameAnalyser.transliterate`)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for ch in text:
        if ch in _APOSTROPHES:
            continue
        if ch in _SEPARATORS:
            out.append(" ")
            continue
        special = _LATIN_SPECIAL.get(ch)
        if special is not None:
            out.append(special)
            continue
        if ch.isascii() or is_arabic_script(ch) or ch == _ZWNJ:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base.isascii() else ("" if unicodedata.combining(ch) else ch))
    return re.sub(r"\s+", " ", "".join(out)).strip()


class NameAnalyser:
    """Parses names and computes keys with one country pack's rules (results are memoised)."""

    def __init__(self, rules: NameRules | None = None) -> None:
        self.rules = rules if rules is not None else load_name_rules()
        self._skeletons: dict[str, tuple[str, str]] = {}
        self._parsed: dict[str, ParsedName] = {}
        self._forms: dict[str, list[str]] = {}
        self.memo: dict[object, object] = {}
        """Scratch memo for callers that compare many names (see `name_compare`)."""
        self._honorifics_by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.rules.honorifics:  # longest first, kept in that order per word
            self._honorifics_by_first.setdefault(phrase[0], []).append(phrase)

    # ------------------------------------------------------------------ keys

    def skeleton(self, word: str) -> str:
        """The transliteration skeleton of one folded Latin word (see the module docstring)."""
        return self.word_keys(word)[0]

    def word_keys(self, word: str) -> tuple[str, str]:
        """(skeleton, vowel slots) of one folded Latin word.

        The vowel slots give, for each skeleton symbol, the class of the vowel written after it
        ("a", "i" for e/i, "o" for a short o, "u" for u/ou/oo, "-" for none), so that names with
        one skeleton but incompatible vowels (Mahmoud "mhmd" "a-u-" vs Mohammad "mhmd" "oaa-")
        can be told apart.
        """
        found = self._skeletons.get(word)
        if found is None:
            found = self._word_keys(word)
            self._skeletons[word] = found
        return found

    def _word_keys(self, word: str) -> tuple[str, str]:
        w = "".join(c for c in word if c.isalpha() and c.isascii())
        if not w:
            return "", ""
        for pattern, repl in self.rules.latin_words:
            w = pattern.sub(repl, w)
        initial_vowel = w[0] in VOWELS
        # final -eh/-ah marks a vowel ending, not a consonant (Zadeh = Zade, Farkhondah =
        # Farkhondeh): the h goes and so does the final-vowel mark; not in "-llah"
        final_h = len(w) > 2 and w.endswith("h") and w[-2] in VOWELS and not w.endswith("llah")
        if final_h:
            w = w[:-1]
        for pattern, repl in self.rules.latin_consonants:
            w = pattern.sub(repl, w)
        key: list[str] = []
        slots: list[str] = []

        def emit(symbol: str) -> None:
            if key and key[-1] == symbol and slots[-1] == "-":
                return  # doubled letters collapse (not across a vowel: Sabodi)
            key.append(symbol)
            slots.append("-")

        n = len(w)
        i = 0
        if initial_vowel:
            emit("a")
            while i < n and w[i] in VOWELS:
                i += 1
            if _is_glide(w[:i]) and i < n:
                emit("y")  # Eidi = Eydi, Aini = Ayini
        while i < n:
            c = w[i]
            if c in VOWELS:
                j = i
                while j < n and w[j] in VOWELS:
                    j += 1
                run = w[i:j]
                if j == n and run == "ie" and key:
                    emit("i")  # a final -ie after a consonant is the -i ending (Shafie = Shafii)
                elif _is_glide(run):
                    if slots and key[-1] != "y":
                        slots[-1] = _slot_class(run[0])
                    emit("y")
                    if j == n and run[-1] in "aou" and not final_h:
                        emit(_vowel_class(run[-1]))
                    elif j < n and run[-1] in "aou":
                        slots[-1] = _slot_class(run[-1])  # "ia" = "iya"
                elif j == n:
                    # a written final vowel: -a, -i (the nisba of Hosseini), -u; not -e
                    final = _vowel_class(run[0])
                    if run != "e" and not final_h and (final != "i" or key[-1:] != ["y"]):
                        emit(final)
                elif slots:
                    slots[-1] = _slot_class(run)
                i = j
                continue
            prev_vowel = i > 0 and w[i - 1] in VOWELS
            next_vowel = i + 1 < n and w[i + 1] in VOWELS
            if c == "y":
                # consonant y at the start and next to a vowel; between consonants or at the
                # end after a consonant it is the vowel i ("Heydary" = "Heydari")
                if i == 0 or prev_vowel or next_vowel:
                    emit("y")
                elif i + 1 == n:
                    emit("i")
            elif c == "v" and prev_vowel and not next_vowel:
                # ow/ov before a consonant or at the end is a diphthong: Dowlat = Dolat,
                # Khosrow = Khosro
                if i + 1 == n:
                    emit("u")
            else:
                emit(c)
            i += 1
        return "".join(key), "".join(slots)

    def transliterate(self, word: str) -> str:
        """Spell one Persian/Arabic-script word in Latin letters (short vowels are unknown)."""
        letters = self.rules.script_letters
        chars = [c for c in word if c != _TATWEEL and (c in letters or c == _ZWNJ)]
        out: list[str] = []
        n = len(chars)
        for i, ch in enumerate(chars):
            if ch == _ZWNJ:
                continue
            prev = chars[i - 1] if i > 0 else None
            nxt = chars[i + 1] if i + 1 < n else None
            at_start = prev is None
            at_end = nxt is None or nxt == _ZWNJ
            latin = letters[ch]
            if latin == "y":  # ye: consonant at the start or before a vowel letter
                vowel_next = nxt is not None and letters.get(nxt, "") in ("a", "e")
                out.append("y" if at_start or vowel_next else "i")
            elif latin == "v":  # vav: consonant at the start or around a vowel letter
                prev_vowelish = prev is not None and letters.get(prev, "") in ("a", "i", "e")
                next_vowelish = nxt is not None and letters.get(nxt, "") in ("a", "y", "e")
                out.append("v" if at_start or prev_vowelish or next_vowelish else "u")
            elif latin == "h" and at_end and not at_start:
                # heh closing a word after a consonant is a vowel (Zadeh); before a ZWNJ it is
                # the "-e-" of a nisba on a word ending in heh; after a long vowel it is a real
                # h (Shah)
                after_vowel = prev is not None and letters.get(prev, "") in ("a", "v", "y")
                if nxt == _ZWNJ:
                    out.append("e")
                else:
                    out.append("h" if after_vowel else "eh")
            elif latin == "'":
                if at_start:
                    out.append("a")  # initial ayn/hamza: the name starts with a vowel
            else:
                out.append(latin)
        return "".join(out)

    # ------------------------------------------------------------------ parsing

    def parse(self, name: str) -> ParsedName:
        """Split a name into tokens (natural order), stripping honorifics.

        "SURNAME, Given" (sanctions-list order) puts the surname last; otherwise the last
        word is the surname, together with words joined to it by a hyphen.
        """
        found = self._parsed.get(name)
        if found is None:
            found = self._parse(name)
            if len(self._parsed) < 500_000:
                self._parsed[name] = found
        return found

    def _parse(self, name: str) -> ParsedName:
        parts = [p.strip() for p in fold(name).split(",") if p.strip()]
        # (word, from native script, part of the surname)
        if len(parts) >= 2:
            words = [(w, sc, False) for w, sc in self._words(" ".join(parts[1:]))]
            words += [(w, sc, True) for w, sc in self._words(parts[0])]
        else:
            plain = self._words(parts[0]) if parts else []
            first = len(plain) - _hyphen_tail_length(name, len(plain), self.rules.particles)
            if (
                first == len(plain) - 1
                and len(plain) >= 2
                and plain[-1][0] in self.rules.derivational_affixes
            ):
                first -= 1  # a surname ending written apart: "Ali Rahim Zadeh", "Rahim Pour"
            words = [(w, sc, i >= first) for i, (w, sc) in enumerate(plain)]
        words, titles = self._strip_honorifics(words)
        tokens = tuple(self.token(w, script) for w, script, _ in words)
        surname = frozenset(i for i, (_, _, sur) in enumerate(words) if sur) - {
            i for i, t in enumerate(tokens) if t.particle
        }
        if not surname:
            words_at = [i for i, t in enumerate(tokens) if not t.particle]
            surname = frozenset(words_at[-1:])
        return ParsedName(name, tokens, surname, tuple(titles))

    def token(self, word: str, script: bool = False) -> NameToken:
        """A token for one folded word."""
        key, vowels = self.word_keys(word)
        return NameToken(word, key, vowels, word in self.rules.particles, script)

    def _words(self, text: str) -> list[tuple[str, bool]]:
        """Folded words of `text`, native-script words spelled in Latin (flagged True)."""
        words: list[tuple[str, bool]] = []
        for raw in text.split():
            if any(is_arabic_script(c) for c in raw):
                latin = self.transliterate(raw)
                if latin:
                    words.append((latin, True))
            else:
                words.append((raw, False))
        return words

    def _strip_honorifics(
        self, words: list[tuple[str, bool, bool]]
    ) -> tuple[list[tuple[str, bool, bool]], list[str]]:
        """Drop honorific phrases (longest first) anywhere in the name, but never the last
        identity-bearing word of the name or of its surname ("AL-HAJJ, Yahya" keeps "Hajj")."""
        titles: list[str] = []
        out: list[tuple[str, bool, bool]] = []
        plain = [w for w, _, _ in words]
        particles = self.rules.particles

        def remaining(i: int, k: int, surname_only: bool) -> int:
            kept = [w for w in out if not surname_only or w[2]] + [
                w for w in words[i + k :] if not surname_only or w[2]
            ]
            return sum(1 for w, _, _ in kept if w not in particles)

        by_first = self._honorifics_by_first
        i = 0
        while i < len(words):
            for phrase in by_first.get(plain[i], ()):
                k = len(phrase)
                if tuple(plain[i : i + k]) != phrase:
                    continue
                in_surname = any(w[2] for w in words[i : i + k])
                if remaining(i, k, False) >= 1 and (not in_surname or remaining(i, k, True) >= 1):
                    titles.append(" ".join(phrase))
                    i += k
                    break
            else:
                out.append(words[i])
                i += 1
        return out, titles

    def token_forms(self, token: NameToken) -> list[str]:
        """Keys under which a word can match: its skeleton, and without a fused honorific
        ("Seyedmehdi") or article ("Alhosseini", "Seyedolhoseini") or optional ending
        ("Nematollah" ~ "Nemat")."""
        found = self._forms.get(token.text)
        if found is None:
            found = self._forms[token.text] = self._token_forms(token)
        return found

    def _token_forms(self, token: NameToken) -> list[str]:
        forms = [token.key]
        text = token.text
        for prefixes, before_vowel in (
            (self.rules.attached_honorifics, True),
            (self.rules.attached_particles, False),  # the article is fused before consonants
        ):
            for prefix in prefixes:
                rest = text[len(prefix) :]
                if (
                    text.startswith(prefix)
                    and len(rest) >= 4
                    and (before_vowel or rest[0] not in VOWELS or len(rest) >= 5)
                ):
                    text = text[len(prefix) :]
                    forms.append(self.skeleton(text))
                    break
        for suffix in self.rules.optional_suffixes:
            if text.endswith(suffix) and len(text) - len(suffix) >= 4:
                forms.append(self.skeleton(text[: -len(suffix)]))
                break
        return forms

    def soft_equal(self, key_a: str, key_b: str) -> bool:
        """True when two skeletons differ only by one pair of `soft_equivalents` (d/z, ...)."""
        if len(key_a) != len(key_b) or not self.rules.soft_equivalents:
            return False
        diffs = [(x, y) for x, y in zip(key_a, key_b, strict=True) if x != y]
        return len(diffs) == 1 and frozenset(diffs[0]) in self.rules.soft_equivalents

    def affix_keys(self) -> frozenset[str]:
        """Skeletons of the pack's `derivational_affixes` (without vowel marks)."""
        found = self.memo.get("_affix_keys")
        if found is None:
            keys = {self.skeleton(a) for a in self.rules.derivational_affixes}
            found = self.memo["_affix_keys"] = frozenset(k.strip("aiu") for k in keys) - {""}
        return found  # type: ignore[return-value]

    def join_key(self, tokens: Iterable[NameToken]) -> str:
        """The skeleton of several words written as one ("Gholam Ali" ~ "Gholamali")."""
        return self.skeleton("".join(t.text for t in tokens))


def _hyphen_tail_length(original: str, n_words: int, particles: frozenset[str]) -> int:
    """How many trailing words form the surname: the hyphenated last word ("Kazemi-Nouri")
    counts as one surname of several words; otherwise the last word alone."""
    if n_words == 0:
        return 0
    raw = unicodedata.normalize("NFKC", original).split()
    pieces = [p for p in re.split(r"[-‐‑‒–—_]+", raw[-1]) if fold(p)] if raw else []
    count = len(pieces) if 1 <= len(pieces) <= n_words else 1
    if count > 1 and fold(pieces[0]) in particles and count < n_words:
        count += 1  # "Nur al-Hoda": the particle binds to the word before it
    return count


def _vowel_class(vowel: str) -> str:
    """The written vowel class: a, i (e and i), u (o and u)."""
    return "a" if vowel == "a" else ("u" if vowel in "ou" else "i")


def _slot_class(run: str) -> str:
    """The class of a medial vowel: a, i (e, i), o (a short o), u (a lone u: long, or a short
    vowel in Arabic-style spelling), U (ou, oo: a long u)."""
    if run in ("ou", "oo", "uu"):
        return "U"
    if run[0] == "u":
        return "u"
    return "a" if run[0] == "a" else ("o" if run[0] == "o" else "i")


def _is_glide(run: str) -> bool:
    """A vowel sequence written as a diphthong or glide (ei, ai, ae, ia, oe, ...), not a long
    vowel spelled twice (ee, oo, ou, aa)."""
    if len(run) < 2 or len(set(run)) == 1:
        return False
    if set(run) <= {"o", "u"} or run in ("ua", "uo", "oa", "au", "ao"):
        return False
    return "i" in run or "e" in run


_ARTICLES = frozenset({"the", "a", "an"})


def is_proper_name(name: str) -> bool:
    """Whether a person's alias is written as a name rather than a description ("the leader",
    "Iran's supreme leader"): capitalised words, short lower-case particles inside ("al-",
    "bin"), no digits, no possessive. Native-script words count as capitalised.

    Descriptions stay useful as aliases for look-up, but compared word by word they would read
    as conflicting given names.
    """
    words = name.split()
    if not words or any(ch.isdigit() for ch in name) or re.search(r"['’]s\b", name):
        return False
    for i, word in enumerate(words):
        first = next((ch for ch in word if ch.isalpha()), "")
        if not first or first.isupper() or not first.isascii():
            continue
        particle = re.split(r"[-'’]", word)[0].lower()  # "al-Assad", "ol-Hoda"
        if i == 0 or particle in _ARTICLES or len(particle) > 3:
            return False
    return True


PhoneticKey = Callable[[str], str]


def phonetic_keys(analyser: NameAnalyser) -> dict[str, PhoneticKey]:
    """Word keys to compare: this module's skeleton and jellyfish's standard codes."""
    return {
        "skeleton": analyser.skeleton,
        "nysiis": lambda w: jellyfish.nysiis(w) if w else "",
        "metaphone": lambda w: jellyfish.metaphone(w) if w else "",
        "soundex": lambda w: jellyfish.soundex(w) if w else "",
        "mra": lambda w: jellyfish.match_rating_codex(w) if w.isalpha() else w,
    }
