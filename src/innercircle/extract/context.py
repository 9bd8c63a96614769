"""The working state of one document's extraction: the parsed spaCy doc, its mentions and
helpers shared by the rule modules (token look-ups, lines, headline detection, text folding).

Rule modules (mentions, coref, roles, relations, events, quotes) read and extend a
`DocAnalysis`; none of them touches files or the store. Nothing here is a rule about content.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from innercircle.packs import Pack
from innercircle.records import Document, EntityType
from innercircle.records import Span as RecordSpan

FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "as",
        "from",
        "into",
        "over",
        "under",
        "about",
        "after",
        "before",
        "but",
        "nor",
        "vs",
        "via",
        "de",
        "del",
        "al",
        "el",
        "la",
        "le",
        "du",
        "van",
        "von",
        "bin",
        "ibn",
    ]
)
APOSTROPHES = "'’ʼ`´"
POSSESSIVE = frozenset({"'s", "’s", "'", "’", "ʼs"})


def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and space-insensitive form used to compare names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    for ch in APOSTROPHES:
        text = text.replace(ch, "")
    text = re.sub(r"[-‐-―_.]", " ", text)
    return " ".join(text.split())


def strip_possessive(text: str) -> str:
    """Drop a trailing possessive ("Lastname's" -> "Lastname")."""
    return re.sub(r"[’'ʼ]s?$", "", text.strip())


@dataclass
class Ment:
    """A mention of an entity: a token span of the parsed document."""

    start: int
    end: int  # exclusive token index
    type: EntityType
    source: str  # ner | pack | coref | pattern | descriptor
    inst: str | None = None  # pack institution or country id
    key: str | None = None  # entity key once clustered
    kind: str = "name"  # name | descriptor | circle | office | position | title
    titles: tuple[str, ...] = ()
    owner: str | None = None  # entity key of the possessor (circle/office mentions)
    label: str | None = None  # display name for non-name mentions
    char_start: int | None = None  # overrides the token span's start (title stripping)

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]

    def text(self, doc: Doc) -> str:
        span = self.span(doc)
        if self.char_start is None:
            return str(span.text)
        return str(span.text[self.char_start - span.start_char :])

    def chars(self, doc: Doc) -> tuple[int, int]:
        span = self.span(doc)
        start = self.char_start if self.char_start is not None else span.start_char
        return start, span.end_char

    def overlaps(self, other: Ment) -> bool:
        return self.start < other.end and other.start < self.end

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end


@dataclass
class DocAnalysis:
    """One document being analysed."""

    doc: Doc
    document: Document
    pack: Pack
    published: date | None
    text: str = ""  # the document text (doc.text is rebuilt on every access)
    ments: list[Ment] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # entity key -> display name
    types: dict[str, EntityType] = field(default_factory=dict)  # entity key -> type
    aliases: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, list[str]] = field(default_factory=dict)
    insts: dict[str, str] = field(default_factory=dict)  # entity key -> pack id
    holders: dict[str, str] = field(default_factory=dict)  # "post|country" -> person key
    # any state office ("president|iran") -> its one current holder named in the document
    # (None when two persons are given it)
    office_holders: dict[str, str | None] = field(default_factory=dict)
    # (token, role word, person key) of every post attached to a named person, in text order
    posts: list[tuple[int, str, str]] = field(default_factory=list)
    main_country: str | None = None
    line_of: list[int] = field(default_factory=list)  # token index -> line number
    headline_lines: set[int] = field(default_factory=set)
    attributions: dict[int, str | None] = field(default_factory=dict)
    _by_token: dict[int, list[Ment]] | None = None

    lower: list[str] = field(default_factory=list)  # token.lower_ per token
    lemma: list[str] = field(default_factory=list)  # token.lemma_ (case-folded) per token
    pos: list[str] = field(default_factory=list)  # token.pos_ per token
    ent_index: dict[int, Span] | None = None  # token -> model entity

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.doc.text
        if not self.lower:
            self.lower = [t.lower_ for t in self.doc]
            self.lemma = [t.lemma_.casefold() for t in self.doc]
            self.pos = [t.pos_ for t in self.doc]

    # --- mentions -------------------------------------------------------------------------
    def index(self) -> None:
        """Rebuild the token -> mentions index after mentions changed."""
        by_token: dict[int, list[Ment]] = {}
        for m in self.ments:
            for i in range(m.start, m.end):
                by_token.setdefault(i, []).append(m)
        for lst in by_token.values():
            lst.sort(key=lambda m: (m.end - m.start, m.kind != "name"))
        self._by_token = by_token

    def at(self, i: int) -> Ment | None:
        """The smallest mention covering token i (names before descriptors)."""
        if self._by_token is None:
            self.index()
        assert self._by_token is not None
        found = self._by_token.get(i)
        return found[0] if found else None

    def all_at(self, i: int) -> list[Ment]:
        if self._by_token is None:
            self.index()
        assert self._by_token is not None
        return list(self._by_token.get(i, []))

    def outer_at(self, i: int) -> Ment | None:
        """The largest mention covering token i."""
        found = self.all_at(i)
        return found[-1] if found else None

    def in_range(self, start: int, end: int) -> list[Ment]:
        """Mentions inside tokens [start, end), in text order."""
        return sorted(
            (m for m in self.ments if m.start >= start and m.end <= end), key=lambda m: m.start
        )

    def key_type(self, key: str | None) -> EntityType | None:
        return self.types.get(key) if key else None

    def evidence(self, start: int, end: int, limit: int = 200) -> RecordSpan:
        """Verbatim evidence for tokens [start, end): their sentence when it fits in `limit`
        characters, else the tokens widened word by word up to `limit`."""
        doc = self.doc
        sent = doc[start].sent
        s_start, s_end = sent.start_char, sent.end_char
        text = self.text
        while s_end > s_start and text[s_end - 1].isspace():
            s_end -= 1
        if s_end - s_start <= limit and start >= sent.start and end <= sent.end:
            return RecordSpan(self.document.id, s_start, s_end, text[s_start:s_end])
        a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        if b - a > limit:
            b = a + limit
            cut = text.rfind(" ", a, b)
            b = cut if cut > a + limit // 2 else b
        lo, hi = start, end
        while True:
            grown = False
            if lo > sent.start and b - doc[lo - 1].idx <= limit:
                lo -= 1
                a = doc[lo].idx
                grown = True
            if hi < sent.end and doc[hi].idx + len(doc[hi].text) - a <= limit:
                b = doc[hi].idx + len(doc[hi].text)
                hi += 1
                grown = True
            if not grown:
                break
        return RecordSpan(self.document.id, a, b, text[a:b])

    def ensure_known(self, key: str) -> str:
        """Register a pack country or institution as an entity of this document (used when a
        tie points to one that is implied but not named, e.g. the country of a state office)."""
        if key in self.types:
            return key
        if key in self.pack.countries:
            self.types[key] = EntityType.COUNTRY
            self.names[key] = self.pack.countries[key].name
        elif key in self.pack.institutions:
            inst = self.pack.institutions[key]
            self.types[key] = inst.type
            self.names[key] = inst.name
            self.insts[key] = key
        self.aliases.setdefault(key, [])
        return key

    # --- tokens and lines -----------------------------------------------------------------
    def compute_lines(self) -> None:
        text = self.text
        line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        lines: list[int] = []
        li = 0
        for tok in self.doc:
            while li + 1 < len(line_starts) and line_starts[li + 1] <= tok.idx:
                li += 1
            lines.append(li)
        self.line_of = lines
        for n, start in enumerate(line_starts):
            end = line_starts[n + 1] - 1 if n + 1 < len(line_starts) else len(text)
            if is_headline(text[start:end]):
                self.headline_lines.add(n)

    def in_headline(self, i: int) -> bool:
        return bool(self.line_of) and self.line_of[i] in self.headline_lines

    def line_text(self, i: int) -> str:
        text = self.text
        tok = self.doc[i]
        start = text.rfind("\n", 0, tok.idx) + 1
        end = text.find("\n", tok.idx)
        return text[start : end if end >= 0 else len(text)]


def is_headline(line: str) -> bool:
    """A title-cased line of three or more words without final sentence punctuation."""
    line = line.strip().strip("*#").strip()
    if not line or line[-1] in ".:;\"”'’,":
        return False
    words = re.findall(r"[^\W\d_][\w’'\-]*", line)
    content = [w for w in words if w.casefold() not in FUNCTION_WORDS]
    if len(words) < 3 or len(content) < 2:
        return False
    capital = sum(1 for w in content if w[0].isupper())
    return capital / len(content) >= 0.8


def is_capitalized(tok: Token) -> bool:
    return bool(tok.text) and tok.text[0].isupper()


def sentence_of(doc: Doc, i: int) -> Span:
    return doc[i].sent


def previous_sentence(doc: Doc, sent: Span) -> Span | None:
    """The sentence before `sent`, skipping whitespace-only ones."""
    i = sent.start - 1
    while i >= 0:
        prev = doc[i].sent
        if any(not t.is_space and not t.is_punct for t in prev):
            return prev
        i = prev.start - 1
    return None
