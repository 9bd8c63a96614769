"""The Extractor interface: batching, order, backends, verbatim spans."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from innercircle.extract.backend import ExtractionBackend, SpacyBackend
from innercircle.extract.pipeline import Extractor
from innercircle.records import DateMethod, DateValue, Document, Extraction

TEXTS = [
    "Hezbollah leader Hassan Nasrallah was killed in an Israeli airstrike on Friday.",
    "Guard commander Hossein Salami said, “We will respond to any aggression at once.”",
    "",
    "Iraqi Prime Minister Mohammed Shia al-Sudani met Iranian officials in Baghdad.",
]


def _docs() -> list[Document]:
    return [
        Document(id=f"d{n}", body=text, published=DateValue("2024-09-30", DateMethod.MANIFEST))
        for n, text in enumerate(TEXTS)
    ]


class FakeBackend:
    """A backend without any model: one empty Extraction per document."""

    name = "fake"

    def extract_many(
        self, docs: Iterable[Document], n_process: int = 1, batch_size: int = 16
    ) -> Iterator[Extraction]:
        for doc in docs:
            yield Extraction(doc_id=doc.id, extractor=self.name)


def test_any_backend_can_be_plugged_in() -> None:
    backend = FakeBackend()
    assert isinstance(backend, ExtractionBackend)
    extractor = Extractor(backend=backend)
    assert extractor.name == "fake"
    assert [x.doc_id for x in extractor.extract_many(_docs())] == ["d0", "d1", "d2", "d3"]


@pytest.mark.slow
def test_batches_keep_order_and_match_single_extraction(extractor: Extractor) -> None:
    docs = _docs()
    batch = list(extractor.extract_many(docs, batch_size=2))
    assert [x.doc_id for x in batch] == [d.id for d in docs]
    single = extractor.extract(docs[0])
    assert [e.name for e in single.entities] == [e.name for e in batch[0].entities]
    assert batch[2].entities == [] and batch[2].statements == []
    assert isinstance(extractor.backend, SpacyBackend)
    assert batch[0].extractor == extractor.name


@pytest.mark.slow
def test_every_span_is_verbatim_and_carries_its_extractor(extractor: Extractor) -> None:
    for doc, ext in zip(_docs(), extractor.extract_many(_docs()), strict=True):
        for m in ext.mentions:
            assert doc.body[m.span.start : m.span.end] == m.span.text
        for s in ext.statements:
            assert doc.body[s.evidence.start : s.evidence.end] == s.evidence.text
            assert s.extractor == ext.extractor and 0 < s.confidence <= 1
            assert s.reported_at.value == "2024-09-30"
        for q in ext.quotes:
            assert doc.body[q.span.start : q.span.end] == q.text
        keys = {e.key for e in ext.entities}
        assert all(m.entity_key in keys for m in ext.mentions)
        assert all(s.subject_key in keys for s in ext.statements)


@pytest.mark.slow
def test_two_processes_give_the_same_result(extractor: Extractor) -> None:
    one = [[e.name for e in x.entities] for x in extractor.extract_many(_docs())]
    two = [[e.name for e in x.entities] for x in extractor.extract_many(_docs(), n_process=2)]
    assert one == two
