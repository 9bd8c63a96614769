"""Direct quotations and their speakers.

Quotations are found on the text: curly (“…”) or straight ("…") double quotes, paired within a
paragraph; a paragraph that opens a quote without closing it continues into the next paragraph
when that one opens with a quote mark (the English multi-paragraph convention). Scare quotes
and quoted names (fewer than four words, or title-cased) are not quotations.

Curly single quotes (‘…’) count too when ’ is not an apostrophe between letters.

Speaker, in order:
1. after the quote: `"...," said X` / `"...," X said` (X a name or a pronoun);
1b. the subject of the speech verb later in the clause, resolved through compound roles,
   appositions and descriptors ("the minister added"); "ORG quoted X as saying", "according to X";
2. the noun the quote completes has a possessor: "the Supreme Leader's directive to “...”";
3. the nearest grammatical subject before the quote in its sentence ("X said, “...”",
   "He warned ..., adding, “...”"), pronouns resolved; "The statement warned “...”" gives
   the author of the previous quotation;
4. a quote standing alone continues the previous quotation (same or previous paragraph),
   else belongs to the subject of the previous sentence.
The quote's date is the date written in its attributing sentence, else the previous
quotation's when it continues it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from innercircle.extract.context import DocAnalysis, Ment, previous_sentence
from innercircle.extract.coref import (
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    antecedent,
)
from innercircle.extract.dates import find_dates
from innercircle.records import DateValue, EntityType, Quote, Span

OPENERS = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’"}
SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "state",
        "warn",
        "stress",
        "insist",
        "argue",
        "note",
        "write",
        "declare",
        "caution",
        "ask",
        "reply",
        "respond",
        "comment",
        "explain",
        "recall",
        "conclude",
        "continue",
        "claim",
        "assert",
        "announce",
        "urge",
        "vow",
        "threaten",
        "describe",
        "call",
        "label",
        "dismiss",
        "condemn",
        "accuse",
        "rail",
        "complain",
        "lament",
        "acknowledge",
        "admit",
        "emphasize",
        "emphasise",
        "affirm",
        "remark",
        "observe",
        "quip",
        "tweet",
        "post",
    ]
)
SAY_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "state",
        "warn",
        "stress",
        "insist",
        "argue",
        "note",
        "write",
        "declare",
        "ask",
        "reply",
        "respond",
        "comment",
        "explain",
        "continue",
        "claim",
        "recall",
        "conclude",
    ]
)
OBJECT_PRONOUNS = frozenset({"them", "him", "her", "me", "us", "it"})
STATEMENT_NOUNS = frozenset(
    {
        "statement",
        "communique",
        "communiqué",
        "announcement",
        "declaration",
        "release",
        "letter",
        "message",
        "report",
        "notice",
    }
)
POSSESSED_SPEECH = frozenset(
    {
        "directive",
        "order",
        "call",
        "words",
        "message",
        "pledge",
        "instruction",
        "instructions",
        "slogan",
        "decree",
        "fatwa",
        "motto",
        "demand",
        "warning",
        "vow",
        "promise",
        "remarks",
    }
)
MIN_WORDS = 4
SPEAKER_TYPES = (EntityType.PERSON, EntityType.ORGANIZATION, EntityType.GROUP, EntityType.COUNTRY)


@dataclass
class RawQuote:
    start: int  # char offsets of the text inside the marks
    end: int
    continued: bool = False  # continues the previous quotation (multi-paragraph)


def find_quotes(text: str) -> list[RawQuote]:
    """Quoted passages (inside the marks) of a text."""
    out: list[RawQuote] = []
    pos = 0
    n = len(text)
    pending_continue = False
    while pos < n:
        ch = text[pos]
        if ch not in OPENERS:
            pos += 1
            continue
        closer = OPENERS[ch]
        para_end = text.find("\n", pos)
        para_end = n if para_end < 0 else para_end
        close = text.find(closer, pos + 1, para_end)
        if ch == "‘":
            if pos > 0 and text[pos - 1].isalnum():
                pos += 1
                continue  # an apostrophe, not an opening mark
            close = _single_close(text, pos + 1, para_end)
        if close < 0 and ch == "‘":
            pos += 1
            continue  # a single mark never spans paragraphs
        if close < 0:
            # no closing mark in this paragraph: a multi-paragraph quote if the next
            # paragraph opens with a quote mark
            out.append(RawQuote(pos + 1, para_end, continued=pending_continue))
            nxt = para_end
            while nxt < n and text[nxt] in "\n \t":
                nxt += 1
            pending_continue = nxt < n and text[nxt] in OPENERS
            pos = para_end
            continue
        out.append(RawQuote(pos + 1, close, continued=pending_continue))
        pending_continue = False
        pos = close + 1
    return out


def _single_close(text: str, start: int, end: int) -> int:
    """The closing ’ of a curly single quotation: not an apostrophe between letters
    ("Iran’s")."""
    k = text.find("’", start, end)
    while k >= 0:
        nxt = text[k + 1] if k + 1 < len(text) else " "
        if not nxt.isalpha():
            return k
        k = text.find("’", k + 1, end)
    return -1


def is_quotation(text: str) -> bool:
    """Long enough and not a quoted name or title."""
    words = re.findall(r"[^\W\d_][\w’'\-]*", text)
    if len(words) < MIN_WORDS:
        return False
    content = [w for w in words if len(w) > 3]
    return not (content and all(w[:1].isupper() for w in content))


def extract_quotes(an: DocAnalysis, extractor: str) -> list[Quote]:
    """Quotations of the document with resolved speakers and dates."""
    doc = an.doc
    text = an.text
    raw = [q for q in find_quotes(text) if is_quotation(text[q.start : q.end])]
    spans = [(q.start, q.end) for q in raw]
    out: list[Quote] = []
    prev: Quote | None = None
    prev_end_tok = -1
    for q in raw:
        start, end = q.start, q.end
        while end > start and text[end - 1] in " \n\t":
            end -= 1
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or an.in_headline(span.start):
            continue
        speaker, how, conf = _speaker(an, span, spans, prev, prev_end_tok, q.continued)
        qdate = _date(an, span, spans)
        if not qdate.value and prev is not None and how == "continued" and prev.date.value:
            qdate = prev.date
        quote = Quote(
            span=Span(an.document.id, start, end, text[start:end]),
            speaker_key=speaker.key
            if speaker is not None
            else (prev.speaker_key if how == "continued" and prev is not None else None),
            date=qdate,
            extractor=extractor,
            confidence=conf,
        )
        out.append(quote)
        prev = quote
        prev_end_tok = span.end
    return out


def _inside(spans: list[tuple[int, int]], tok: Token) -> bool:
    return any(s <= tok.idx < e for s, e in spans)


def _speaker(
    an: DocAnalysis,
    span: SpacySpan,
    spans: list[tuple[int, int]],
    prev: Quote | None,
    prev_end_tok: int,
    continued: bool,
) -> tuple[Ment | None, str, float]:
    doc = an.doc
    if continued and prev is not None:
        return None, "continued", 0.7
    after = _after_quote(an, span.end) or _speech_after(an, span.end)
    if after is not None:
        return after, "after", 0.9
    sent = doc[span.start].sent
    quoted = _quoted_as_saying(an, span) or _according_to(an, sent, span.start, spans)
    if quoted is not None:
        return quoted, "quoted-as", 0.8
    owner = _possessed_speech(an, span, spans)
    if owner is not None:
        return owner, "possessor", 0.75
    before = _subject_before(an, sent, span.start, spans, prev)
    if before is not None:
        return before, "subject", 0.8
    actor = _actor_before_root(an, sent, span.start, spans)
    if actor is not None:
        return actor, "actor", 0.6
    if _statement_subject(an, sent, span.start, spans) and prev is not None:
        return None, "continued", 0.7
    if _stands_alone(an, sent, span, spans):
        prev_sent = _sentence_before(an, span)
        speaker = _speech_subject(an, prev_sent, spans) if prev_sent is not None else None
        if speaker is not None:
            return speaker, "previous-speech", 0.7
        if prev is not None and _near(an, prev_end_tok, span.start):
            return None, "continued", 0.7
        if prev_sent is not None:
            subj = _subject_before(an, prev_sent, prev_sent.end, spans, prev)
            if subj is not None:
                return subj, "previous-subject", 0.6
    return None, "none", 0.4


def _resolve(an: DocAnalysis, tok: Token) -> Ment | None:
    if tok.lower_ in PERSON_PRONOUNS | ORG_PRONOUNS | PLURAL_PRONOUNS:
        return antecedent(an, tok)
    m = an.outer_at(tok.i)
    if m is not None and an.key_type(m.key) in SPEAKER_TYPES:
        return m
    return None


def _after_quote(an: DocAnalysis, end_tok: int) -> Ment | None:
    """`"...," said X` or `"...," X said` right after the closing mark."""
    doc = an.doc
    i = end_tok
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space) and i - end_tok < 4:
        if "\n" in doc[i].text:
            return None
        i += 1
    if i >= len(doc):
        return None
    tok = doc[i]
    if tok.lemma_.casefold() in SAY_VERBS and tok.tag_ in ("VBD", "VBZ", "VBP"):
        if i + 1 < len(doc):
            j = i + 1
            while j < len(doc) and doc[j].pos_ == "DET":
                j += 1
            if j < len(doc) and doc[j].lower_ in OBJECT_PRONOUNS:
                return None
            m = _resolve(an, doc[j]) if j < len(doc) else None
            if m is None and j < len(doc):
                m = _first_mention(an, j, min(len(doc), j + 8))
            return m
        return None
    if tok.lower_ in OBJECT_PRONOUNS:
        return None
    m = _resolve(an, tok)
    if m is None:
        return None
    k = m.end if tok.lower_ not in PERSON_PRONOUNS | PLURAL_PRONOUNS else i + 1
    while k < len(doc) and doc[k].pos_ in ("ADV", "AUX"):
        k += 1
    if k < len(doc) and doc[k].lemma_.casefold() in SPEECH_VERBS:
        return m
    return None


def _speech_after(an: DocAnalysis, end_tok: int) -> Ment | None:
    """The subject of the speech verb that follows the quotation in its clause
    (`"...," Kremlin spokesman X told reporters`, `"...," X, the speaker, said`,
    `"...," the minister added`)."""
    doc = an.doc
    i = end_tok
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space) and i - end_tok < 4:
        if "\n" in doc[i].text:
            return None
        i += 1
    for j in range(i, min(len(doc), i + 16)):
        tok = doc[j]
        if tok.text in (".", "?", "!", ";") or "\n" in tok.text or tok.is_quote:
            return None
        if tok.pos_ != "VERB" or tok.lemma_.casefold() not in SPEECH_VERBS:
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ in OBJECT_PRONOUNS or subj.i < i:
            return None
        return _phrase_speaker(an, subj)
    return None


def _phrase_speaker(an: DocAnalysis, head: Token) -> Ment | None:
    """Who a subject phrase names: a person in it (compound role, apposition), else a pronoun's
    antecedent, else the latest person given that role ("the minister"), else an organisation."""
    toks = list(head.subtree)
    lo, hi = toks[0].i, toks[-1].i + 1
    inner = [
        m for m in an.ments if lo <= m.start and m.end <= hi and an.key_type(m.key) in SPEAKER_TYPES
    ]
    persons = [m for m in inner if an.key_type(m.key) == EntityType.PERSON]
    if persons:
        return persons[0]
    m = _resolve(an, head)
    if m is not None and an.key_type(m.key) != EntityType.COUNTRY:
        return m
    word = head.lemma_.casefold()
    if head.pos_ == "NOUN" and any(c.lower_ in ("the", "this") for c in head.children):
        holders = [
            key
            for start, role, key in an.posts
            if start < head.i and role.split()[-1] in (word, head.lower_)
        ]
        if holders:
            return next(m for m in an.ments if m.key == holders[-1])
    orgs = [m for m in inner if an.key_type(m.key) != EntityType.COUNTRY]
    return orgs[0] if orgs else None


def _quoted_as_saying(an: DocAnalysis, span: SpacySpan) -> Ment | None:
    """ "Reuters quoted X as saying “...”": X, not the outlet."""
    doc = an.doc
    i = span.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space or doc[i].text in (",", ":")):
        i -= 1
    if i < 2 or doc[i].lemma_.casefold() not in SPEECH_VERBS:
        return None
    if doc[i - 1].lower_ != "as":
        return None
    verb = doc[i - 1].head
    if verb.lemma_.casefold() not in ("quote", "cite"):
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return _phrase_speaker(an, obj) if obj is not None else None


def _according_to(
    an: DocAnalysis, sent: SpacySpan, limit: int, spans: list[tuple[int, int]]
) -> Ment | None:
    """ "According to X, “...”": X."""
    doc = an.doc
    for i in range(sent.start, min(limit, sent.end) - 1):
        if _inside(spans, doc[i]):
            continue
        if doc[i].lower_ == "according" and doc[i + 1].lower_ == "to":
            obj = next((c for c in doc[i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _phrase_speaker(an, obj)
    return None


def _first_mention(an: DocAnalysis, start: int, end: int) -> Ment | None:
    for i in range(start, end):
        m = _resolve(an, an.doc[i])
        if m is not None:
            return m
        if an.doc[i].text in (",", "."):
            break
    return None


def _possessed_speech(
    an: DocAnalysis, span: SpacySpan, spans: list[tuple[int, int]]
) -> Ment | None:
    """ "the Supreme Leader's directive to “...”": the possessor of a speech noun."""
    doc = an.doc
    i = span.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space):
        i -= 1
    if i < 1:
        return None
    tok = doc[i]
    if tok.lower_ in ("to", "that", "of", "for", ":"):
        i -= 1
    while i >= 0 and doc[i].pos_ in ("ADJ", "PUNCT") and not doc[i].is_quote:
        i -= 1
    if i < 0 or doc[i].lower_ not in POSSESSED_SPEECH:
        return None
    noun = doc[i]
    for child in noun.children:
        if child.dep_ == "poss":
            return _resolve(an, child)
    return None


def _subject_before(
    an: DocAnalysis, sent: SpacySpan, limit: int, spans: list[tuple[int, int]], prev: Quote | None
) -> Ment | None:
    """The nearest grammatical subject (or its apposition) before token `limit`."""
    doc = an.doc
    for i in range(min(limit, sent.end) - 1, sent.start - 1, -1):
        tok = doc[i]
        if "\n" in tok.text and i < limit - 1:
            break  # do not cross a paragraph break
        if _inside(spans, tok):
            continue
        subjectish = tok.dep_ in ("nsubj", "nsubjpass") or (
            tok.dep_ == "appos" and tok.head.dep_ in ("nsubj", "nsubjpass")
        )
        if not subjectish:
            continue
        m = _resolve(an, tok)
        if m is not None:
            return m
        if tok.lemma_.casefold() in STATEMENT_NOUNS and prev is not None:
            return None  # "The statement warned": handled by the caller
        for child in tok.children:  # "the head of the judiciary, X, said"
            if child.dep_ == "appos":
                m = _resolve(an, child)
                if m is not None:
                    return m
    return None


def _actor_before_root(
    an: DocAnalysis, sent: SpacySpan, limit: int, spans: list[tuple[int, int]]
) -> Ment | None:
    """When the parser found no subject: the person or organisation named last before the
    sentence's main verb ("..., the X Center, known as Y, issued a statement, labeling “...”")."""
    doc = an.doc
    root = sent.root
    if root.i >= limit or root.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
        return None
    for i in range(root.i - 1, sent.start - 1, -1):
        tok = doc[i]
        if _inside(spans, tok) and not tok.is_quote:
            continue
        m = _resolve(an, tok)
        if m is None or an.key_type(m.key) == EntityType.COUNTRY:
            continue
        if m.end < len(doc) and doc[m.end].text in ("'s", "’s"):
            continue
        return m
    return None


