"""Country pack loading: merging with `extends`, validation errors, domains."""

from __future__ import annotations

from pathlib import Path

import pytest

from innercircle.packs import DOMAINS, PackError, available_packs, load_pack
from innercircle.records import EVENT_PREDICATES, RELATION_PREDICATES, EntityType


def test_iran_pack_extends_base() -> None:
    pack = load_pack("iran")
    assert pack.country == "iran"
    iran = pack.countries["iran"]
    assert "Iranian" in iran.demonyms  # from base
    assert "Islamic Republic" in iran.variants  # added by the iran pack
    assert pack.institutions["irgc"].type == EntityType.ORGANIZATION
    assert "Guard" in pack.institutions["irgc"].anaphors
    assert pack.institutions["quds-force"].parent == "irgc"
    assert "hezbollah" in pack.institutions  # base world institutions are merged in
    assert "Ayatollah" in pack.titles.honorifics and "General" in pack.titles.ranks
    assert pack.roles["supreme leader"].descriptor
    assert pack.roles["commander"].predicate == "commands"


def test_every_bundled_pack_is_valid() -> None:
    for name in available_packs():
        pack = load_pack(name)
        assert all(r.predicate in RELATION_PREDICATES for r in pack.roles.values())
        assert all(t in EVENT_PREDICATES for t in pack.events)
        assert all(i.domain in (None, *DOMAINS) for i in pack.institutions.values())


def test_domain_of_written_posts() -> None:
    pack = load_pack("iran")
    assert pack.domain_of("foreign minister") == "diplomatic"
    assert pack.domain_of("deputy for political and security affairs") == "security"
    assert pack.domain_of("commander") == "military"
    assert pack.domain_of("chief", "iran-judiciary") == "security"  # institution's domain
    assert pack.domain_of("Friday prayer leader") == "religious"


def test_country_lookup_by_any_written_form() -> None:
    pack = load_pack("base")
    assert pack.country_by_name("Iranian") == "iran"
    assert pack.country_by_name("the United States") == "united-states"
    assert pack.country_by_name("Tehran") == "iran"
    assert pack.country_by_name("Atlantis") is None


def test_unknown_pack_is_a_clear_error() -> None:
    with pytest.raises(PackError, match="unknown pack 'narnia'"):
        load_pack("narnia")


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_custom_pack_from_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "ruritania"
    _write(folder, "pack.yaml", "name: ruritania\nextends: [base]\ncountry: ruritania\n")
    _write(
        folder,
        "countries.yaml",
        "countries:\n  - {id: ruritania, name: Ruritania, demonyms: [Ruritanian]}\n",
    )
    _write(
        folder,
        "institutions.yaml",
        "institutions:\n  - {id: royal-guard, name: Royal Guard, domain: military,"
        " country: ruritania, variants: [Royal Guard, RG]}\n",
    )
    pack = load_pack(str(folder))
    assert pack.country == "ruritania"
    assert pack.institutions["royal-guard"].variants == ["Royal Guard", "RG"]
    assert "commander" in pack.roles  # inherited from base


def test_invalid_role_names_file_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    _write(folder, "pack.yaml", "name: broken\nextends: [base]\n")
    _write(folder, "roles.yaml", "roles:\n  vizier: {predicate: rules_over}\n")
    with pytest.raises(PackError, match=r"roles\.vizier: unknown predicate 'rules_over'"):
        load_pack(str(folder))


def test_institution_with_unknown_parent_is_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "orphan"
    _write(folder, "pack.yaml", "name: orphan\nextends: [base]\n")
    _write(
        folder,
        "institutions.yaml",
        "institutions:\n  - {id: unit-7, name: Unit 7, parent: no-such-org}\n",
    )
    with pytest.raises(PackError, match="unknown parent 'no-such-org'"):
        load_pack(str(folder))


def test_invalid_yaml_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    _write(folder, "pack.yaml", "name: bad\nextends: [base]\n")
    _write(folder, "titles.yaml", "honorifics: [unclosed\n")
    with pytest.raises(PackError, match=r"titles\.yaml: invalid YAML"):
        load_pack(str(folder))


def test_post_authority_names_known_institutions_and_posts(tmp_path: Path) -> None:
    rules = load_pack("iran").post_authority
    assert any("supreme leader" in r.posts and "irgc" in r.institutions for r in rules)
    assert all(r.basis for r in rules)
    folder = tmp_path / "lawless"
    _write(folder, "pack.yaml", "name: lawless\nextends: [base]\n")
    _write(
        folder,
        "institutions.yaml",
        "post_authority:\n  - {posts: [commander], institutions: [no-such-org], basis: law}\n",
    )
    with pytest.raises(PackError, match="post_authority: unknown institution 'no-such-org'"):
        load_pack(str(folder))
