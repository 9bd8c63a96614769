"""End to end in headless Chromium: log in, open the graph, click a node, see its evidence, and
check that a `<script>` inside an article never runs. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_support import SCRIPT, seed

from innercircle.store.repository import Repository
from innercircle.web import WebSettings, create_app
from innercircle.web.auth_store import AuthStore, Role
from innercircle.web.server import BackgroundServer

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("INNERCIRCLE_REQUIRE_BROWSER"):
        pytest.fail(f"INNERCIRCLE_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The real app on a seeded SQLite store, served on a free loopback port."""
    _require_browser()
    repo = Repository.open(str(tmp_path / "browser.db"))
    seed(repo)
    _, token = AuthStore(repo.engine).create_token("browser test", Role.ANALYST)
    settings = WebSettings(default_leader="ali-khamenei", default_at="2025-06-20")
    with BackgroundServer(create_app(repo, settings)) as url:
        yield url, token
    repo.close()


@pytest.fixture
def page(server: tuple[str, str]) -> Iterator[Any]:
    try:
        import playwright.sync_api as playwright_api
    except ImportError:
        if os.environ.get("INNERCIRCLE_REQUIRE_BROWSER"):
            pytest.fail("INNERCIRCLE_REQUIRE_BROWSER is set but playwright is not installed")
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        yield tab
        context.close()
        browser.close()


def _log_in(page: Any, url: str, token: str) -> tuple[list[str], list[str]]:
    console: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{url}/graph")
    assert "/login" in page.url
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/graph**")
    return console, dialogs


def test_graph_click_shows_evidence_and_script_stays_text(
    server: tuple[str, str], page: Any
) -> None:
    url, token = server
    console, dialogs = _log_in(page, url, token)
    page.wait_for_selector("#graph[data-ready=true]")
    status = page.text_content("#graph-status") or ""
    assert "1 lost" in status, status
    lost = page.evaluate("window.innercircleGraph.nodes('.lost').map(n => n.id())")
    assert lost == ["hossein-salami"]

    # Click the node where it is drawn on the canvas.
    position = page.evaluate(
        "(() => { const p = window.innercircleGraph.getElementById('hossein-salami')"
        ".renderedPosition(); return [p.x, p.y]; })()"
    )
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + position[0], box["y"] + position[1])
    evidence = page.locator("#panel .evidence mark").first
    evidence.wait_for()
    assert "Hossein Salami was killed on June 13." in evidence.inner_text()
    assert SCRIPT in evidence.inner_text()  # shown as text...
    assert page.title() != "pwned"  # ...never run
    caption = page.locator("#panel .evidence figcaption").first.inner_text()
    assert "Test Wire" in caption and "B" in caption
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph-evidence.png"), full_page=True)

    # Colour by faction: persons take the colour of the organisation they serve in.
    page.select_option("#colour-by", "faction")
    assert "IRGC" in page.inner_text("#legend")
    # Move the as-of date before the strike: nobody is lost yet.
    page.fill("#at-input", "2025-06-12")
    page.wait_for_selector("#graph-status:has-text('as of 2025-06-12')")
    assert "lost" not in (page.text_content("#graph-status") or "")
    assert "at=2025-06-12" in page.url

    # The entity page and the article page show the script as text too.
    page.goto(f"{url}/entities/hossein-salami?at=2025-06-20")
    page.wait_for_selector("text=Posts")
    assert page.title() != "pwned"
    page.goto(f"{url}/documents/doc-xss")
    assert SCRIPT in page.inner_text(".document .body")
    assert page.title() != "pwned"
    page.screenshot(path=str(ARTIFACTS / "document-escaped.png"), full_page=True)

    assert dialogs == []
    refused = [line for line in console if "Refused" in line or "violates" in line]
    assert refused == [], refused  # nothing on our pages needed an exception to the CSP


def test_circle_page_marks_the_losses(server: tuple[str, str], page: Any) -> None:
    url, token = server
    _log_in(page, url, token)
    page.goto(f"{url}/circle")
    row = page.locator("table.circle tr.lost", has_text="Hossein Salami")
    assert "killed 2025-06-13" in row.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "circle.png"), full_page=True)


def test_review_form_records_a_merge(server: tuple[str, str], page: Any) -> None:
    url, token = server
    _log_in(page, url, token)
    page.goto(f"{url}/review")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
    item = page.locator(".review-item", has_text="Hosein Salami").first
    item.locator("input[name=reason]").fill("variant spelling, same post")
    item.locator("button[value=same]").click()
    page.wait_for_url(f"{url}/review?ok=judged")
    assert "Judgement recorded." in page.inner_text("main")
    page.goto(f"{url}/judgements")
    assert "variant spelling, same post" in page.inner_text("main")
