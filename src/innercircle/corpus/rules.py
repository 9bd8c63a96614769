"""Cleaning rules for web captures, kept as data: what a boilerplate line looks like.

Each `LineRule` names a kind of non-article text (counter, disclaimer, photo credit, promo,
navigation ...) and a regular expression matched against one stripped line. `TAIL_MARKERS` are
headers after which a page holds no more article text (related articles, comments, "More News").
`WIRE_AGENCIES` helps spot credit lines and the agency line that introduces an appended story.

The rules are English and general web chrome; they name no outlet-specific story and no person.
How the rules are applied (position in the page, captions, pull quotes) lives in `clean.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LineRule:
    """A pattern for one kind of boilerplate line.

    `match` is "full" (the whole stripped line must match) or "search" (anywhere in the line).
    `head_only` rules apply only before the first article paragraph. `max_chars` guards against
    removing a long article paragraph that happens to contain the pattern.
    """

    name: str
    kind: str
    pattern: re.Pattern[str]
    match: str = "full"
    head_only: bool = False
    max_chars: int = 300
    machine_translation: bool = False  # the page says its text was machine-translated


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_UNIT = r"(?:views?|reads?|reactions?|likes?|shares?|comments?|comment\(s\)|replies)"
_COUNT = r"[\d.,]+\s*[km]?\s*" + _UNIT
_TIME_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)"

WIRE_AGENCIES: tuple[str, ...] = (
    "Reuters",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "AFP-JIJI",
    "EPA",
    "EPA-EFE",
    "Getty Images",
    "Getty",
    "Anadolu",
    "Anadolu Agency",
    "Kyodo",
    "Kyodo News",
    "NHK",
    "Xinhua",
    "dpa",
    "ANSA",
    "UPI",
    "BETA",
    "Tanjug",
    "TASS",
    "RIA Novosti",
    "WANA",
    "IRNA",
    "ISNA",
    "Tasnim",
    "Fars",
    "Mehr",
    "Bloomberg",
    "Yonhap",
    "PTI",
    "Shutterstock",
    "Alamy",
)
"""News and photo agencies (credit lines, agency lines of appended stories)."""

_AGENCY_ALT = "|".join(re.escape(a) for a in sorted(WIRE_AGENCIES, key=len, reverse=True))

LINE_RULES: tuple[LineRule, ...] = (
    LineRule("counter", "counter", _rx(rf"{_COUNT}(?:\s*[,·|•]?\s*{_COUNT})*")),
    LineRule(
        "reading-time",
        "counter",
        _rx(r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ]min(?:ute)?s?\.?\s+read"),
    ),
    LineRule(
        "time-ago",
        "timestamp",
        re.compile(
            rf"(?:[Tt]ime)?\s*(?:[A-Z][\w.&'’-]*\s?){{0,5}}\d+\s*(?i:{_TIME_UNIT})\s+(?i:ago)\.?"
        ),
    ),
    LineRule(
        "machine-translation-disclaimer",
        "disclaimer",
        _rx(
            r"(?=.*\btranslat)(?=.*\b(?:AI|machine|automatic\w*|google)\b)"
            r"(?=.*\b(?:disclaimer|accura\w*|errors?|mistakes?|may|might|responsib\w*|quality)\b)"
            r"(?:disclaimer\s*:\s*|note\s*:\s*|\(|\[)?(?:this|the|these|our)\b.{0,240}"
        ),
        max_chars=250,
        machine_translation=True,
    ),
    LineRule("disclaimer", "disclaimer", _rx(r"disclaimer\s*:.*"), max_chars=400),
    LineRule(
        "views-disclaimer",
        "disclaimer",
        _rx(
            r"(?:the )?views (?:and opinions )?expressed (?:in this (?:article|piece|op-?ed) )?are "
            r"(?:those of the author|the author'?s own).*"
        ),
    ),
    LineRule(
        "media-embed", "media", _rx(r"(?:bonus|watch|related|featured)?\s*(?:video|audio)\s*:?")
    ),
    LineRule("media-watch", "media", _rx(r"(?:watch|listen)(?: the)?(?: video| audio| now)?\s*:")),
    LineRule(
        "photo-credit",
        "caption",
        _rx(
            r"(?:photo|photos|photograph|foto|image|images|picture|pic|credit|photo credit|"
            r"illustration|file photo)\s*(?:by|:)\s*\S.{0,80}"
        ),
        max_chars=120,
    ),
    LineRule(
        "inline-photo-credit",
        "caption",
        _rx(r"[,;|–—-]\s*(?:photo|foto|image|picture|credit)\s*:\s*[^.!?]{1,60}$"),
        match="search",
        max_chars=250,
    ),
    LineRule(
        "agency-credit",
        "caption",
        re.compile(
            rf"(?:(?:{_AGENCY_ALT})\s*/\s*\S.{{0,60}}|[A-Z0-9 .,&'’()-]{{2,40}}\s*/\s*(?:VIA\s+)?"
            rf"[A-Z0-9 .,&'’()/-]{{2,40}})"
        ),
        max_chars=100,
    ),
    LineRule("logo", "widget", _rx(r"(?:site\s+)?logo")),
    LineRule(
        "advertisement", "promo", _rx(r"(?:advertisement|advertising|sponsored(?: content)?|ad)")
    ),
    LineRule(
        "share-widget",
        "widget",
        _rx(
            r"(?:share(?: this)?(?: article| story| on \w+)?|tweet|print|e-?mail|copy link|"
            r"save(?: article)?|listen to (?:this )?article|font size|a\+?\s*a-?|"
            r"follow us(?: on .{0,40})?|click here\b.{0,80}|subscribe\b.{0,80}|sign up\b.{0,80}|"
            r"no comments yet\.*|be the first to comment\.*|"
            r"your email address will not be published\..*)"
        ),
        max_chars=160,
    ),
    LineRule(
        "app-promo",
        "promo",
        _rx(
            r".{0,40}\b(?:download|get|install) (?:the|our) (?:free )?app\b.{0,160}|"
            r"app-?store\s*(?:play-?store)?|google play|get it on google play|"
            r"download on the app store|(?:try|explore|discover) (?:our|what) .{0,40}"
            r"(?:features?|can do for you)\s*:?"
        ),
        max_chars=240,
    ),
    LineRule(
        "breadcrumb",
        "navigation",
        re.compile(r"Home(?:\s*[›>»/|]\s*|(?=[A-Z]))\S.*"),
        head_only=True,
    ),
    LineRule(
        "tags", "navigation", _rx(r"(?:tags?|topics?|filed under|categories)\s*:.*"), max_chars=200
    ),
)
"""Line rules in the order they are tried; the first match wins."""


@dataclass(frozen=True)
class TailMarker:
    """A header after which the rest of the page is not article text."""

    name: str
    kind: str
    pattern: re.Pattern[str]


TAIL_MARKERS: tuple[TailMarker, ...] = (
    TailMarker(
        "related-header",
        "related",
        _rx(
            r"(?:related(?: articles?| stories| news| coverage| posts| content| reading| topics)?|"
            r"read (?:more|also|next)|see also|also read|"
            r"you (?:may|might) (?:also )?(?:like|enjoy)|"
            r"recommended(?: for you| stories| articles)?|most (?:read|popular|viewed|shared)|"
            r"trending(?: now| stories| news)?|top stories|editor'?s picks|what to read next|"
            r"further reading|latest (?:news|stories|articles)|in other news|"
            r"more (?:on|about) this.{0,30})"
        ),
    ),
    TailMarker(
        "more-news-header", "more_news", _rx(r"more (?:news|stories|from [\w .&'’-]{1,40})")
    ),
    TailMarker(
        "comments-header",
        "comments",
        _rx(
            r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?|leave a (?:reply|comment)|add (?:a|your) comment|"
            r"post a comment|join the (?:conversation|discussion)|show comments|"
            r"\d+\s+responses?(?: to .{1,80})?"
        ),
    ),
    TailMarker(
        "app-header",
        "promo",
        _rx(r"(?:download (?:the|our) app|get (?:the|our) app|install (?:the|our) app)"),
    ),
    TailMarker(
        "newsletter-header", "promo", _rx(r"(?:sign up for|subscribe to) (?:our|the) newsletter.*")
    ),
)
"""Tried on lines (markdown `#`/`*` and a trailing colon stripped) after the first paragraph."""

TIMESTAMP_LINE = _rx(
    rf"(?:•\s*)?(?:time)?\s*\d+\s*{_TIME_UNIT}\s+ago\.?|"
    rf"by [^|]{{1,80}}\s[-–—]\s*\d+\s*{_TIME_UNIT}\s+ago.*"
)
"""A time stamp that opens a teaser of another story ("time3 hours ago", "By X - 6 minutes ago")."""

AGENCY_LINE = re.compile(rf"(?:[•·*-]\s*)?(?:{_AGENCY_ALT})(?: News| Agency| Newsroom)?\s*", re.I)
"""A line that is only an agency name: the source line of an appended story."""

BYLINE_CUES = _rx(
    r"^by\s+\S|\b(?:newsroom|staff|correspondent|reporter|editor|desk|contributor|columnist|"
    r"bureau|writes? for)\b"
)
"""Byline lines near the headline are kept in the body (an author is article text)."""

_STOPWORD_TEXT = """a about above after again against all also am an and any are as at be
    because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself yourselves said says
    say according one two three also however although though since per via"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())
"""English function words ignored when comparing wording (near-duplicates, pull quotes)."""
