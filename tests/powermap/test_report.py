"""Reports: every claim cites numbered sentences; HTML opens in a real browser with figures."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from innercircle.powermap.report import build_report, write_report
from innercircle.store.repository import Repository

from .conftest import World

CHROMIUM = "/usr/bin/chromium"


def test_markdown_report_cites_every_claim(world: World, repo: Repository, tmp_path: Path) -> None:
    report = build_report(repo, "Karim Vastani", at="2025-06-17")
    text = write_report(report, "md", tmp_path / "report.md")
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == text
    body, _, references = text.partition("## References")
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = re.findall(r"^(\d+)\. “", references, flags=re.MULTILINE)
    assert numbers and numbers == {int(n) for n in listed}
    assert "Hamid Sarraf" in body and "killed 2025-06-13" in body
    assert "hollowed out" in body and "emptied" in body
    assert body.count("data:image/png;base64,") == 2
    killed_rows = [line for line in body.splitlines() if line.startswith("| Hamid Sarraf |")]
    assert killed_rows and re.search(r"killed 2025-06-13 \[\d+\]", killed_rows[0])
    assert "Opposition Voice, 2025-06-21, grade D" in references


def test_html_report_is_self_contained(world: World, repo: Repository) -> None:
    html = write_report(build_report(repo, "karim-vastani", at="2025-06-17"), "html")
    assert html.count('src="data:image/png;base64,') == 2
    assert 'href="#ref-1"' in html and 'id="ref-1"' in html
    assert not re.search(r'src="(?!data:)', html)  # nothing loaded from elsewhere


def test_unknown_format_is_refused(world: World, repo: Repository) -> None:
    with pytest.raises(ValueError, match="format"):
        write_report(build_report(repo, "karim-vastani", at="2025-06-17"), "pdf")


@pytest.mark.browser
def test_html_report_renders_in_headless_chromium(
    world: World, repo: Repository, tmp_path: Path, artifacts_dir: Path
) -> None:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        if os.environ.get("INNERCIRCLE_REQUIRE_BROWSER"):
            pytest.fail(f"INNERCIRCLE_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    backend = repo.engine.url.get_backend_name()
    page = tmp_path / "report.html"
    write_report(build_report(repo, "karim-vastani", at="2025-06-17"), "html", page)
    shot = artifacts_dir / f"powermap-report-{backend}.png"
    shot.unlink(missing_ok=True)
    dom = subprocess.run(
        [CHROMIUM, *_flags(tmp_path / "profile-dom"), "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert 'id="references"' in dom and "Hamid Sarraf" in dom
    subprocess.run(
        [
            CHROMIUM,
            *_flags(tmp_path / "profile-shot"),
            "--window-size=1200,3800",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.is_file() and shot.stat().st_size > 50_000  # text, tables and two figures
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _flags(profile: Path) -> list[str]:
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ]