def _sentence_before(an: DocAnalysis, span: SpacySpan) -> SpacySpan | None:
    """The sentence that ends before the quotation's opening mark."""
    doc = an.doc
    i = span.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space or doc[i].is_punct):
        i -= 1
    if i < 0:
        return None
    sent = doc[i].sent
    if sent.start >= span.start:
        return previous_sentence(doc, sent)
    return sent


def _speech_subject(an: DocAnalysis, sent: SpacySpan, spans: list[tuple[int, int]]) -> Ment | None:
    """The subject of a verb of saying in `sent` (outside quotations)."""
    doc = an.doc
    for i in range(sent.end - 1, sent.start - 1, -1):
        tok = doc[i]
        if _inside(spans, tok) or tok.lemma_.casefold() not in SPEECH_VERBS:
            continue
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                m = _resolve(an, child)
                if m is None:
                    for sub in child.children:
                        if sub.dep_ == "appos":
                            m = _resolve(an, sub)
                if m is not None:
                    return m
    return None


def _statement_subject(
    an: DocAnalysis, sent: SpacySpan, limit: int, spans: list[tuple[int, int]]
) -> bool:
    doc = an.doc
    return any(
        doc[i].dep_ in ("nsubj", "nsubjpass") and doc[i].lemma_.casefold() in STATEMENT_NOUNS
        for i in range(sent.start, min(limit, sent.end))
        if not _inside(spans, doc[i])
    )


