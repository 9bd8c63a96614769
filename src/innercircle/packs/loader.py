"""Load a country pack: a directory of YAML files describing a country's institutions, titles,
posts, role words and event triggers (see packs/base/*.yaml for the fields).

A pack may `extend` other packs (every country pack extends `base`); lists are concatenated,
mappings updated, and countries/institutions merged by id. This module only reads and validates
data; it does not match text (that is `innercircle.extract`). `names.yaml` (name transliteration
rules) belongs to resolution and is not read here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from innercircle.records import EVENT_PREDICATES, RELATION_PREDICATES, EntityType

log = logging.getLogger(__name__)

DOMAINS: tuple[str, ...] = (
    "military",
    "security",
    "political",
    "diplomatic",
    "economic",
    "religious",
    "media",
)
"""Domains of posts and institutions used by the power map."""

OBJECT_KINDS = frozenset({"org", "country", "person", "office", "position"})
PACK_FILES = (
    "pack.yaml",
    "countries.yaml",
    "titles.yaml",
    "roles.yaml",
    "posts.yaml",
    "institutions.yaml",
    "events.yaml",
    "attribution.yaml",
    "lexicon.yaml",
)


class PackError(ValueError):
    """A pack is missing or one of its files is invalid (the message names file and field)."""


@dataclass
class Country:
    """A country with its written forms."""

    id: str
    name: str
    variants: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)


@dataclass
class Institution:
    """An organisation or group known to the pack."""

    id: str
    name: str
    type: EntityType = EntityType.ORGANIZATION
    domain: str | None = None
    country: str | None = None
    variants: list[str] = field(default_factory=list)
    anaphors: list[str] = field(default_factory=list)
    generic: list[str] = field(default_factory=list)
    unit_words: list[str] = field(default_factory=list)
    parent: str | None = None
    relation: str = "subordinate_to"


@dataclass(frozen=True)
class PostAuthority:
    """Institutions that answer by law to whoever holds one of `posts` (a constitution's
    chain of command: "the supreme leader commands the armed forces"). The power map uses it
    to place the heads of those institutions in the post holder's circle; `basis` is shown as
    the reason."""

    posts: tuple[str, ...]
    institutions: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class Role:
    """A role word and the tie it gives (see base/roles.yaml)."""

    word: str
    predicate: str
    domain: str | None = None
    object: str = "org"
    inverse: bool = False
    descriptor: bool = False
    country: str | None = None  # the home country of the pack that defines it (state offices)


@dataclass(frozen=True)
class EventTrigger:
    """Words that signal one event type and how its arguments are found."""

    type: str
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    complements: tuple[str, ...] = ()
    transitive: bool = True
    needs_date: bool = False
    force_subject: bool = False


@dataclass
class Titles:
    """Titles written before names, by kind."""

    honorifics: list[str] = field(default_factory=list)
    ranks: list[str] = field(default_factory=list)
    civil: list[str] = field(default_factory=list)
    royal: list[str] = field(default_factory=list)
    standalone: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        """Every title, longest first."""
        seen = {*self.honorifics, *self.ranks, *self.civil, *self.royal}
        return sorted(seen, key=lambda t: (-len(t), t))


@dataclass
class Pack:
    """A loaded country pack (with everything it extends merged in)."""

    name: str
    description: str = ""
    language: str = "en"
    country: str | None = None
    extends: list[str] = field(default_factory=list)
    countries: dict[str, Country] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)
    titles: Titles = field(default_factory=Titles)
    roles: dict[str, Role] = field(default_factory=dict)
    descriptor_heads: list[str] = field(default_factory=list)
    former_words: list[str] = field(default_factory=list)
    circle_nouns: list[str] = field(default_factory=list)
    office_nouns: list[str] = field(default_factory=list)
    branch_nouns: list[str] = field(default_factory=list)
    group_person_nouns: list[str] = field(default_factory=list)
    domain_keywords: dict[str, list[str]] = field(default_factory=dict)
    events: dict[str, EventTrigger] = field(default_factory=dict)
    deploy_verbs: list[str] = field(default_factory=list)
    open_date_words: list[str] = field(default_factory=list)
    reporting_verbs: list[str] = field(default_factory=list)
    source_nouns: list[str] = field(default_factory=list)
    attribution_phrases: list[str] = field(default_factory=list)
    org_keywords: list[str] = field(default_factory=list)
    media_nouns: list[str] = field(default_factory=list)
    portfolio_words: list[str] = field(default_factory=list)
    post_authority: list[PostAuthority] = field(default_factory=list)

    def domain_of(self, role_text: str, institution: str | None = None) -> str | None:
        """The domain of a written post: its role word's, else its institution's, else keywords."""
        words = role_text.casefold().replace("-", " ").split()
        for size in range(len(words), 0, -1):
            for i in range(len(words) - size + 1):
                role = self.roles.get(" ".join(words[i : i + size]))
                if role is not None and role.domain:
                    return role.domain
        if institution and institution in self.institutions:
            dom = self.institutions[institution].domain
            if dom:
                return dom
        for domain, keys in self.domain_keywords.items():
            if any(k in words for k in keys):
                return domain
        return None

    def country_by_name(self, text: str) -> str | None:
        """The country id written as `text` (name, variant, demonym or capital), if any."""
        return self._country_index().get(_fold(text))

    def _country_index(self) -> dict[str, str]:
        cached: dict[str, str] | None = getattr(self, "_country_idx", None)
        if cached is None:
            cached = {}
            for c in self.countries.values():
                for form in [c.name, *c.variants, *c.demonyms, *c.capitals]:
                    cached.setdefault(_fold(form), c.id)
            object.__setattr__(self, "_country_idx", cached)
        return cached


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split()).removeprefix("the ")


def _as_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise PackError(f"{where}: expected a list of strings")
    return [str(v) for v in value]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def pack_dirs() -> list[Path]:
    """Directories holding the bundled packs."""
    root = Path(str(resources.files("innercircle.packs")))
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "pack.yaml").is_file())


def available_packs() -> list[str]:
    """Names of the bundled packs."""
    return [p.name for p in pack_dirs()]


def _locate(name: str) -> Path:
    path = Path(name)
    if path.is_dir() and (path / "pack.yaml").is_file():
        return path
    for candidate in pack_dirs():
        if candidate.name == name:
            return candidate
    raise PackError(f"unknown pack {name!r} (available: {', '.join(available_packs())})")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: invalid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PackError(f"{path}: expected a mapping at top level")
    return data


@lru_cache(maxsize=16)
def load_pack(name: str = "iran") -> Pack:
    """Load a pack by name (bundled) or directory path, with the packs it extends."""
    return _load(name, ())


def _load(name: str, chain: tuple[str, ...]) -> Pack:
    if name in chain:
        raise PackError(f"pack {name!r} extends itself ({' -> '.join((*chain, name))})")
    folder = _locate(name)
    meta = _read(folder / "pack.yaml")
    pack = Pack(name=str(meta.get("name", folder.name)))
    for parent in _as_list(meta.get("extends"), f"{folder / 'pack.yaml'}: extends"):
        _merge(pack, _load(parent, (*chain, name)))
    pack.name = str(meta.get("name", folder.name))
    pack.description = str(meta.get("description", ""))
    pack.language = str(meta.get("language", pack.language))
    pack.country = meta.get("country", pack.country)
    pack.extends = _as_list(meta.get("extends"), "extends")
    for fname in PACK_FILES[1:]:
        path = folder / fname
        if path.is_file():
            _apply(pack, _read(path), path)
    _validate(pack, folder)
    return pack


def _merge(into: Pack, other: Pack) -> None:
    """Merge a loaded parent pack into `into` (used for `extends`)."""
    for cid, country in other.countries.items():
        into.countries[cid] = Country(**{**country.__dict__})
    for iid, inst in other.institutions.items():
        into.institutions[iid] = Institution(**{**inst.__dict__})
    for attr in ("honorifics", "ranks", "civil", "royal", "standalone"):
        setattr(
            into.titles,
            attr,
            _unique(getattr(into.titles, attr) + getattr(other.titles, attr)),
        )
    into.roles.update(other.roles)
    into.events.update(other.events)
    into.post_authority = [*into.post_authority, *other.post_authority]
    into.domain_keywords.update(other.domain_keywords)
    into.country = other.country or into.country
    for attr in (
        "descriptor_heads",
        "former_words",
        "circle_nouns",
        "office_nouns",
        "branch_nouns",
        "group_person_nouns",
        "deploy_verbs",
        "open_date_words",
        "reporting_verbs",
        "source_nouns",
        "attribution_phrases",
        "org_keywords",
        "media_nouns",
        "portfolio_words",
    ):
        setattr(into, attr, _unique(getattr(into, attr) + getattr(other, attr)))


def _apply(pack: Pack, data: dict[str, Any], path: Path) -> None:
    """Apply one YAML file's content to the pack."""
    for entry in data.get("countries", []) or []:
        _apply_country(pack, entry, path)
    for entry in data.get("institutions", []) or []:
        _apply_institution(pack, entry, path)
    for kind in ("honorifics", "ranks", "civil", "royal", "standalone"):
        if kind in data:
            merged = getattr(pack.titles, kind) + _as_list(data[kind], f"{path}: {kind}")
            setattr(pack.titles, kind, _unique(merged))
    for word, spec in (data.get("roles") or {}).items():
        pack.roles[str(word).casefold()] = _role(str(word), spec, path, pack.country)
    for key in (
        "descriptor_heads",
        "former_words",
        "circle_nouns",
        "office_nouns",
        "branch_nouns",
        "group_person_nouns",
        "deploy_verbs",
        "open_date_words",
        "reporting_verbs",
        "source_nouns",
        "org_keywords",
        "media_nouns",
        "portfolio_words",
    ):
        if key in data:
            merged = getattr(pack, key) + _as_list(data[key], f"{path}: {key}")
            setattr(pack, key, _unique(merged))
    if "phrases" in data:
        phrases = _as_list(data["phrases"], f"{path}: phrases")
        pack.attribution_phrases = _unique(pack.attribution_phrases + phrases)
    for domain, words in (data.get("domain_keywords") or {}).items():
        if domain not in DOMAINS:
            raise PackError(f"{path}: domain_keywords: unknown domain {domain!r}")
        pack.domain_keywords[domain] = _as_list(words, f"{path}: domain_keywords.{domain}")
    for etype, spec in (data.get("events") or {}).items():
        pack.events[etype] = _event(str(etype), spec, path)
    for i, entry in enumerate(data.get("post_authority") or []):
        pack.post_authority.append(_post_authority(entry, f"{path}: post_authority[{i}]"))


