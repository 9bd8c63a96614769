"""Titles and honorifics before names ("Ayatollah", "Brig. Gen.", "Supreme Leader"): find them
so that they become context of a person, not part of the name.

Only the pack's title lists are used; this module does not decide what is a person.
"""

from __future__ import annotations

import re
from functools import lru_cache

from innercircle.packs import Pack


@lru_cache(maxsize=8)
def _title_regex(titles: tuple[str, ...]) -> re.Pattern[str]:
    alts = []
    for title in sorted(titles, key=len, reverse=True):
        words = [re.escape(w.rstrip(".")) for w in re.split(r"[\s]+", title) if w]
        if not words:
            continue
        alts.append(r"\.?[\s-]*".join(words) + r"\.?")
    return re.compile(r"(?:" + "|".join(alts) + r")(?=[\s]|$)", re.IGNORECASE)


_BY_PACK: dict[int, re.Pattern[str]] = {}


def title_regex(pack: Pack) -> re.Pattern[str]:
    """A regex matching one title of the pack at a position (case-insensitive)."""
    regex = _BY_PACK.get(id(pack))
    if regex is None:
        regex = _BY_PACK[id(pack)] = _title_regex(tuple(pack.titles.all()))
    return regex


def split_titles(text: str, pack: Pack) -> tuple[list[str], int]:
    """Leading titles of `text` and the offset where the name starts.

    A title is only taken when it is capitalized in the text and something follows it.
    """
    regex = title_regex(pack)
    titles: list[str] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        m = regex.match(text, pos)
        if not m or not text[pos : pos + 1].isupper():
            break
        rest = text[m.end() :].strip()
        if not rest:
            break
        titles.append(text[m.start() : m.end()].strip())
        pos = m.end()
    return titles, pos


def is_title(text: str, pack: Pack) -> bool:
    """Whether `text` is exactly one or more titles."""
    regex = title_regex(pack)
    pos = 0
    text = text.strip()
    matched = False
    while pos < len(text):
        while pos < len(text) and text[pos] == " ":
            pos += 1
        m = regex.match(text, pos)
        if not m:
            return False
        matched = True
        pos = m.end()
    return matched


def standalone_title(text: str, pack: Pack) -> str | None:
    """The standalone title (e.g. "Shah") that `text` is, if any."""
    folded = text.strip().casefold()
    for title in pack.titles.standalone:
        if title.casefold() == folded:
            return title
    return None
