"""Uploading articles: the corpus stage stores them; limits and content-type checks refuse the
rest with clear messages; every ingest is audited."""

from __future__ import annotations

import pytest
from httpx import Response
from web_support import SCRIPT, TestClient, Tokens, login

from innercircle.store.repository import Repository
from innercircle.web import WebSettings, create_app
from innercircle.web.auth_store import AuthStore
from innercircle.web.errors import ApiError
from innercircle.web.uploads import check_text, check_type, clean_filename

ARTICLE = (
    b"---\ntitle: Cabinet reshuffle\noutlet: Upload Times\npublished: 2025-07-02\n---\n"
    b"The president appointed a new interior minister on Tuesday, officials said. The move "
    b"follows weeks of pressure from parliament over the handling of the protests.\n"
)


def _upload(client: TestClient, tokens: Tokens, files: list[tuple[str, bytes, str]]) -> Response:
    return client.post(
        "/api/documents?extract=false",
        files=[("files", f) for f in files],
        headers=tokens.header("analyst"),
    )


def test_analyst_upload_is_stored_and_audited(
    client: TestClient, tokens: Tokens, repo: Repository
) -> None:
    response = _upload(client, tokens, [("reshuffle.md", ARTICLE, "text/markdown")])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["stored"] == 1 and body["failed"] == 0
    doc = body["documents"][0]
    assert doc["title"] == "Cabinet reshuffle" and doc["published"] == "2025-07-02"
    assert doc["source"] == "reshuffle.md"
    stored = repo.get_document(doc["id"])
    assert stored is not None and stored.outlet == "Upload Times"
    again = _upload(client, tokens, [("reshuffle.md", ARTICLE, "text/markdown")]).json()
    assert again["stored"] == 0 and again["unchanged"] == 1
    entries, _ = AuthStore(repo.engine).audit(action="document.ingest")
    assert len(entries) == 2 and entries[-1].actor == "anna"
    assert entries[-1].detail["documents"] == [doc["id"]]


def test_a_bad_file_fails_alone(client: TestClient, tokens: Tokens) -> None:
    body = _upload(
        client,
        tokens,
        [
            ("good.md", ARTICLE, "text/markdown"),
            ("bad.md", b"---\npublished: [unclosed\n---\nSome text here.\n", "text/markdown"),
        ],
    ).json()
    assert body["stored"] == 1 and body["failed"] == 1
    assert body["errors"][0]["source"] == "bad.md" and body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("name", "data", "content_type", "status", "words"),
    [
        ("report.pdf", b"%PDF-1.7 ...", "application/pdf", 415, "unsupported file type .pdf"),
        ("a.txt", b"Some text.", "image/png", 415, "does not fit"),
        ("a.txt", b"\x89PNG\r\n\x1a\n....", "text/plain", 415, "binary"),
        ("a.txt", b"abc\x00\xffdef", "text/plain", 415, "NUL"),
        ("a.txt", b"   \n", "text/plain", 422, "empty"),
    ],
)
def test_refused_uploads(
    client: TestClient,
    tokens: Tokens,
    name: str,
    data: bytes,
    content_type: str,
    status: int,
    words: str,
) -> None:
    response = _upload(client, tokens, [(name, data, content_type)])
    assert response.status_code == status
    assert words in response.json()["error"]["message"]


def test_size_and_count_limits(seeded: Repository, tokens: Tokens) -> None:
    settings = WebSettings(
        extract_uploads=False, max_file_bytes=1000, max_upload_bytes=5000, max_files=2
    )
    with TestClient(create_app(seeded, settings)) as small:
        headers = tokens.header("analyst")
        big = small.post(
            "/api/documents",
            files=[("files", ("a.txt", b"x" * 2000, "text/plain"))],
            headers=headers,
        )
        assert big.status_code == 413 and "1,000-byte limit" in big.json()["error"]["message"]
        many = small.post(
            "/api/documents",
            files=[("files", (f"{i}.txt", b"text", "text/plain")) for i in range(3)],
            headers=headers,
        )
        assert many.status_code == 413 and "at most 2" in many.json()["error"]["message"]
        whole = small.post(
            "/api/documents",
            files=[("files", (f"{i}.txt", b"y" * 900, "text/plain")) for i in range(6)],
            headers=headers,
        )
        assert whole.status_code == 413 and "5,000 bytes" in whole.json()["error"]["message"]


def test_upload_form_needs_csrf_and_shows_results_escaped(
    client: TestClient, tokens: Tokens
) -> None:
    csrf = login(client, tokens.analyst)
    article = ARTICLE.replace(b"Cabinet reshuffle", SCRIPT.encode())
    files = [("files", ("x.md", article, "text/markdown"))]
    refused = client.post("/upload", files=files)
    assert refused.status_code == 403
    page = client.post("/upload", files=files, data={"csrf_token": csrf})
    assert page.status_code == 200 and "1 stored" in page.text
    assert SCRIPT not in page.text and "&lt;script&gt;" in page.text


def test_filename_and_type_helpers() -> None:
    assert clean_filename("../../etc/passwd.txt") == "passwd.txt"
    assert clean_filename("C:\\docs\\a b.md") == "a b.md"
    assert clean_filename("évé<>nt.md") == "évé_nt.md"
    with pytest.raises(ApiError):
        clean_filename("...")
    check_type("a.MD", "application/octet-stream")  # browsers that do not know .md
    with pytest.raises(ApiError):
        check_type("a.html", "application/json")
    check_text("a.txt", "Téhéran".encode("cp1252"))  # legacy encodings are left to the corpus
    check_text("a.txt", "\ufeffhi".encode("utf-16"))
