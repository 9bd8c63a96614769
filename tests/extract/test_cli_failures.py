"""`innercircle extract` goes on when one document fails and exits non-zero with the count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innercircle.cli import app
from innercircle.extract import analysis, backend

pytestmark = pytest.mark.slow


def test_one_failing_document_does_not_stop_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Karim Talebi met officials in Tehran on Monday.\n")
    (folder / "b.txt").write_text("BOOM Omar Saleh travelled to Moscow on Friday.\n")
    real = analysis.analyse

    def flaky(doc, document, pack, extractor="x"):  # type: ignore[no-untyped-def]
        if "BOOM" in document.body:
            raise ValueError("broken document")
        return real(doc, document, pack, extractor)

    monkeypatch.setattr(backend, "analyse", flaky)
    out = tmp_path / "pred.json"
    result = CliRunner().invoke(
        app, ["extract", str(folder), "--format", "annotations", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "broken document" in result.output and "1 input(s) failed" in result.output
    data = json.loads(out.read_text())
    assert len(data["documents"]) == 1
