"""Who held a post at a date, from the store: links a person a document names only by the post
("the Leader of the Islamic Revolution") to the post's holder.

The holder is the person most often stated to hold the post in that country (`leads` or
`holds_position` whose role is one of the post's words; the country pack's `post_authority`
groups synonyms such as "supreme leader" and "leader of the islamic revolution"), with a
statement true at the document date (started, or first reported, on or before it and not
ended before it), and not reported dead before it. None when nobody qualifies or two are
equally attested: the document's person then stays an entity of its own.
"""

from __future__ import annotations

from collections import Counter

from innercircle.packs.loader import Pack, load_pack
from innercircle.store.repository import Repository

POST_PREDICATES = frozenset({"leads", "holds_position"})
DEATH_PREDICATES = frozenset({"killed", "died", "executed"})


def _fold(text: str) -> str:
    return " ".join(text.casefold().split()).removeprefix("the ")


class PostHolders:
    """Answers "who held POST in COUNTRY on DAY" from a store (answers cached per instance)."""

    def __init__(self, repo: Repository, pack: str | Pack = "iran") -> None:
        self.repo = repo
        self.pack = load_pack(pack) if isinstance(pack, str) else pack
        self._synonyms: dict[str, frozenset[str]] = {}
        for rule in self.pack.post_authority:
            for post in rule.posts:
                self._synonyms[post] = self._synonyms.get(post, frozenset()) | frozenset(rule.posts)
        self._cache: dict[tuple[str, str | None], tuple[str, str] | None] = {}

    def holder(self, post: str, day: str | None) -> tuple[str, str] | None:
        """(entity id, why) of the holder of `post` ("word|country id") on `day`, or None."""
        key = (post, day)
        if key not in self._cache:
            self._cache[key] = self._find(post, day)
        return self._cache[key]

    def _find(self, post: str, day: str | None) -> tuple[str, str] | None:
        word, _, country_id = post.partition("|")
        words = self._synonyms.get(_fold(word), frozenset({_fold(word)}))
        country = self.pack.countries.get(country_id)
        if country is None:
            return None
        named = self.repo.entities_named([country.name, *country.variants])
        countries = sorted(set().union(*named.values())) if named else []
        if not countries:
            return None
        support: Counter[str] = Counter()
        for stmt in self.repo.statements_for(countries, "object", POST_PREDICATES):
            if not stmt.role or _fold(stmt.role) not in words:
                continue
            start = stmt.valid_from or stmt.reported_at
            if day is not None and (start is None or start[: len(day)] > day):
                continue
            end = stmt.valid_to
            if day is not None and end is not None and end < day[: len(end)]:
                continue
            support[stmt.subject_id] += 1
        canonical = self.repo.canonical_ids(support)
        merged: Counter[str] = Counter()
        for entity_id, count in support.items():
            merged[canonical.get(entity_id, entity_id)] += count
        if day is not None and merged:
            for stmt in self.repo.statements_for(list(merged), "subject", DEATH_PREDICATES):
                when = stmt.valid_from or stmt.reported_at
                if when is not None and when < day[: len(when)]:
                    merged.pop(stmt.subject_id, None)
        ranked = merged.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        entity_id, count = ranked[0]
        why = (
            f"named by the post '{word}': its holder in {country.name}"
            + (f" on {day}" if day else "")
            + f" per {count} statement(s)"
        )
        return entity_id, why