def _post_authority(entry: Any, where: str) -> PostAuthority:
    if not isinstance(entry, dict):
        raise PackError(f"{where}: expected a mapping with posts, institutions and basis")
    posts = tuple(p.casefold() for p in _as_list(entry.get("posts"), f"{where}.posts"))
    insts = tuple(_as_list(entry.get("institutions"), f"{where}.institutions"))
    basis = str(entry.get("basis") or "").strip()
    if not posts or not insts or not basis:
        raise PackError(f"{where}: needs posts, institutions and a basis")
    return PostAuthority(posts, insts, basis)


def _apply_country(pack: Pack, entry: Any, path: Path) -> None:
    if not isinstance(entry, dict) or "id" not in entry:
        raise PackError(f"{path}: countries: every entry needs an id")
    cid = str(entry["id"])
    where = f"{path}: countries.{cid}"
    country = pack.countries.get(cid) or Country(id=cid, name=str(entry.get("name", cid)))
    if "name" in entry:
        country.name = str(entry["name"])
    country.variants = _unique(country.variants + _as_list(entry.get("variants"), where))
    country.demonyms = _unique(country.demonyms + _as_list(entry.get("demonyms"), where))
    country.capitals = _unique(country.capitals + _as_list(entry.get("capitals"), where))
    pack.countries[cid] = country


