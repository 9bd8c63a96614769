"""Domains of power (military, security/intelligence, political, ...) inferred from posts.

The keywords are data in the country packs (src/innercircle/packs/<c>/): the domain of each
role word and institution and the pack's `domain_keywords` (read with `packs.loader`), plus the
power-map settings in the pack's `domains.yaml` (labels, extra phrases, rank words, succession).
`load_domain_rules(pack)` loads one pack, or merges every bundled pack when `pack` is None.
`DomainRules.infer` scores weighted texts (role wording, organisation names, advice topics)
and returns the domains with the words that matched, so an analyst sees why. This module does
not read the store; `access` gathers the texts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from innercircle.packs.loader import DOMAINS as PACK_DOMAINS
from innercircle.packs.loader import Pack, PackError, available_packs, load_pack

log = logging.getLogger(__name__)

PACKS_PACKAGE = "innercircle.packs"
DOMAINS_FILE = "domains.yaml"
SECONDARY_SHARE = 0.5
"""A domain scoring at least this share of the best one is also listed for the person."""


@dataclass(frozen=True)
class DomainScore:
    """One domain a person works in, with the score and the words that gave it."""

    domain: str
    label: str
    score: float
    matched: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "label": self.label,
            "score": self.score,
            "matched": tuple(self.matched),
        }


@dataclass(frozen=True)
class WeightedText:
    """A text to classify (a role, an organisation's name, an advice topic) and its weight."""

    text: str
    weight: float
    origin: str  # "role", "organisation", "topic"


@dataclass(frozen=True)
class Authority:
    """A pack's `post_authority` rule with each institution's written forms: holders of one
    of `posts` have these institutions answer to them by law (`basis`)."""

    posts: frozenset[str]
    institutions: dict[str, tuple[str, ...]]  # pack id -> name and variants
    basis: str
    country: tuple[str, ...] = ()  # written forms of the pack's country: the post's object


@dataclass
class DomainRules:
    """Keyword rules mapping post wording to domains, plus succession settings."""

    labels: dict[str, str] = field(default_factory=dict)
    keywords: dict[str, str] = field(default_factory=dict)  # normalised phrase -> domain
    rank_words: frozenset[str] = frozenset()
    security_domains: frozenset[str] = frozenset()
    succession_weights: dict[str, float] = field(default_factory=dict)
    bonus_domains: frozenset[str] = frozenset()
    successor_words: tuple[str, ...] = ()
    authorities: list[Authority] = field(default_factory=list)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)

    def label(self, domain: str) -> str:
        return self.labels.get(domain, domain)

    def pattern(self) -> re.Pattern[str] | None:
        if self._pattern is None and self.keywords:
            phrases = sorted(self.keywords, key=lambda p: (-len(p), p))
            body = "|".join(re.escape(p) for p in phrases)
            self._pattern = re.compile(rf"\b({body})(?:e?s)?\b")
        return self._pattern

    def matches(self, text: str) -> list[tuple[str, str]]:
        """(domain, phrase) for each keyword in `text`, longest phrase first, no overlaps."""
        pattern = self.pattern()
        if pattern is None or not text:
            return []
        return [(self.keywords[m.group(1)], m.group(1)) for m in pattern.finditer(normalise(text))]

    def infer(self, texts: Iterable[WeightedText]) -> list[DomainScore]:
        """Domains ranked by score; only those reaching SECONDARY_SHARE of the best."""
        scores: dict[str, float] = {}
        matched: dict[str, list[str]] = {}
        for item in texts:
            for domain, phrase in self.matches(item.text):
                scores[domain] = scores.get(domain, 0.0) + item.weight
                words = matched.setdefault(domain, [])
                if phrase not in words:
                    words.append(phrase)
        if not scores:
            return []
        best = max(scores.values())
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [
            DomainScore(domain, self.label(domain), round(score, 2), tuple(matched[domain]))
            for domain, score in ranked
            if score >= best * SECONDARY_SHARE
        ]

    def has_word(self, text: str, words: Sequence[str]) -> str | None:
        """The first of `words` found as a whole word in `text`, or None."""
        norm = normalise(text)
        for word in words:
            if re.search(rf"\b{re.escape(normalise(word))}\b", norm):
                return word
        return None


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Case-fold, hyphens/slashes/quotes as spaces, spaces collapsed."""
    folded = re.sub(r"[-‐‑–—/_’'`]", " ", text.casefold())
    return " ".join(folded.split())


@lru_cache(maxsize=65536)
def role_tokens(role: str) -> frozenset[str]:
    """The words of a role wording, normalised (for comparing two wordings of a post)."""
    return frozenset(re.findall(r"\w+", normalise(role)))


def _settings_files(packs: list[str]) -> list[Path]:
    """The power-map settings file (domains.yaml) of each pack and the packs it extends."""
    root = resources.files(PACKS_PACKAGE)
    found: list[Path] = []
    for name in packs:
        candidate = root / name / DOMAINS_FILE
        if candidate.is_file():
            found.append(Path(str(candidate)))
    return found


def _add_keyword(rules: DomainRules, word: str, domain: str | None, where: str) -> None:
    if not domain:
        return
    phrase = normalise(word)
    if not phrase:
        return
    previous = rules.keywords.get(phrase)
    if previous is None:
        rules.keywords[phrase] = domain
    elif previous != domain:
        log.debug("%s: %r is %s already, not %s", where, word, previous, domain)


def _from_pack(rules: DomainRules, pack: Pack) -> set[str]:
    """Role words, institution names and domain keywords of a loaded pack."""
    for role in pack.roles.values():
        _add_keyword(rules, role.word, role.domain, f"pack {pack.name} roles")
    for inst in pack.institutions.values():
        for form in [inst.name, *inst.variants, *inst.generic, *inst.unit_words]:
            _add_keyword(rules, form, inst.domain, f"pack {pack.name} institutions")
    for domain, words in pack.domain_keywords.items():
        for word in words:
            _add_keyword(rules, word, domain, f"pack {pack.name} domain_keywords")
    for rule in pack.post_authority:
        forms = {
            i: (pack.institutions[i].name, *pack.institutions[i].variants)
            for i in rule.institutions
        }
        home = pack.countries.get(pack.country or "")
        country = (home.name, *home.variants) if home else ()
        authority = Authority(frozenset(rule.posts), forms, rule.basis, country)
        if authority not in rules.authorities:
            rules.authorities.append(authority)
    return {pack.name, *pack.extends}


@lru_cache(maxsize=8)
def load_domain_rules(pack: str | None = None, path: Path | None = None) -> DomainRules:
    """Domain rules of country pack `pack` (every bundled pack merged when None), with the
    settings of its domains.yaml (or of `path`). Cached: the files are read once."""
    try:
        names = [pack] if pack is not None else available_packs()
        loaded = [load_pack(name) for name in names]
    except PackError as exc:
        raise ValueError(str(exc)) from exc
    rules = DomainRules()
    rank: set[str] = set()
    security: set[str] = set()
    bonus: set[str] = set()
    successor: list[str] = []
    related: list[str] = []
    for item in loaded:
        related.extend(sorted(_from_pack(rules, item)))
    files = [path] if path is not None else _settings_files(list(dict.fromkeys(related)))
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{file}: expected a mapping at the top level")
        for domain, label in (data.get("labels") or {}).items():
            rules.labels.setdefault(str(domain), str(label))
        for domain, words in (data.get("extra_keywords") or {}).items():
            if not isinstance(words, list):
                raise ValueError(f"{file}: extra_keywords.{domain} must be a list")
            for word in words:
                _add_keyword(rules, str(word), str(domain), str(file))
        rank.update(normalise(str(w)) for w in data.get("role_rank_words") or [])
        security.update(str(d) for d in data.get("security_domains") or [])
        succession = data.get("succession") or {}
        for name, weight in (succession.get("weights") or {}).items():
            rules.succession_weights.setdefault(str(name), float(weight))
        bonus.update(str(d) for d in succession.get("bonus_domains") or [])
        successor.extend(str(w) for w in succession.get("successor_words") or [])
    for domain in PACK_DOMAINS:
        rules.labels.setdefault(domain, domain)
    rules.rank_words = frozenset(rank)
    rules.security_domains = frozenset(security or {"military", "security"})
    rules.bonus_domains = frozenset(bonus)
    rules.successor_words = tuple(dict.fromkeys(successor))
    return rules
