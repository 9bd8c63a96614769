"""collect_documents: the corpus stage without a database (for `extract --format annotations`)."""

from __future__ import annotations

from pathlib import Path

from innercircle.corpus.collect import collect_documents
from innercircle.records import DateMethod


def test_development_articles(shared_dir: Path) -> None:
    result = collect_documents([str(shared_dir / "data" / "articles")])
    assert result.errors == []
    by_name = {Path(d.source_path or "").name[:3]: d for d in result.documents}
    assert sorted(by_name) == ["000", "001", "002", "003", "004"]
    assert by_name["000"].duplicate_of == by_name["001"].id
    assert by_name["000"].duplicate_score is not None and by_name["000"].duplicate_score >= 0.5
    assert [k for k, d in by_name.items() if d.duplicate_of] == ["000"]
    for doc in result.documents:  # dates come from the folder's manifest
        assert doc.published.method is DateMethod.MANIFEST
    assert by_name["004"].published.value == "2024-02-05"
    assert by_name["000"].metadata.get("machine_translated") is True


def test_repeated_text_is_collected_once(tmp_path: Path) -> None:
    text = "The council met on Monday and agreed on a budget, an official said.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    result = collect_documents([str(tmp_path)])
    assert len(result.documents) == 1
    assert result.repeats == [str(tmp_path / "b.txt")]


def test_explicit_manifest_fills_missing_fields(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "---\noutlet: Own outlet\n---\nThe council met on Monday, an official said.\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "file,url,outlet,published,title,language\n"
        "articles/a.txt,https://example.org/a,Sheet outlet,2024-03-01,Council meets,en\n",
        encoding="utf-8",
    )
    [doc] = collect_documents([str(folder)], manifest=sheet).documents
    assert doc.outlet == "Own outlet"  # the file's own value wins
    assert doc.url == "https://example.org/a" and doc.language == "en"
    assert doc.title == "Council meets"
    assert (doc.published.value, doc.published.method) == ("2024-03-01", DateMethod.MANIFEST)


def test_sample_corpus_has_one_translation_pair() -> None:
    folder = Path(__file__).resolve().parents[2] / "examples" / "articles"
    result = collect_documents([str(folder)])
    assert result.errors == [] and 8 <= len(result.documents) <= 12
    names = {d.id: Path(d.source_path or "").name for d in result.documents}
    links = {names[d.id]: names[d.duplicate_of] for d in result.documents if d.duplicate_of}
    assert links == {"06-raisi-crash-translated.md": "05-raisi-crash.md"}
    for doc in result.documents:
        assert doc.published.method is DateMethod.FRONT_MATTER
        assert 150 <= len(doc.body.split()) <= 350


def test_broken_folder_manifest_is_an_error_but_articles_go_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council met on Monday, an official said.\n", "utf-8")
    (tmp_path / "manifest.csv").write_text("name,published\na.txt,2024-01-01\n", "utf-8")
    result = collect_documents([str(tmp_path)])
    assert len(result.documents) == 1
    assert result.documents[0].published.method is DateMethod.UNKNOWN
    [error] = result.errors
    assert error.source.endswith("manifest.csv") and "no 'file' column" in error.message
