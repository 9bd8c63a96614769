"""Publication-date parsing: metadata values and datelines written in the text.

`iso_date` turns a metadata value (front matter, manifest, HTML metadata) into a possibly partial
ISO date. `find_date` finds one full calendar date ("June 17, 2025", "17 June 2025",
"2025-06-17", "Monday, 02/05/2024") in a line; `dateline_date` accepts a line only when the date
is essentially all it says (a dateline, "Published: ...", a byline with a date) or when it opens
a wire dateline ("TEHRAN, June 17, 2025 (Reuters) -").

Numeric dates such as 02/05/2024 are read month-first unless that is impossible (a first number
above 12) or a weekday written next to the date says otherwise. Nothing here decides *which*
line is a dateline (that is position in the page, see `clean.py`) and nothing guesses a date
from relative wording.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH_KEYS = {name[:3]: num for name, num in _MONTHS.items()}
_MONTH_RX = (
    r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WD_RX = r"(?:(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_YEAR_RX = r"(?P<year>(?:19|20)\d{2})"
_DAY_RX = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(rf"\b{_YEAR_RX}-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b")),
    ("mdy", re.compile(rf"\b{_WD_RX}{_MONTH_RX}\s+{_DAY_RX},?\s+{_YEAR_RX}\b", re.I)),
    ("dmy", re.compile(rf"\b{_WD_RX}{_DAY_RX}\s+(?:of\s+)?{_MONTH_RX},?\s+{_YEAR_RX}\b", re.I)),
    (
        "numeric",
        re.compile(rf"\b{_WD_RX}(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.]{_YEAR_RX}\b", re.I),
    ),
)

_FILLER = re.compile(
    r"\b(?:published|updated|posted|last|modified|date|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|"
    r"irst|est|edt|cet|cest|bst|local|time)\b|\d{1,2}:\d{2}(?::\d{2})?|[|•·,:;()\[\]/–—-]",
    re.I,
)
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40},\s*")


@dataclass(frozen=True)
class DateMatch:
    """A calendar date found in a line: ISO value, the wording, its span in the line."""

    iso: str
    text: str
    start: int
    end: int


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_match(kind: str, m: re.Match[str]) -> dt.date | None:
    year = int(m.group("year"))
    if kind == "iso":
        return _valid(year, int(m.group("m")), int(m.group("d")))
    if kind in ("mdy", "dmy"):
        month = _MONTH_KEYS[m.group("mon").lower()[:3]]
        return _valid(year, month, int(m.group("day")))
    a, b = int(m.group("a")), int(m.group("b"))
    month_first = _valid(year, a, b)
    day_first = _valid(year, b, a)
    weekday = m.group("wd")
    if month_first and day_first and weekday:
        wanted = _WEEKDAYS.index(weekday.lower()[:3])
        if day_first.weekday() == wanted and month_first.weekday() != wanted:
            return day_first
    return month_first or day_first


def find_date(line: str) -> DateMatch | None:
    """The first full calendar date written in `line`, if any."""
    best: DateMatch | None = None
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(line):
            value = _from_match(kind, m)
            if value is None:
                continue
            found = DateMatch(value.isoformat(), m.group(0).strip(), m.start(), m.end())
            if best is None or found.start < best.start:
                best = found
            break
    return best


def dateline_date(line: str, max_other_words: int = 6) -> DateMatch | None:
    """The date of a dateline: a line that is a date plus at most a few other words.

    Accepts "Monday, 02/05/2024", "Published: June 17, 2025 10:12 GMT", "By Jane Roe | 17 June
    2025" and wire datelines "TEHRAN, June 17, 2025 (Reuters) - ..." (the date right after a
    capitalised place name). Rejects a sentence that merely mentions a date.
    """
    stripped = line.strip().strip("*_#> ").strip()
    found = find_date(stripped)
    if found is None:
        return None
    wire = _WIRE_DATELINE.match(stripped)
    if wire is not None and found.start == wire.end():
        return found
    rest = stripped[: found.start] + " " + stripped[found.end :]
    rest = _FILLER.sub(" ", rest)
    words = [w for w in rest.split() if any(c.isalnum() for c in w)]
    if len(words) <= max_other_words and not stripped.endswith((".", "?", "!")):
        return found
    return None


def iso_date(value: object) -> str | None:
    """A metadata value as a (possibly partial) ISO date, or None if it is not a date.

    Accepts date/datetime objects, "2025", "2025-06", "2025-06-17", ISO timestamps and written
    dates ("June 17, 2025").
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    m = re.fullmatch(r"((?:19|20)\d{2})(?:-([01]\d)(?:-([0-3]\d))?)?(?:[T ][\d:.+\-Z ]*)?", text)
    if m is not None:
        year, month, day = m.group(1), m.group(2), m.group(3)
        if month is None:
            return year
        if day is None:
            return f"{year}-{month}" if 1 <= int(month) <= 12 else None
        parsed = _valid(int(year), int(month), int(day))
        return parsed.isoformat() if parsed else None
    found = find_date(text)
    return found.iso if found is not None else None
