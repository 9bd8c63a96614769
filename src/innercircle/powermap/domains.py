"""Domains of power (military, security/intelligence, political, ...) inferred from posts.

The keyword lists are data: `domains.yaml` in each country pack (src/innercircle/packs/<c>/).
`load_domain_rules(pack)` reads one pack's file, or merges every pack's when `pack` is None.
`DomainRules.infer` scores weighted texts (role wording, organisation names, advice topics)
and returns the domains with the words that matched, so an analyst sees why. This module does
not read the store; `access` gathers the texts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

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
        return asdict(self)


@dataclass(frozen=True)
class WeightedText:
    """A text to classify (a role, an organisation's name, an advice topic) and its weight."""

    text: str
    weight: float
    origin: str  # "role", "organisation", "topic"


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


def normalise(text: str) -> str:
    """Case-fold, hyphens/slashes/quotes as spaces, spaces collapsed."""
    folded = re.sub(r"[-‐‑–—/_’'`]", " ", text.casefold())
    return " ".join(folded.split())


def role_tokens(role: str) -> frozenset[str]:
    """The words of a role wording, normalised (for comparing two wordings of a post)."""
    return frozenset(re.findall(r"\w+", normalise(role)))


def _pack_files(pack: str | None) -> list[Path]:
    root = resources.files(PACKS_PACKAGE)
    found: list[Path] = []
    for child in sorted(root.iterdir(), key=lambda p: p.name):
        if not child.is_dir() or (pack is not None and child.name != pack):
            continue
        candidate = child / DOMAINS_FILE
        if candidate.is_file():
            found.append(Path(str(candidate)))
    return found


def load_domain_rules(pack: str | None = None, path: Path | None = None) -> DomainRules:
    """Rules from `path`, or from pack `pack`'s domains.yaml, or merged from every pack."""
    files = [path] if path is not None else _pack_files(pack)
    if pack is not None and not files:
        raise ValueError(f"country pack {pack!r} has no {DOMAINS_FILE}")
    rules = DomainRules()
    rank: set[str] = set()
    security: set[str] = set()
    bonus: set[str] = set()
    successor: list[str] = []
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{file}: expected a mapping at the top level")
        for domain, spec in (data.get("domains") or {}).items():
            if not isinstance(spec, dict):
                raise ValueError(f"{file}: domains.{domain} must be a mapping")
            rules.labels.setdefault(str(domain), str(spec.get("label", domain)))
            for word in spec.get("keywords") or []:
                phrase = normalise(str(word))
                previous = rules.keywords.get(phrase)
                if previous is not None and previous != domain:
                    log.warning("%s: %r is listed for %s and %s", file, word, previous, domain)
                    continue
                rules.keywords[phrase] = str(domain)
        rank.update(normalise(str(w)) for w in data.get("role_rank_words") or [])
        security.update(str(d) for d in data.get("security_domains") or [])
        succession = data.get("succession") or {}
        for name, weight in (succession.get("weights") or {}).items():
            rules.succession_weights.setdefault(str(name), float(weight))
        bonus.update(str(d) for d in succession.get("bonus_domains") or [])
        successor.extend(str(w) for w in succession.get("successor_words") or [])
    rules.rank_words = frozenset(rank)
    rules.security_domains = frozenset(security)
    rules.bonus_domains = frozenset(bonus)
    rules.successor_words = tuple(dict.fromkeys(successor))
    return rules
