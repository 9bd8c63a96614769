"""Partial ISO dates ("2025", "2025-06", "2025-06-17") as the power map compares them.

A partial date stands for a period; comparisons are done at the precision of the shorter
date, so "2025-06" is on or before "2025-06-17" and overlaps the range June 1–30. This module
also says which date methods describe the fact itself (a date written in or resolved from the
sentence) and which only stand in for it (the article's date). It reads nothing from the store.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from innercircle.records import DateMethod

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

FACT_DATE_METHODS: frozenset[str] = frozenset(
    {DateMethod.EXPLICIT, DateMethod.RELATIVE, DateMethod.YEAR, DateMethod.ANALYST}
)
"""Methods whose date belongs to the fact; any other date only bounds it (the article date)."""


def check_date(text: str, name: str = "date") -> str:
    """Return `text` stripped if it is an ISO date or partial date, else raise ValueError."""
    value = text.strip()
    match = _ISO.match(value)
    if match is None:
        raise ValueError(f"{name}: {text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"{name}: {text!r} has no month {month}")
    if day is not None and month is not None:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            raise ValueError(f"{name}: {text!r} has no day {day}")
    return value


def period_start(text: str) -> str:
    """The first day of the period a (partial) date names: "2025-06" → "2025-06-01"."""
    value = check_date(text)
    if len(value) == 4:
        return f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-01"
    return value


def period_end(text: str) -> str:
    """The last day of the period a (partial) date names: "2025-06" → "2025-06-30"."""
    value = check_date(text)
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value


def today() -> str:
    """Today's date in ISO form (the default 'as of')."""
    return date.today().isoformat()


def shift(day: str, days: int) -> str:
    """A full ISO date moved by `days` (partial dates are first taken at their start)."""
    return (date.fromisoformat(period_start(day)) + timedelta(days=days)).isoformat()


def on_or_before(value: str | None, at: str) -> bool:
    """Whether a (partial) date may lie on or before `at`; an unknown date never does."""
    if value is None:
        return False
    n = min(len(value), len(at))
    return value[:n] <= at[:n]


def before(value: str | None, at: str) -> bool:
    """Whether a (partial) date lies wholly before `at` (at the shorter precision)."""
    if value is None:
        return False
    n = min(len(value), len(at))
    return value[:n] < at[:n]


def in_range(value: str | None, start: str, end: str) -> bool:
    """Whether a (partial) date overlaps the closed range [start, end]."""
    if value is None:
        return False
    return on_or_before(value, end) and not before(value, start)


def compatible(a: str | None, b: str | None) -> bool:
    """Whether two dates can name the same day (equal, one refines the other, or one unknown)."""
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def later(a: str | None, b: str | None) -> bool:
    """Whether `a` lies wholly after `b` (both known)."""
    if a is None or b is None:
        return False
    n = min(len(a), len(b))
    return a[:n] > b[:n]