def _apply_institution(pack: Pack, entry: Any, path: Path) -> None:
    if not isinstance(entry, dict) or "id" not in entry:
        raise PackError(f"{path}: institutions: every entry needs an id")
    iid = str(entry["id"])
    where = f"{path}: institutions.{iid}"
    inst = pack.institutions.get(iid)
    if inst is None:
        if "name" not in entry:
            raise PackError(f"{where}: a new institution needs a name")
        inst = Institution(id=iid, name=str(entry["name"]))
    if "name" in entry:
        inst.name = str(entry["name"])
    if "type" in entry:
        try:
            inst.type = EntityType(str(entry["type"]))
        except ValueError as exc:
            raise PackError(f"{where}: type {entry['type']!r} is not an entity type") from exc
    for key in ("domain", "country", "parent"):
        if key in entry:
            setattr(inst, key, None if entry[key] is None else str(entry[key]))
    if "relation" in entry:
        inst.relation = str(entry["relation"])
    for key in ("variants", "anaphors", "generic", "unit_words"):
        merged = getattr(inst, key) + _as_list(entry.get(key), f"{where}.{key}")
        setattr(inst, key, _unique(merged))
    pack.institutions[iid] = inst


def _role(word: str, spec: Any, path: Path, country: str | None = None) -> Role:
    where = f"{path}: roles.{word}"
    if not isinstance(spec, dict) or "predicate" not in spec:
        raise PackError(f"{where}: needs a predicate")
    return Role(
        word=word.casefold(),
        predicate=str(spec["predicate"]),
        domain=spec.get("domain"),
        object=str(spec.get("object", "org")),
        inverse=bool(spec.get("inverse", False)),
        descriptor=bool(spec.get("descriptor", False)),
        country=country,
    )


