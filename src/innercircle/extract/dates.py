"""Dates written in a sentence, resolved against the article's publication date.

Recognised: full dates ("October 7, 2023", "13 June 2025", "2025-06-13", "02/05/2024" read
month first), month and day without a year ("On October 25" -> the latest such day not after
publication), months ("in December", "in September last year", "June 2025"), weekdays ("on
Monday", "since Friday", "last Friday" -> the latest such day not after publication), relative
words ("yesterday", "last week", "last month", "last year", "three days ago"), years ("in
1989") and year lists ("in 1999, 2009 and 2022" -> three values). Each hit keeps its wording
and how it was resolved (DateMethod). Without a publication date relative expressions keep
their text and stay unresolved. A date after "before"/"after"/"prior to" is marked `open`:
it bounds an event instead of dating it. `post_period` reads the years of a tenure ("from 1997
to 2005", "since 2019", "until 2007"). Pure functions, no dateparser (too slow per sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from innercircle.records import DateMethod, DateValue

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3,
}  # fmt: skip
OPEN_WORDS = ("before", "after", "prior to", "until", "following", "ahead of")

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("numeric", re.compile(r"\b(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d{2})\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("dmy", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b")),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?(?:19|20)\d{{2}})(?![\d:])")),
    ("dm", re.compile(rf"\b{_DAY}\s+{_MONTH}\b(?!,?\s*(?:19|20)\d{{2}})")),
    ("my", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    ("month_rel", re.compile(rf"\b{_MONTH}\s+(?P<rel>last|this|next)\s+year\b")),
    (
        "in_month",
        re.compile(rf"\b(?P<prep>[Ii]n|[Ss]ince|[Ll]ast|[Ee]arly|[Ll]ate|[Mm]id-?)\s+{_MONTH}\b"),
    ),
    ("weekday_last_week", re.compile(rf"\b{_WEEKDAY}(?:\s+of)?\s+last\s+week\b")),
    (
        "weekday",
        re.compile(
            rf"\b(?P<rel>last\s+|this\s+coming\s+|this\s+|on\s+|since\s+|next\s+|coming\s+)?"
            rf"{_WEEKDAY}\b(?!\s+prayers?)"
        ),
    ),
    (
        "yesterday",
        re.compile(
            r"\b(?P<word>yesterday|tomorrow|today|tonight|this morning|this week|last week"
            r"|last month"
            r"|this month|last year|this year|earlier this year|earlier this month"
            r"|earlier this week)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)"
            r"\s+(?P<unit>day|week|month|year)s?\s+ago\b",
            re.IGNORECASE,
        ),
    ),
    (
        "years",
        re.compile(
            r"\b(?P<prep>in|since|by|until|from|during|of|before|after|between|and|the"
            r"|in early|in late|in mid-?)\s+"
            r"(?P<list>(?:1[89]|20)\d{2}"
            r"(?:(?:\s*,\s*|\s*,?\s+and\s+|\s*-\s*|\s+to\s+)(?:1[89]|20)\d{2})*)\b"
            r"(?!-year|\s*(?:people|men|members|troops|km|miles|dollars))",
            re.IGNORECASE,
        ),
    ),
]


@dataclass
class DateHit:
    """One date expression found in a text."""

    start: int  # character offsets in the document
    end: int
    text: str
    value: str | None
    method: DateMethod
    values: list[str] = field(default_factory=list)  # several years/dates ("1999, 2009, 2022")
    open: bool = False  # "before the 1979 revolution": a bound, not the event's date

    def date_value(self, value: str | None = None) -> DateValue:
        return DateValue(value if value is not None else self.value, self.method, self.text)


def _latest(published: date, month: int, day: int) -> date | None:
    """The latest month/day not after the publication date (two days of slack)."""
    for year in (published.year, published.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published + timedelta(days=2):
            return candidate
    return None


def _valid(year: int, month: int, day: int) -> bool:
    """Whether year-month-day is a real calendar day ("February 30" is not)."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _weekday(published: date, weekday: int, strictly_before: bool) -> date:
    delta = (published.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return published - timedelta(days=delta)


def _resolve(
    kind: str, m: re.Match[str], published: date | None
) -> tuple[str | None, DateMethod, list[str]]:
    g = m.groupdict()
    if kind == "iso":
        if not _valid(int(g["year"]), int(g["month"]), int(g["day"])):
            return None, DateMethod.UNKNOWN, []
        return f"{g['year']}-{g['month']}-{g['day']}", DateMethod.EXPLICIT, []
    if kind == "numeric":
        a, b = int(g["a"]), int(g["b"])
        month, day = (a, b) if a <= 12 else (b, a)
        if not _valid(int(g["year"]), month, day):
            return None, DateMethod.UNKNOWN, []
        return f"{g['year']}-{month:02d}-{day:02d}", DateMethod.EXPLICIT, []
    month = MONTHS.get((g.get("month") or "").casefold().rstrip("."), 0)
    if kind in ("mdy", "dmy"):
        if not _valid(int(g["year"]), month, int(g["day"])):
            return None, DateMethod.UNKNOWN, []
        return f"{g['year']}-{month:02d}-{int(g['day']):02d}", DateMethod.EXPLICIT, []
    if kind == "my":
        return f"{g['year']}-{month:02d}", DateMethod.YEAR, []
    if kind in ("md", "dm"):
        if not _valid(2000, month, int(g["day"])):  # 2000: a leap year
            return None, DateMethod.EXPLICIT, []
        if published is None:
            return None, DateMethod.UNKNOWN, []
        found = _latest(published, month, int(g["day"]))
        return (found.isoformat() if found else None), DateMethod.RELATIVE, []
    if kind == "month_rel":
        if published is None:
            return None, DateMethod.UNKNOWN, []
        year = published.year + {"last": -1, "this": 0, "next": 1}[g["rel"].casefold()]
        return f"{year}-{month:02d}", DateMethod.RELATIVE, []
    if kind == "in_month":
        if published is None:
            return None, DateMethod.UNKNOWN, []
        year = published.year if month <= published.month else published.year - 1
        return f"{year}-{month:02d}", DateMethod.RELATIVE, []
    if kind == "weekday_last_week":  # "Sunday last week": that day of the previous week
        if published is None:
            return None, DateMethod.UNKNOWN, []
        monday = published - timedelta(days=published.weekday() + 7)
        when = monday + timedelta(days=WEEKDAYS[g["weekday"].casefold()])
        return when.isoformat(), DateMethod.RELATIVE, []
    if kind == "weekday":
        if published is None:
            return None, DateMethod.UNKNOWN, []
        rel = (g.get("rel") or "").strip().casefold()
        day = WEEKDAYS[g["weekday"].casefold()]
        if rel.startswith(("next", "coming", "this coming")):  # the first such day after
            ahead = (day - published.weekday()) % 7 or 7
            return (published + timedelta(days=ahead)).isoformat(), DateMethod.RELATIVE, []
        when = _weekday(published, day, rel == "last")
        return when.isoformat(), DateMethod.RELATIVE, []
    if kind == "yesterday":
        if published is None:
            return None, DateMethod.UNKNOWN, []
        word = g["word"].casefold()
        if word == "yesterday":
            return (published - timedelta(days=1)).isoformat(), DateMethod.RELATIVE, []
        if word == "tomorrow":
            return (published + timedelta(days=1)).isoformat(), DateMethod.RELATIVE, []
        if word in ("today", "tonight", "this morning"):
            return published.isoformat(), DateMethod.RELATIVE, []
        if word == "last week":
            return (published - timedelta(days=7)).isoformat(), DateMethod.RELATIVE, []
        if word in ("this week", "earlier this week"):
            return published.isoformat(), DateMethod.RELATIVE, []
        if word == "last month":
            prev = published.replace(day=1) - timedelta(days=1)
            return f"{prev.year}-{prev.month:02d}", DateMethod.RELATIVE, []
        if word in ("this month", "earlier this month"):
            return f"{published.year}-{published.month:02d}", DateMethod.RELATIVE, []
        if word == "last year":
            return str(published.year - 1), DateMethod.RELATIVE, []
        return str(published.year), DateMethod.RELATIVE, []
    if kind == "ago":
        if published is None:
            return None, DateMethod.UNKNOWN, []
        n_text = g["n"].casefold()
        n = int(n_text) if n_text.isdigit() else NUMBERS.get(n_text, 1)
        unit = g["unit"].casefold()
        if unit == "day":
            return (published - timedelta(days=n)).isoformat(), DateMethod.RELATIVE, []
        if unit == "week":
            return (published - timedelta(weeks=n)).isoformat(), DateMethod.RELATIVE, []
        if unit == "month":
            y, mth = published.year, published.month - n
            while mth <= 0:
                y, mth = y - 1, mth + 12
            return f"{y}-{mth:02d}", DateMethod.RELATIVE, []
        return str(published.year - n), DateMethod.RELATIVE, []
    if kind == "years":
        years = re.findall(r"(?:1[89]|20)\d{2}", g["list"])
        if re.search(r"\d\s*-\s*\d|\sto\s", g["list"]):
            years = years[:1]  # a range: its start
        return years[0], DateMethod.YEAR, years
    return None, DateMethod.UNKNOWN, []


def find_dates(text: str, published: date | None, offset: int = 0) -> list[DateHit]:
    """Date expressions in `text` (offsets shifted by `offset`), longest match first."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    for kind, regex in PATTERNS:
        for m in regex.finditer(text):
            s, e = m.span()
            if kind == "years":
                s = m.start("list")
                if m.group("prep").casefold() in ("and", "the") and not re.match(
                    r"\s*(?:revolution|election|elections|protests|uprising|war|attack)",
                    text[e:],
                ):
                    continue
            if kind == "md" and g_is_modal_may(m, text):
                continue
            if any(s < te and ts < e for ts, te in taken):
                continue
            value, method, values = _resolve(kind, m, published)
            taken.append((s, e))
            if value is None and (
                kind in ("iso", "numeric", "mdy", "dmy") or method == DateMethod.EXPLICIT
            ):
                continue  # not a calendar day ("February 30, 2024"): no date at all
            is_open = _is_open(text, s)
            hits.append(
                DateHit(offset + s, offset + e, text[s:e], value, method, values or [], is_open)
            )
    hits.sort(key=lambda h: h.start)
    hits = _drop_named_weekdays(hits, text, offset)
    return _counted_back(hits, text, published, offset, taken)


_AFTER = re.compile(
    r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)"
    r"\s+(?P<unit>day|week)s?\s+after\b",
    re.IGNORECASE,
)


def _counted_back(
    hits: list[DateHit],
    text: str,
    published: date | None,
    offset: int,
    taken: list[tuple[int, int]],
) -> list[DateHit]:
    """ "X died on September 16, three days after she was arrested": what follows "after"
    happened that long before the day written earlier in the text (else the publication)."""
    out = list(hits)
    for m in _AFTER.finditer(text):
        s, e = m.span()
        if any(s < te and ts < e for ts, te in taken):
            continue
        before = [h for h in hits if h.end - offset <= s and h.value and len(h.value) == 10]
        anchor = date.fromisoformat(before[-1].value) if before and before[-1].value else published
        if anchor is None:
            continue
        n_text = m.group("n").casefold()
        n = int(n_text) if n_text.isdigit() else NUMBERS.get(n_text, 1)
        days = n * (7 if m.group("unit").casefold() == "week" else 1)
        value = (anchor - timedelta(days=days)).isoformat()
        out.append(DateHit(offset + s, offset + e, text[s:e], value, DateMethod.RELATIVE))
    out.sort(key=lambda h: h.start)
    return out


def _drop_named_weekdays(hits: list[DateHit], text: str, offset: int) -> list[DateHit]:
    """ "Saturday morning, October 26": the weekday only names the date that follows it."""
    out: list[DateHit] = []
    for n, hit in enumerate(hits):
        nxt = hits[n + 1] if n + 1 < len(hits) else None
        if (
            nxt is not None
            and re.fullmatch(
                r"\s*(?:morning|afternoon|evening|night)?\s*,?\s*",
                text[hit.end - offset : nxt.start - offset],
            )
            and re.fullmatch(rf"(?:\w+\s+)?{_WEEKDAY}", hit.text)
        ):
            continue
        out.append(hit)
    return out


def g_is_modal_may(m: re.Match[str], text: str) -> bool:
    """ "may 5" in lower case is not a date (the month needs its capital)."""
    month = m.groupdict().get("month") or ""
    return month[:1].islower()


def _is_open(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].casefold()
    words = before.split()
    tail = " ".join(words[-4:])
    return any(re.search(rf"\b{w}\b(?:\s+\w+){{0,3}}\s*$", tail) for w in OPEN_WORDS)


PERIOD_YEAR = r"(?:19|20)\d{2}"
PERIOD_PATTERNS = (  # (pattern, has start, has end); the first that matches wins
    (
        rf"\b(?:from|in)\s+({PERIOD_YEAR})\s*(?:to|until|till|through|-|–|—)\s*({PERIOD_YEAR})\b",
        True,
        True,
    ),
    (rf"\bbetween\s+({PERIOD_YEAR})\s+and\s+({PERIOD_YEAR})\b", True, True),
    (rf"\(?\b({PERIOD_YEAR})\s*[-–]\s*({PERIOD_YEAR})\b\)?", True, True),
    (rf"\b(?:since|from)\s+({PERIOD_YEAR})\b", True, False),
    (rf"\b(?:until|till)\s+({PERIOD_YEAR})\b", False, True),
)


def post_period(text: str) -> tuple[str | None, str | None, int]:
    """(start year, end year, where the period phrase begins) of the first period phrase in
    `text` ("from 1997 to 2005", "since 2019", "until 2007", "1981-1997"); (None, None, -1)."""
    for pattern, has_start, has_end in PERIOD_PATTERNS:
        m = re.search(pattern, text)
        if m is None:
            continue
        groups = list(m.groups())
        start = groups.pop(0) if has_start else None
        end = groups.pop(0) if has_end else None
        return start, end, m.start()
    return None, None, -1