def _stands_alone(
    an: DocAnalysis, sent: SpacySpan, span: SpacySpan, spans: list[tuple[int, int]]
) -> bool:
    """No verb of the sentence lies outside the quotation."""
    doc = an.doc
    text = an.text
    para_start = text.rfind("\n", 0, span.start_char) + 1
    para_end = text.find("\n", span.end_char)
    para_end = len(text) if para_end < 0 else para_end
    for i in range(sent.start, sent.end):
        tok = doc[i]
        if _inside(spans, tok) or span.start <= i < span.end:
            continue
        if not para_start <= tok.idx < para_end:
            continue
        if tok.pos_ in ("VERB", "AUX"):
            return False
    return True


def _near(an: DocAnalysis, prev_end: int, start: int) -> bool:
    """The previous quotation ended at most two sentences (or one paragraph) earlier."""
    if prev_end < 0:
        return False
    doc = an.doc
    between = an.text[doc[prev_end - 1].idx : doc[start].idx] if prev_end > 0 else ""
    return len(re.findall(r"\n\s*", between)) <= 2 and len(between) < 400


def _date(an: DocAnalysis, span: SpacySpan, spans: list[tuple[int, int]]) -> DateValue:
    """The date written in the quote's sentence, outside the quotation."""
    doc = an.doc
    sent = doc[span.start].sent
    text = an.text
    for hit in find_dates(text[sent.start_char : sent.end_char], an.published, sent.start_char):
        if any(s <= hit.start < e for s, e in spans):
            continue
        if hit.value and not hit.open and len(hit.value) >= 10:
            return hit.date_value()
    return DateValue.unknown()