def _event(etype: str, spec: Any, path: Path) -> EventTrigger:
    where = f"{path}: events.{etype}"
    if not isinstance(spec, dict):
        raise PackError(f"{where}: expected a mapping")

    def words(key: str) -> tuple[str, ...]:
        return tuple(w.casefold() for w in _as_list(spec.get(key), f"{where}.{key}"))

    return EventTrigger(
        type=etype,
        verbs=words("verbs"),
        nouns=words("nouns"),
        adjectives=words("adjectives"),
        objects=words("objects"),
        complements=words("complements"),
        transitive=bool(spec.get("transitive", True)),
        needs_date=bool(spec.get("needs_date", False)),
        force_subject=bool(spec.get("force_subject", False)),
    )


def _validate(pack: Pack, folder: Path) -> None:
    """Check cross-references and vocabularies; raise PackError naming the problem."""
    for role in pack.roles.values():
        if role.predicate not in RELATION_PREDICATES:
            raise PackError(f"{folder}: roles.{role.word}: unknown predicate {role.predicate!r}")
        if role.domain is not None and role.domain not in DOMAINS:
            raise PackError(f"{folder}: roles.{role.word}: unknown domain {role.domain!r}")
        if role.object not in OBJECT_KINDS:
            raise PackError(f"{folder}: roles.{role.word}: unknown object kind {role.object!r}")
    for inst in pack.institutions.values():
        if inst.domain is not None and inst.domain not in DOMAINS:
            raise PackError(f"{folder}: institutions.{inst.id}: unknown domain {inst.domain!r}")
        if inst.relation not in RELATION_PREDICATES:
            raise PackError(f"{folder}: institutions.{inst.id}: unknown relation {inst.relation!r}")
        if inst.parent is not None and inst.parent not in pack.institutions:
            raise PackError(f"{folder}: institutions.{inst.id}: unknown parent {inst.parent!r}")
        if inst.country is not None and inst.country not in pack.countries:
            raise PackError(f"{folder}: institutions.{inst.id}: unknown country {inst.country!r}")
    for rule in pack.post_authority:
        for iid in rule.institutions:
            if iid not in pack.institutions:
                raise PackError(f"{folder}: post_authority: unknown institution {iid!r}")
        for post in rule.posts:
            if post not in pack.roles:
                raise PackError(f"{folder}: post_authority: {post!r} is not a role word")
    for etype in pack.events:
        if etype not in EVENT_PREDICATES:
            raise PackError(f"{folder}: events.{etype}: not an event predicate")
    if pack.country is not None and pack.country not in pack.countries:
        raise PackError(f"{folder}: pack.yaml: country {pack.country!r} is not in countries")
