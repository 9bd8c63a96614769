"""Clean a web capture into article text, keeping every removed line (pure, no I/O).

Works line by line on plain text (a .txt/.md file, or the text trafilatura got from HTML) and
never rewrites a kept line, so quotes, spacing and offsets inside the body stay verbatim.
What it removes, in this order:

1. lines matched by the data rules of `rules.py` (counters, disclaimers, photo credits, promo,
   share widgets, time stamps);
2. the tail: everything from a "Related articles" / "Comments" / "More News" / app header on,
   and an appended story introduced by a teaser time stamp ("time3 hours ago") or an agency
   line followed by one; then trailing short fragments with no sentence punctuation;
3. captions: lines repeated in the page, lines next to a photo credit or ending in "|", and
   non-sentence lines that end with a date ("... in Tehran on February 5, 2024");
4. the head (lines before the first paragraph): the headline (kept as the title), lines above it
   (site logo, current-date bar, breadcrumbs, image descriptions), and below it datelines
   (kept as the publication-date evidence) and short section labels; bylines stay;
5. pull quotes: a paragraph repeated almost word for word elsewhere (the copy that is not in
   quotation marks, or the earlier one, goes).

Dateline rule: only a date standing on its own line (or with a byline / "Published") *below* the
headline and above the first paragraph counts, or a wire dateline opening the first paragraph
("TEHRAN, June 17, 2025 (Reuters) -"). A date line above the headline is the site's current-date
bar and is never taken as the publication date.

It does not parse HTML, decide dates from metadata, or detect near-duplicate documents.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from innercircle.corpus.dates import DateMatch, dateline_date, find_date
from innercircle.corpus.rules import (
    AGENCY_LINE,
    BYLINE_CUES,
    LINE_RULES,
    STOPWORDS,
    TAIL_MARKERS,
    TIMESTAMP_LINE,
    LineRule,
    TailMarker,
)
from innercircle.records import RemovedBlock

_TERMINAL = (".", "!", "?", "…", '"', "”", "’", "'", ")", "»")
_QUOTES_OPEN = ('"', "“", "«", "'", "‘", "„")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MARKDOWN = re.compile(r"^[#>*_\s]+|[*_\s]+$")

_CREDIT_RULES = frozenset({"photo-credit", "agency-credit"})

PULL_QUOTE_SIMILARITY = 0.8
_MAX_POSTINGS = 25
"""Dice similarity of content words above which two paragraphs count as the same text."""


@dataclass(frozen=True)
class Cleaned:
    """The result of cleaning one text."""

    body: str
    removed: list[RemovedBlock]
    title: str | None  # the headline found in the text (or the given title)
    dateline: DateMatch | None  # a dateline near the headline, if any
    dateline_line: int | None  # its 1-based line in the input
    machine_translated: bool  # the page says it was machine-translated


@dataclass
class _Mark:
    kind: str
    rule: str


def _words(line: str) -> int:
    return len(line.split())


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•–]|\d{1,2}[.)])[ \t]+\S")


def _is_prose(line: str) -> bool:
    """A sentence-like paragraph: ends like a sentence, or is long."""
    text = line.strip().rstrip("*_ ")
    n = _words(text)
    return (n >= 5 and text.endswith(_TERMINAL)) or n >= 40


def norm_line(line: str) -> str:
    """A line folded for comparison (markdown marks, quote styles, case, spacing)."""
    text = _MARKDOWN.sub("", line)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.casefold().split()).rstrip(" .:")


def content_words(text: str) -> list[str]:
    """Lower-cased content words cut to five letters (a crude, language-blind stem)."""
    return [
        w[:5]
        for w in (t.casefold() for t in _WORD.findall(text))
        if len(w) > 2 and w not in STOPWORDS
    ]


def _rule_for(line: str, rules: Sequence[LineRule], in_head: bool) -> LineRule | None:
    stripped = line.strip()
    if not stripped:
        return None
    bare = _MARKDOWN.sub("", stripped)
    for rule in rules:
        if rule.head_only and not in_head:
            continue
        if len(stripped) > rule.max_chars:
            continue
        if rule.match == "full":
            hit = rule.pattern.fullmatch(bare)
        else:
            hit = rule.pattern.search(stripped)
        if hit:
            return rule
    return None


def _tail_marker(line: str, markers: Sequence[TailMarker]) -> TailMarker | None:
    probe = _MARKDOWN.sub("", line.strip()).rstrip(" :")
    if not probe or _words(probe) > 12:
        return None
    for marker in markers:
        if marker.pattern.fullmatch(probe):
            return marker
    return None


class _Page:
    """Mutable working state while cleaning one text."""

    def __init__(self, text: str, rules: Sequence[LineRule], markers: Sequence[TailMarker]):
        raw = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lines = [line.rstrip() for line in raw.split("\n")]
        self.marks: list[_Mark | None] = [None] * len(self.lines)
        self.rules = rules
        self.markers = markers
        self.machine_translated = False

    def mark(self, i: int, kind: str, rule: str, force: bool = False) -> None:
        if force or self.marks[i] is None:
            self.marks[i] = _Mark(kind, rule)

    def live(self, i: int) -> bool:
        return self.marks[i] is None and bool(self.lines[i].strip())

    def prev_live(self, i: int) -> int | None:
        j = i - 1
        while j >= 0 and not self.lines[j].strip():
            j -= 1
        return j if j >= 0 and self.marks[j] is None else None

    def next_nonempty(self, i: int) -> int | None:
        j = i + 1
        while j < len(self.lines) and not self.lines[j].strip():
            j += 1
        return j if j < len(self.lines) else None

    def first_prose(self) -> int | None:
        for i, line in enumerate(self.lines):
            if self.live(i) and (_is_prose(line) or self._opens_list(i)):
                return i
        return None

    def _opens_list(self, i: int) -> bool:
        """A sentence ending in a colon with a bulleted or numbered list under it ("The dead
        are:") is prose, not a caption above the article."""
        if _words(self.lines[i]) < 5 or not self.lines[i].rstrip().endswith(":"):
            return False
        for line in self.lines[i + 1 :]:
            if line.strip():
                return _LIST_ITEM.match(line) is not None
        return False


def clean_text(
    text: str,
    title: str | None = None,
    first_line: int | None = 1,
    rules: Sequence[LineRule] = LINE_RULES,
    markers: Sequence[TailMarker] = TAIL_MARKERS,
) -> Cleaned:
    """Split `text` into article body and removed blocks; find the headline and a dateline.

    `title` (from front matter, a manifest or HTML metadata) helps find the headline;
    `first_line` is the input line number of the text's first line (after front matter), or
    None when lines of `text` are not lines of the input (text extracted from HTML or JSON).
    """
    page = _Page(text, rules, markers)
    _apply_line_rules(page, head_end=None)
    start = page.first_prose()
    if start is not None:
        _apply_line_rules(page, head_end=start)
        start = page.first_prose()
    found_title = title
    dateline: tuple[DateMatch, int] | None = None
    if start is not None:
        _cut_tail(page, start)
        _strip_trailing_fragments(page, start)
        headline = _find_headline(page, start, title)
        if headline is not None and not title:
            found_title = _MARKDOWN.sub("", page.lines[headline]).strip()
        _mark_captions(page, start, found_title, headline)
        dateline = _classify_head(page, start, headline, found_title)
        if dateline is None:
            wire = dateline_date(page.lines[start], max_other_words=-1)
            if wire is not None:
                dateline = (wire, start)
        _mark_pull_quotes(page, start)
    body = _body(page)
    return Cleaned(
        body=body,
        removed=_blocks(page, first_line),
        title=found_title,
        dateline=dateline[0] if dateline else None,
        dateline_line=dateline[1] + first_line if dateline and first_line is not None else None,
        machine_translated=page.machine_translated,
    )


def _apply_line_rules(page: _Page, head_end: int | None) -> None:
    """Rules for any position (head_end None) or the head-only rules (lines before head_end)."""
    for i, line in enumerate(page.lines):
        if not page.live(i):
            continue
        if head_end is None:
            rule = _rule_for(line, [r for r in page.rules if not r.head_only], in_head=False)
        elif i < head_end:
            rule = _rule_for(line, [r for r in page.rules if r.head_only], in_head=True)
        else:
            break
        if rule is not None:
            page.mark(i, rule.kind, rule.name)
            page.machine_translated |= rule.machine_translation


def _cut_tail(page: _Page, start: int) -> None:
    """Remove everything after the first tail header or appended-story time stamp."""
    prose_seen = 0
    for i in range(start + 1, len(page.lines)):
        line = page.lines[i]
        if page.marks[i] is None and _is_prose(line):
            prose_seen += 1
        marker = _tail_marker(line, page.markers)
        if marker is not None:
            _mark_tail(page, i, marker.kind, marker.name)
            return
        if prose_seen >= 2 and _opens_appended_story(page, i):
            begin = i
            j = i - 1
            while j > start and not (page.marks[j] is None and _is_prose(page.lines[j])):
                begin = j
                j -= 1
            _mark_tail(page, begin, "related", "appended-story")
            return


def _opens_appended_story(page: _Page, i: int) -> bool:
    line = page.lines[i].strip()
    if not line:
        return False
    if TIMESTAMP_LINE.fullmatch(line):
        return True
    if AGENCY_LINE.fullmatch(line):
        j: int | None = i
        for _ in range(3):
            j = page.next_nonempty(j) if j is not None else None
            if j is not None and TIMESTAMP_LINE.fullmatch(page.lines[j].strip()):
                return True
    return False


def _mark_tail(page: _Page, begin: int, kind: str, rule: str) -> None:
    for i in range(begin, len(page.lines)):
        marker = _tail_marker(page.lines[i], page.markers) if i > begin else None
        if marker is not None:
            kind, rule = marker.kind, marker.name
        page.mark(i, kind, rule, force=True)


def _strip_trailing_fragments(page: _Page, start: int) -> None:
    """Short non-sentence lines left at the end of the page (widgets, image alt text)."""
    i = len(page.lines) - 1
    while i > start:
        line = page.lines[i]
        if page.live(i):
            if _is_prose(line) or _words(line) > 8:
                return
            page.mark(i, "widget", "trailing-fragment")
        i -= 1


def _ends_with_date(line: str) -> bool:
    found = find_date(line)
    return found is not None and len(line.rstrip(" .|")) - found.end <= 1


def _mark_captions(page: _Page, start: int, title: str | None, headline: int | None) -> None:
    lines = page.lines
    title_key = norm_line(title) if title else None
    counts = Counter(norm_line(line) for i, line in enumerate(lines) if page.live(i))
    for i, line in enumerate(lines):
        key = norm_line(line)
        if (
            page.live(i)
            and i != headline
            and counts[key] > 1
            and _words(line) >= 4
            and not _is_prose(line)
            and key != title_key
            and dateline_date(line) is None
        ):
            page.mark(i, "caption", "repeated-line")
    for i, line in enumerate(lines):
        mark = page.marks[i]
        if mark is not None and mark.rule in _CREDIT_RULES:
            j = page.prev_live(i)
            if j is not None and j >= start and not _is_prose(lines[j]) and _words(lines[j]) <= 12:
                page.mark(j, "caption", "caption-above-credit")
        stripped = line.strip()
        if page.live(i) and stripped.endswith("|"):
            page.mark(i, "caption", "caption-pipe")
            k = page.next_nonempty(i)
            if k is not None and page.live(k) and not _is_prose(lines[k]) and _words(lines[k]) <= 8:
                page.mark(k, "caption", "caption-credit")
    for i in range(start, len(lines)):
        line = lines[i]
        if (
            page.live(i)
            and not _is_prose(line)
            and _words(line) >= 6
            and _ends_with_date(line)
            and dateline_date(line) is None
        ):
            page.mark(i, "caption", "dated-caption")


def _find_headline(page: _Page, start: int, title: str | None) -> int | None:
    if title:
        key = norm_line(title)
        for i in range(start):
            if page.live(i) and norm_line(page.lines[i]) == key:
                return i
        for i in range(start):  # "Title | Outlet", "Title - Outlet"
            if page.live(i):
                line_key = norm_line(page.lines[i])
                if line_key.startswith(key) and _words(line_key[len(key) :]) <= 5:
                    return i
        return None
    counts = Counter(norm_line(page.lines[i]) for i in range(len(page.lines)) if page.live(i))
    candidates = [
        i
        for i in range(start)
        if page.live(i)
        and 2 <= _words(page.lines[i]) <= 30
        and find_date(page.lines[i]) is None
        and counts[norm_line(page.lines[i])] == 1
    ]
    for i in candidates:  # a markdown heading is the headline
        if page.lines[i].lstrip().startswith("#"):
            return i
    return candidates[0] if candidates else None


def _classify_head(
    page: _Page, start: int, headline: int | None, title: str | None
) -> tuple[DateMatch, int] | None:
    title_key = norm_line(title) if title else None
    dateline: tuple[DateMatch, int] | None = None
    for i in range(start):
        line = page.lines[i]
        if not page.live(i):
            continue
        key = norm_line(line)
        above = headline is not None and i < headline
        if i == headline or (title_key and key == title_key):
            page.mark(i, "title", "headline")
        elif above:
            if dateline_date(line) is not None:
                page.mark(i, "header", "date-bar")
            elif title_key and title_key in key:
                page.mark(i, "navigation", "breadcrumb")
            elif _words(line) >= 6:
                page.mark(i, "caption", "caption-above-headline")
            else:
                page.mark(i, "header", "masthead")
        else:
            found = dateline_date(line)
            if found is not None:
                page.mark(i, "dateline", "dateline")
                if dateline is None:
                    dateline = (found, i)
            elif BYLINE_CUES.search(line):
                continue
            elif _words(line) >= 6:
                page.mark(i, "caption", "caption-in-head")
            else:
                page.mark(i, "header", "section-label")
    return dateline


def _is_quoted(line: str) -> bool:
    return line.strip().lstrip("*_ ").startswith(_QUOTES_OPEN)


def _mark_pull_quotes(page: _Page, start: int) -> None:
    """Paragraphs repeated almost word for word: drop the unquoted (or the earlier) copy."""
    bags: dict[int, set[str]] = {}
    for i in range(start, len(page.lines)):
        if page.live(i):
            bag = set(content_words(page.lines[i]))
            if len(bag) >= 8:
                bags[i] = bag
    frequency: Counter[str] = Counter(w for bag in bags.values() for w in bag)
    keys = {
        i: [w for w in sorted(bag, key=lambda w: (frequency[w], w))[:3] if frequency[w] > 1]
        for i, bag in bags.items()
    }
    index: defaultdict[str, list[int]] = defaultdict(list)
    for i, key_words in keys.items():
        for word in key_words:
            index[word].append(i)
    seen: set[tuple[int, int]] = set()
    for i, bag in bags.items():
        for word in keys[i]:
            postings = index[word]
            if len(postings) > _MAX_POSTINGS:  # too common to pick out a repeated paragraph
                continue
            for j in postings:
                if j <= i or (i, j) in seen:
                    continue
                seen.add((i, j))
                other = bags[j]
                dice = 2 * len(bag & other) / (len(bag) + len(other))
                if dice < PULL_QUOTE_SIMILARITY:
                    continue
                drop = i
                if _is_quoted(page.lines[i]) and not _is_quoted(page.lines[j]):
                    drop = j
                if page.marks[i] is None and page.marks[j] is None:
                    page.mark(drop, "pull_quote", "repeated-paragraph")


def _body(page: _Page) -> str:
    kept: list[str] = []
    for i, line in enumerate(page.lines):
        if page.marks[i] is not None:
            continue
        if not line.strip():
            if kept and kept[-1] != "":
                kept.append("")
            continue
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept)


def _blocks(page: _Page, first_line: int | None) -> list[RemovedBlock]:
    """Consecutive removed lines of one kind become one block (blank lines between allowed)."""
    blocks: list[RemovedBlock] = []
    kind: str | None = None
    texts: list[str] = []
    rules: list[str] = []
    line_no: int | None = None

    def flush() -> None:
        if kind is not None and texts:
            blocks.append(RemovedBlock(kind, "\n".join(texts), line=line_no, rule="+".join(rules)))

    for i, line in enumerate(page.lines):
        mark = page.marks[i]
        if mark is None:
            if line.strip():
                flush()
                kind, texts, rules, line_no = None, [], [], None
            continue
        if not line.strip():
            continue
        if mark.kind != kind:
            flush()
            line_no = i + first_line if first_line is not None else None
            kind, texts, rules = mark.kind, [], []
        texts.append(line)
        if mark.rule not in rules:
            rules.append(mark.rule)
    flush()
    return blocks
