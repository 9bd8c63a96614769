"""The server-rendered pages on the seeded store: what an analyst sees on each."""

from __future__ import annotations

from web_support import TestClient, Tokens, login

from innercircle.records import EntityType, Span, Statement, StoredEntity
from innercircle.store.repository import Repository
from innercircle.web import WebSettings, create_app


def test_circle_page_marks_the_loss_and_the_hollowed_domain(
    client: TestClient, tokens: Tokens
) -> None:
    login(client, tokens.viewer)
    page = client.get("/circle?at=2025-06-20").text  # the server's default leader
    lost_table = page.split("Lost since", 1)[1].split("Current members", 1)[0]
    assert "Hossein Salami" in lost_table and "killed 2025-06-13" in lost_table
    assert "Mohammad Pakpour" in page.split("Current members", 1)[1]
    assert "Capacity lost per domain" in page and "military" in page


def test_pages_open_on_the_newest_article_date_so_recent_losses_show(
    client: TestClient, tokens: Tokens
) -> None:
    login(client, tokens.viewer)
    page = client.get("/circle").text  # no date given: the store's latest news (2025-06-14)
    assert "as of 2025-06-14" in page
    lost_table = page.split("Lost since", 1)[1].split("Current members", 1)[0]
    assert "Hossein Salami" in lost_table


def test_without_a_configured_leader_pages_open_on_the_holder_of_the_top_post(
    seeded: Repository, tokens: Tokens
) -> None:
    body = seeded.get_document("doc-xss").body  # type: ignore[union-attr]
    sentence = body.split(". ")[0] + "."
    seeded.add_entity(StoredEntity("iran", EntityType.COUNTRY, "Iran"))
    statement = Statement(
        "s",
        "leads",
        Span("doc-xss", 0, len(sentence), sentence),
        object_key="o",
        role="Supreme Leader",
        extractor="test",
    )
    seeded.add_statement(statement, "ali-khamenei", "iran", "doc-xss")
    with TestClient(create_app(seeded, WebSettings())) as fresh:
        login(fresh, tokens.viewer)
        page = fresh.get("/circle").text
        assert "Inner circle of Ali Khamenei" in page and "Choose a leader" not in page


def test_circle_page_without_a_leader_suggests_central_persons(
    seeded: Repository, tokens: Tokens
) -> None:
    with TestClient(create_app(seeded, WebSettings(default_at="2025-06-20"))) as fresh:
        login(fresh, tokens.viewer)
        page = fresh.get("/circle")
        assert page.status_code == 200
        assert "/circle?leader=ali-khamenei" in page.text


def test_changes_page_lists_the_killing_with_evidence(client: TestClient, tokens: Tokens) -> None:
    login(client, tokens.viewer)
    page = client.get("/changes?from=2025-06-01&to=2025-06-30&around=ali-khamenei").text
    assert "Hossein Salami killed" in page and "<mark>" in page
    assert "1 killed" in page
    backwards = client.get("/changes?from=2025-07-01&to=2025-06-01").text
    assert "before" in backwards


def test_entity_page_shows_status_posts_events_and_timeline(
    client: TestClient, tokens: Tokens
) -> None:
    login(client, tokens.viewer)
    page = client.get("/entities/hossein-salami?at=2025-06-20").text
    assert 'class="status status-lost">killed 2025-06-13' in page
    for heading in ("<h2>Posts</h2>", "<h2>Events</h2>", "<h2>Timeline</h2>"):
        assert heading in page
    assert 'class="corroboration"' in page
    redirect = client.get("/entities/Hossein Salami", follow_redirects=False)
    assert (
        redirect.status_code == 303 and redirect.headers["location"] == "/entities/hossein-salami"
    )
    missing = client.get("/entities/nobody-here")
    assert missing.status_code == 404 and "no entity matches" in missing.text


def test_admin_page_is_for_admins_only(client: TestClient, tokens: Tokens) -> None:
    login(client, tokens.analyst)
    refused = client.get("/admin")
    assert refused.status_code == 403 and "admin role" in refused.text
    admin = TestClient(client.app)
    login(admin, tokens.admin)
    page = admin.get("/admin").text
    assert "vera" in page and "session.login" in page  # tokens and the audit log
