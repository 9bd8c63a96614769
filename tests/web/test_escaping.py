"""Article text is untrusted: a `<script>` in an article, a title or an alias is shown as text."""

from __future__ import annotations

from web_support import SCRIPT, TestClient, Tokens, login

ESCAPED = "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"


def test_document_page_shows_the_script_as_text(client: TestClient, tokens: Tokens) -> None:
    login(client, tokens.viewer)
    page = client.get("/documents/doc-xss?start=0&end=20")
    assert page.status_code == 200
    assert SCRIPT not in page.text
    assert ESCAPED in page.text  # in the body and in the title
    assert page.text.count(ESCAPED) >= 2
    assert '<mark id="evidence">Ayatollah Ali Khamen</mark>' in page.text


def test_entity_page_escapes_evidence_and_aliases(client: TestClient, tokens: Tokens) -> None:
    login(client, tokens.viewer)
    for path in ("/entities/hossein-salami", "/entities/irgc", "/entities?q=guard"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert SCRIPT not in page.text, path
        assert ESCAPED in page.text, path


def test_evidence_sentence_is_highlighted_with_outlet_and_grade(
    client: TestClient, tokens: Tokens
) -> None:
    login(client, tokens.viewer)
    page = client.get("/entities/hossein-salami").text
    assert "<mark>Guard commander Hossein Salami was killed on June 13. " + ESCAPED in page
    assert "Test Wire" in page and 'class="grade grade-b"' in page


def test_only_bundled_scripts_are_loaded(client: TestClient, tokens: Tokens) -> None:
    login(client, tokens.viewer)
    page = client.get("/graph").text
    assert '<script src="/static/cytoscape.min.js"></script>' in page
    assert (
        "<script>" not in page and "http://" not in page.split("<body", 1)[1].split("</header>")[0]
    )
    assert client.get("/static/cytoscape.min.js").status_code == 200
