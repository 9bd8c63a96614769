"""Reading inputs: formats, front matter, and every kind of bad input as a per-item error."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from innercircle.corpus.errors import ItemError
from innercircle.corpus.readers import RawArticle, read_input
from innercircle.corpus.sources import InputRef, expand_paths

TEXT = "The foreign minister met his counterpart in the capital on Monday, officials said.\n"


def read(path: Path, **kwargs: int) -> list[RawArticle | ItemError]:
    return list(read_input(InputRef(str(path), path), **kwargs))


def only_error(path: Path, **kwargs: int) -> ItemError:
    found = read(path, **kwargs)
    assert len(found) == 1 and isinstance(found[0], ItemError), found
    return found[0]


def test_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: A title\npublished: 2024-05-20\noutlet: Wire\nauthor: Someone\n---\n" + TEXT,
        encoding="utf-8",
    )
    [raw] = read(path)
    assert isinstance(raw, RawArticle)
    assert raw.meta == {"title": "A title", "published": dt.date(2024, 5, 20), "outlet": "Wire"}
    assert raw.extra == {"author": "Someone"}
    assert raw.text == TEXT
    assert raw.first_line == 7


def test_bad_front_matter_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("---\ntitle: [unclosed\nurl: x\n---\n" + TEXT, encoding="utf-8")
    error = only_error(path)
    assert "front matter" in error.message and error.line is not None


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    assert only_error(path).message == "empty file"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.7\x00\x01\x02\x03" * 50)
    assert "binary" in only_error(path).message


def test_legacy_encoding_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = "Le président a été élu à Téhéran. Ça change peu de choses, disent les électeurs.\n"
    path.write_bytes((text * 3).encode("latin-1"))
    [raw] = read(path)
    assert isinstance(raw, RawArticle)
    assert raw.text is not None and raw.text.startswith("Le président a été élu à Téhéran.")
    assert raw.encoding == "cp1252"


def test_undetectable_encoding_fails_clearly(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(bytes(range(128, 256)) * 20)
    error = only_error(path)
    assert "not valid UTF-8" in error.message and "convert" in error.message


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(TEXT * 10, encoding="utf-8")
    error = only_error(path, max_bytes=100)
    assert "over the 100 bytes limit" in error.message


def test_jsonl_good_and_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": TEXT, "title": "One", "published": "2024-05-20", "tags": ["x"]}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"html": "<html><body><p>" + TEXT + "</p></body></html>", "url": "u"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = read(path)
    good = [f for f in found if isinstance(f, RawArticle)]
    bad = [f for f in found if isinstance(f, ItemError)]
    assert [g.line for g in good] == [1, 6]
    assert good[0].meta["title"] == "One" and good[0].extra == {"tags": ["x"]}
    assert good[1].html is not None and good[1].meta["url"] == "u"
    assert [(e.line, e.message.split(":")[0]) for e in bad] == [
        (2, "invalid JSON"),
        (3, "a JSONL line must be an object {...}"),
        (4, "record has no 'text' (or 'html') field"),
    ]
    assert str(bad[0]).startswith(f"{path}:2: invalid JSON")


def test_stdin_text_and_html() -> None:
    ref = InputRef("-", None)
    [raw] = read_input(ref, stdin=io.BytesIO(TEXT.encode()))
    assert isinstance(raw, RawArticle) and raw.text == TEXT
    [page] = read_input(ref, stdin=io.BytesIO(b"<html><body><p>x</p></body></html>"))
    assert isinstance(page, RawArticle) and page.format == "html"


def test_expand_paths_folders_globs_and_missing(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("a.txt", "sub/b.html", "sub/c.jsonl", "notes.csv", ".hidden/d.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    refs, errors = expand_paths([str(tmp_path), str(tmp_path / "sub" / "*.html"), "missing.txt"])
    names = [Path(r.source).name for r in refs]
    assert names == ["a.txt", "b.html", "c.jsonl"]  # no repeats, hidden and .csv skipped
    assert [e.message for e in errors] == ["no such file or folder"]
    _, errors = expand_paths([str(tmp_path / "notes.csv")])
    assert "unsupported file type" in errors[0].message


@pytest.mark.parametrize("suffix", [".htm", ".html"])
def test_html_file_is_read_as_html(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_text("<html><body><p>" + TEXT + "</p></body></html>", encoding="utf-8")
    [raw] = read(path)
    assert isinstance(raw, RawArticle) and raw.html is not None and raw.text is None
