"""Who asserts a sentence: the outlet (None) or a source it reports ("according to five
people familiar with ...", "sources said", "Reuters reports", "..., the ministry said",
"reportedly").

Works per sentence: a statement extracted from a sentence carries that sentence's attribution.
Cues come from the pack's attribution lists; nothing here extracts facts.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from innercircle.extract.context import DocAnalysis
from innercircle.records import EntityType

ADVERBS = ("reportedly", "allegedly", "purportedly", "apparently")


def attribution_of(an: DocAnalysis, sent: Span) -> str | None:
    """The attribution phrase of a sentence, verbatim, or None when the outlet asserts it."""
    cached = an.attributions.get(sent.start)
    if cached is not None or sent.start in an.attributions:
        return cached
    result = _find(an, sent)
    an.attributions[sent.start] = result
    return result


def _find(an: DocAnalysis, sent: Span) -> str | None:
    text = sent.text
    m = re.search(r"\baccording to\b([^.;:—]*)", text, re.IGNORECASE)
    if m:
        phrase = ("according to" + m.group(1)).strip().rstrip(",")
        return phrase[:200]
    pack = an.pack
    sources = {w.casefold() for w in pack.source_nouns}
    verbs = {v.casefold() for v in pack.reporting_verbs}
    for tok in sent:
        if tok.lemma_.casefold() not in verbs or tok.pos_ not in ("VERB", "AUX"):
            continue
        if tok.dep_ not in ("ROOT", "conj", "parataxis", "ccomp", "advcl") and tok.i != sent.root.i:
            continue
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj:
            continue
        head = subj[0]
        if not _is_source(an, head, sources):
            continue
        lo = min(t.i for t in head.subtree)
        hi = max(t.i for t in head.subtree)
        start, end = min(lo, tok.i), max(hi, tok.i) + 1
        phrase = an.doc[start:end].text
        return phrase[:200]
    trailing = _trailing_source(an, sent, verbs)
    if trailing is not None:
        return trailing
    lowered = text.casefold()
    for adverb in ADVERBS:
        if re.search(rf"\b{adverb}\b", lowered):
            return adverb
    return None


def _trailing_source(an: DocAnalysis, sent: Span, verbs: set[str]) -> str | None:
    """ "X was killed on Monday, the Guard said": the speaker of a reporting verb that follows
    its unquoted reported clause ("the Guard said")."""
    if any(t.is_quote for t in sent):
        return None
    for tok in sent:
        if tok.lemma_.casefold() not in verbs or tok.pos_ != "VERB":
            continue
        reported = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis") and c.i < tok.i]
        subj = [c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i]
        if reported and subj and subj[0].i > reported[0].i:
            lo = min(t.i for t in subj[0].subtree)
            return an.doc[lo : tok.i + 1].text[:200]
    return None


def _is_source(an: DocAnalysis, head: object, sources: set[str]) -> bool:
    from spacy.tokens import Token

    assert isinstance(head, Token)
    if head.lemma_.casefold() in sources or head.lower_ in sources:
        return True
    m = an.outer_at(head.i)
    if m is not None and m.key is not None:
        inst = an.insts.get(m.key)
        if inst is not None and an.pack.institutions[inst].domain == "media":
            return True
        if an.key_type(m.key) == EntityType.ORGANIZATION and any(
            w in an.pack.media_nouns or w in ("news", "times", "post")
            for w in an.names.get(m.key, "").casefold().split()
        ):
            return True
    return False
