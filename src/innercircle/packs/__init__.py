"""Country packs: country knowledge as data (institutions, titles, posts, role words, event
triggers). `load_pack(name)` returns a merged, validated `Pack`; see `packs/loader.py`."""

from innercircle.packs.loader import (
    DOMAINS,
    Country,
    EventTrigger,
    Institution,
    Pack,
    PackError,
    Role,
    Titles,
    available_packs,
    load_pack,
)

__all__ = [
    "DOMAINS",
    "Country",
    "EventTrigger",
    "Institution",
    "Pack",
    "PackError",
    "Role",
    "Titles",
    "available_packs",
    "load_pack",
]
