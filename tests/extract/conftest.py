"""Fixtures of the extract tests: one Extractor (spaCy model + iran pack) per test session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.extract.support import Result

from innercircle.extract.pipeline import Extractor
from innercircle.records import DateMethod, DateValue, Document


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default extractor; the model is loaded once for the whole session."""
    ex = Extractor()
    _ = ex.backend
    return ex


@pytest.fixture(scope="session")
def run(extractor: Extractor) -> Callable[..., Result]:
    """Extract an invented text, optionally with a publication date."""

    def _run(text: str, published: str | None = None) -> Result:
        date = DateValue(published, DateMethod.MANIFEST) if published else DateValue.unknown()
        doc = Document(id="test", body=text, published=date)
        return Result(doc, extractor.extract(doc))

    return _run
