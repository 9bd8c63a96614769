"""Watchlists (CSV, FollowTheMoney) seed entities that extraction then links to."""

from __future__ import annotations

import json
from pathlib import Path

from innercircle.records import Document, EntityRef, EntityType, Extraction
from innercircle.resolve.store_resolver import StoreResolver
from innercircle.resolve.watchlist import import_watchlist, read_watchlist
from innercircle.store.repository import Repository


def test_csv_with_aliases_types_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "id,name,aliases,type\n"
        "P1,Kourosh Kharazi,Kurosh Kharrazi; کوروش خرازی,Person\n"
        ",Strategic Council,,Organization\n"
        "X,Someone,,Spaceship\n"
        ",,,\n",
        encoding="utf-8",
    )
    entities, errors = read_watchlist(path)
    assert [(e.id, e.type, e.name) for e in entities] == [
        ("P1", EntityType.PERSON, "Kourosh Kharazi"),
        ("wl-strategic-council", EntityType.ORGANIZATION, "Strategic Council"),
    ]
    assert entities[0].aliases == ("Kurosh Kharrazi", "کوروش خرازی")
    assert entities[0].origin == "watchlist"
    assert errors == [f"{path}:4: unknown type 'Spaceship'", f"{path}:5: empty name"]


def test_followthemoney_json_lines_and_array(tmp_path: Path) -> None:
    entity = {
        "id": "NK-abc",
        "schema": "Person",
        "properties": {
            "name": ["Kourosh Kharazi"],
            "alias": ["Kurosh Kharrazi"],
            "weakAlias": ["Haji"],
        },
    }
    lines = tmp_path / "e.ftm.json"
    lines.write_text(json.dumps(entity) + "\n" + "{broken\n", encoding="utf-8")
    found, errors = read_watchlist(lines)
    assert [(e.id, e.name, e.aliases) for e in found] == [
        ("NK-abc", "Kourosh Kharazi", ("Kurosh Kharrazi",))
    ]
    assert len(errors) == 1 and ":2: invalid JSON" in errors[0]
    array = tmp_path / "e.json"
    array.write_text(json.dumps([entity, {"schema": "Company", "properties": {}}]), "utf-8")
    found, errors = read_watchlist(array)
    assert [e.id for e in found] == ["NK-abc"]
    assert errors == [f"{array}:2: entity without properties.name"]


def test_imported_identity_is_linked_by_extraction(repo: Repository, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("id,name,aliases\nP1,Kourosh Kharazi,Kurosh Kharrazi\n", encoding="utf-8")
    result = import_watchlist(repo, path)
    assert result.created == ["P1"] and not result.errors
    again = import_watchlist(repo, path)
    assert again.updated == ["P1"] and again.created == []
    resolver = StoreResolver(repo)
    doc = Document(id="d1", body="Kurosh Kharazi spoke.")
    extraction = Extraction("d1", [EntityRef("p", EntityType.PERSON, "Kurosh Kharazi")])
    ids, _new = resolver.assign(doc, extraction)
    assert ids["p"] == "P1"
    assert "(watchlist entity)" in (resolver.explain("d1", "p") or "")
