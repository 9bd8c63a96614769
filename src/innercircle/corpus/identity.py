"""Document identity: a hash of the normalised body.

Normalisation folds what does not change the article (Unicode form, quote and dash styles,
case, spacing), so re-ingesting the same text — re-saved, re-encoded, re-wrapped — gives the
same id and is a no-op.
"""

from __future__ import annotations

import hashlib
import unicodedata

_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "\u00a0": " ",
        "\u200b": "",
    }
)

ID_LENGTH = 16
"""Hex characters kept from the SHA-256 digest (64 bits)."""


def normalise_body(body: str) -> str:
    """The body folded for hashing."""
    text = unicodedata.normalize("NFKC", body).translate(_FOLD).casefold()
    return " ".join(text.split())


def document_id(body: str) -> str:
    """The document id of `body`: the first 16 hex digits of SHA-256 of the normalised text."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()[:ID_LENGTH]
