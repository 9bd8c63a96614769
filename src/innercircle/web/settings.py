"""Settings of the web app (limits, session lifetime, cookie flags); plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class WebSettings:
    """How the web app behaves. The defaults are safe for a single analyst on loopback."""

    max_body_bytes: int = 1_000_000
    """Largest request body accepted by any endpoint except the upload one."""
    max_upload_bytes: int = 10_000_000
    """Largest upload request (all files together)."""
    max_file_bytes: int = 2_000_000
    """Largest single uploaded file."""
    max_files: int = 50
    session_ttl: timedelta = timedelta(hours=12)
    cookie_secure: bool = False
    """Send the session cookie over HTTPS only; switch on behind a TLS proxy."""
    allowed_hosts: tuple[str, ...] = ()
    """Host names the app answers to (empty: any). `serve` on loopback sets the loopback names,
    so a web page cannot reach the app by DNS rebinding."""
    anonymous_read: bool = False
    """Let requests without a token read (never write). Off by default."""
    threads: int = 40
    """Worker threads per server process for request handlers (anyio's default is 40)."""
    default_page_size: int = 50
    max_page_size: int = 500
    extract_uploads: bool = True
    """Run extraction and resolution on uploaded documents (needs the NLP model)."""
    default_leader: str | None = None
    """Entity id or name the graph and circle pages open on (default: the holder of the post
    the country pack's institutions answer to by law, see `powermap.standing.post_holders`)."""
    cache_seconds: float = 30.0
    """How long a power-map answer is reused (0: never). The cache is also dropped when the
    store changes (checked every 2 s) and after every write made through the app."""
    default_at: str | None = None
    """Date (YYYY[-MM[-DD]]) the graph, circle and entity pages open on (default: the newest
    article's publication date if it is before today, else today)."""
