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
    index: dict[tuple[str, ...], tuple[str, str]] = {}
    for inst in pack.institutions.values():
        forms = [("inst", f) for f in [inst.name, *inst.variants]]
        forms += [("generic", f) for f in inst.generic]
        forms += [("unit", f) for f in inst.unit_words]
        for kind, form in forms:
            words = _words(form)
            if len(words) >= 2:
                index.setdefault(tuple(stem(w) for w in words), (kind, inst.id))
    return index


def fuzzy_institutions(doc: Doc, pack: Pack) -> list[FuzzyHit]:
    """Token runs of `doc` whose stem key equals a pack institution name's (longest first at
    each start; a run starts and ends on a word)."""
    index = _index(pack)
    if not index:
        return []
    lengths = sorted({len(k) for k in index}, reverse=True)
    hits: list[FuzzyHit] = []
    n = len(doc)
    i = 0
    while i < n:
        if not _wordlike(doc[i].text) or doc[i].lower_ in SKIP_WORDS:
            i += 1
            continue
        found: FuzzyHit | None = None
        for size in lengths:
            stems: list[str] = []
            j = i
            while j < n and len(stems) < size and j - i < size + MAX_EXTRA:
                tok = doc[j]
                if "\n" in tok.text:
                    break
                if _wordlike(tok.text) and tok.lower_ not in SKIP_WORDS:  # "Corp." too
                    stems.append(stem(tok.text))
                elif not (tok.is_punct and tok.text in "-–'’"):
                    break
                j += 1
            match = index.get(tuple(stems)) if len(stems) == size else None
            if match and (match[0] != "inst" or _capitalised(doc, i, j)):
                found = FuzzyHit(i, j, match[0], match[1])
                break
        if found is not None:
            hits.append(found)
            i = found.end
        else:
            i += 1
    return hits
