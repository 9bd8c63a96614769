"""Near matches of the pack's institution names: spelling and translation variants the exact
rulers miss ("Islamic Revolution Guards Corp" for "Islamic Revolutionary Guard Corps",
"Organisation"/"Organization", "Defense"/"Defence").

Each name of two words or more is reduced to a key of word stems (case, accents, "the",
punctuation, plural -s, -ary/-ory endings and British/American spellings folded); a run of
tokens of the document with the same key is the institution. Only whole names are compared, in
their word order, so a key never matches a shorter or reordered phrase; a full name must be
written capitalised (generic and unit words need not be). It does not decide
whether a match is kept (mentions.py does that, as for exact matches) and reads no files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from innercircle.packs import Pack

SKIP_WORDS = frozenset({"the"})
SUFFIXES = ("ary", "ory", "s")  # revolutionary -> revolution, guards -> guard, corps -> corp
MAX_EXTRA = 2  # tokens a document run may have beyond the name's words (skipped words, dashes)


@dataclass(frozen=True)
class FuzzyHit:
    start: int
    end: int
    kind: str  # inst | generic | unit, as the pack ruler labels
    id: str


def stem(word: str) -> str:
    """A folded word stem for comparing institution names."""
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c)).casefold()
    word = word.strip(".'’")
    word = re.sub(r"is(ation|e|ed|ing)$", r"iz\1", word)
    word = re.sub(r"ense$", "ence", word)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _wordlike(text: str) -> bool:
    return text.rstrip(".").isalpha()


def _capitalised(doc: Doc, start: int, end: int) -> bool:
    """A proper name: its words (but "the"/"of"-like ones) start with a capital."""
    return all(t.text[:1].isupper() for t in doc[start:end] if _wordlike(t.text) and len(t) > 3)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_]+", text) if w.casefold() not in SKIP_WORDS]


def _index(pack: Pack) -> dict[tuple[str, ...], tuple[str, str]]:
    forms: list[tuple[str, str, str]] = []
    for inst in pack.institutions.values():
        forms += [("inst", inst.id, f) for f in [inst.name, *inst.variants]]
        forms += [("generic", inst.id, f) for f in inst.generic]
        forms += [("unit", inst.id, f) for f in inst.unit_words]
    return _index_of(tuple(forms))


@lru_cache(maxsize=8)
def _index_of(forms: tuple[tuple[str, str, str], ...]) -> dict[tuple[str, ...], tuple[str, str]]:
    """Stem keys of the names (built once per pack content)."""
    index: dict[tuple[str, ...], tuple[str, str]] = {}
    for kind, inst_id, form in forms:
        words = _words(form)
        if len(words) >= 2:
            index.setdefault(tuple(stem(w) for w in words), (kind, inst_id))
    return index


def fuzzy_institutions(doc: Doc, pack: Pack) -> list[FuzzyHit]:
    """Token runs of `doc` whose stem key equals a pack institution name's (longest first at
    each start; a run starts and ends on a word)."""
    index = _index(pack)
    if not index:
        return []
    firsts = {key[0] for key in index}
    lengths = sorted({len(k) for k in index}, reverse=True)
    n = len(doc)
    # one stem per word token (None for others); "the" is skipped inside a run
    seen: dict[str, str | None] = {}
    stems: list[str | None] = []
    for t in doc:
        if t.text not in seen:
            seen[t.text] = stem(t.text) if _wordlike(t.text) else None
        stems.append(seen[t.text])
    hits: list[FuzzyHit] = []
    i = 0
    while i < n:
        if stems[i] not in firsts or doc[i].lower_ in SKIP_WORDS:
            i += 1
            continue
        found: FuzzyHit | None = None
        for size in lengths:
            run: list[str] = []
            j = i
            while j < n and len(run) < size and j - i < size + MAX_EXTRA:
                tok = doc[j]
                word = stems[j]
                if "\n" in tok.text:
                    break
                if word is not None and tok.lower_ not in SKIP_WORDS:
                    run.append(word)
                elif not (tok.is_punct and tok.text in "-–'’") and tok.lower_ not in SKIP_WORDS:
                    break
                j += 1
            match = index.get(tuple(run)) if len(run) == size else None
            if match and (match[0] != "inst" or _capitalised(doc, i, j)):
                found = FuzzyHit(i, j, match[0], match[1])
                break
        if found is not None:
            hits.append(found)
            i = found.end
        else:
            i += 1
    return hits
