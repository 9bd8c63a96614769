"""who / circle / changes / timeline on the invented regime, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from innercircle.powermap import queries
from innercircle.powermap.access import AmbiguousEntity, EntityNotFound
from innercircle.records import EntityType, Judgement
from innercircle.store.repository import Repository

from .conftest import World

LEADER = "Karim Vastani"
KILLED = {"hamid-sarraf", "reza-tavan", "nader-kowsar"}


def test_circle_lists_advisers_with_status_domain_and_sources(
    world: World, repo: Repository
) -> None:
    result = queries.circle(repo, LEADER, at="2025-06-17")
    by_id = {m.entity.id: m for m in result.members}
    assert set(by_id) == {
        "hamid-sarraf",
        "reza-tavan",
        "nader-kowsar",
        "samir-hejran",
        "ali-dorani",
        "jafar-velani",
        "kamran-kharaz",
        "omid-larsi",
        "mehdi-vastani",
        "farid-nouri",
    }
    for pid in KILLED:
        member = by_id[pid]
        assert member.status.state == "killed" and member.presence == "lost"
        assert member.status.date == "2025-06-13"
        assert "adviser" in member.kinds and "inner circle" in member.kinds
    assert by_id["hamid-sarraf"].domain == "military"
    assert by_id["nader-kowsar"].domain == "security"
    assert by_id["jafar-velani"].domain == "diplomatic"
    assert by_id["mehdi-vastani"].kinds == ["family"]
    assert by_id["farid-nouri"].status.state == "active"  # arrested only on 20 June
    sarraf = by_id["hamid-sarraf"]
    assert sarraf.corroboration.stories == 1  # wire + its translation = one story
    assert sarraf.corroboration.outlets == 2
    assert any("Hamid Sarraf" in (e.sentence or "") for e in sarraf.evidence)
    assert {e.outlet for e in sarraf.evidence} == {"Global Wire", "Daily Echo"}
    assert {i.id for i in result.institutions} >= {"guard", "leader-office", "inner-circle"}


def test_circle_leaves_out_old_losses_and_counts_new_ones(world: World, repo: Repository) -> None:
    june = queries.circle(repo, "karim-vastani", at="2025-06-30")
    ids = {m.entity.id for m in june.members}
    assert "bahram-esfandi" not in ids  # dismissed in 2023, outside the one-year window
    assert june.member("farid-nouri").status.state == "arrested"  # type: ignore[union-attr]
    wide = queries.circle(repo, "karim-vastani", at="2025-06-30", lost_since="2022-01-01")
    esfandi = wide.member("bahram-esfandi")
    assert esfandi is not None and esfandi.status.state == "dismissed"
    before = queries.circle(repo, "karim-vastani", at="2025-06-01")
    assert all(m.status.state == "active" for m in before.members)


def test_circle_records_are_flat(world: World, repo: Repository) -> None:
    rows = queries.circle(repo, LEADER, at="2025-06-17").records()
    assert rows and all(
        isinstance(v, str | int | float | type(None)) for r in rows for v in r.values()
    )
    assert {"name", "status", "domain", "sources", "sentence", "outlet"} <= set(rows[0])


def test_who_shows_posts_closed_by_death_with_evidence(world: World, repo: Repository) -> None:
    result = queries.who(repo, "Hamid Sarraf", at="2025-06-17")
    assert result.status.state == "killed"
    assert result.status.fact is not None and result.status.fact.corroboration.stories == 2
    posts = {t.other.id: t for t in result.posts}
    assert posts["guard"].state == "closed" and posts["guard"].closed_by == "killed 2025-06-13"
    assert [e.predicate for e in result.events] == ["appointed", "killed"]
    assert result.domains[0].domain == "military"
    alive = queries.who(repo, "hamid-sarraf", at="2025-06-10")
    assert alive.status.state == "active"


def test_who_keeps_contradictory_dates_side_by_side(world: World, repo: Repository) -> None:
    result = queries.who(repo, "Nader Kowsar", at="2025-06-30")
    kinds = [c.kind for c in result.contradictions]
    assert kinds == ["dates_differ"]
    sides = result.contradictions[0].sides
    assert sorted(s.when or "" for s in sides) == ["2025-06-13", "2025-06-15"]
    assert {e.outlet for s in sides for e in s.evidence} >= {"Global Wire", "Opposition Voice"}


def test_former_posts_are_shown_as_former(world: World, repo: Repository) -> None:
    result = queries.who(repo, "jafar-velani", at="2025-06-17")
    assert [(t.role, t.state) for t in result.posts] == [("foreign minister", "former")]


def test_changes_in_a_period_report_the_losses(world: World, repo: Repository) -> None:
    result = queries.changes(repo, "2025-06-01", "2025-06-30")
    killed = result.of_kind("killed")
    assert {c.subject.id for c in killed} == KILLED
    assert {c.date for c in killed} == {"2025-06-13", "2025-06-15"}
    assert [c.subject.id for c in result.of_kind("arrested")] == ["farid-nouri"]
    assert all(c.evidence and c.evidence[0].sentence for c in result.changes)
    sarraf = next(c for c in killed if c.subject.id == "hamid-sarraf")
    assert sarraf.corroboration.stories == 2 and sarraf.other is not None
    assert result.contradictions  # the two dates of one death
    assert not queries.changes(repo, "2025-07-01", "2025-07-31").changes


def test_changes_around_a_leader_say_which_ties_ended(world: World, repo: Repository) -> None:
    result = queries.changes(repo, "2025-06", "2025-06", around=LEADER)
    sarraf = next(c for c in result.changes if c.subject.id == "hamid-sarraf")
    assert any("advises Karim Vastani" in text for text in sarraf.closes)
    assert "bahram-esfandi" not in {c.subject.id for c in result.changes}
    old = queries.changes(repo, "2019-01-01", "2019-12-31", around=LEADER)
    assert [c.kind for c in old.changes] == ["appointed"]


def test_undated_events_are_listed_apart(world: World, repo: Repository) -> None:
    world.doc("late", "Global Wire", "2025-08-02", ["Reza Tavan's deputy was arrested."])
    world.entity("deputy-x", EntityType.PERSON, "Deputy X")
    world.say("late", 0, "deputy-x", "arrested")
    world.say("late", 0, "karim-vastani", "imprisoned", qualifiers={"date_text": "before 1979"})
    result = queries.changes(repo, "2025-08-01", "2025-08-31")
    assert not result.changes
    assert [c.subject.id for c in result.undated] == ["deputy-x"]  # not the 1979 background
    assert queries.who(repo, "karim-vastani", at="2025-08-31").status.state == "active"


def test_timeline_is_in_date_order(world: World, repo: Repository) -> None:
    result = queries.timeline(repo, "hamid-sarraf")
    dated = [i.date for i in result.items if i.date]
    assert dated == sorted(dated)
    assert result.items[0].predicate == "appointed"
    assert any(i.kind == "first reported" and i.predicate == "advises" for i in result.items)


def test_rejected_statements_are_ignored(world: World, repo: Repository) -> None:
    arrest = next(s for s in repo.statements("farid-nouri") if s.predicate == "arrested")
    repo.add_judgement(Judgement("reject", str(arrest.id), "analyst", "wrong person"))
    result = queries.who(repo, "farid-nouri", at="2025-07-01")
    assert result.status.state == "active"
    assert not result.events


def test_unknown_and_ambiguous_names_are_clear_errors(world: World, repo: Repository) -> None:
    with pytest.raises(EntityNotFound):
        queries.who(repo, "Nobody Atall")
    with pytest.raises(AmbiguousEntity, match="Vastani"):
        queries.who(repo, "Vastani")
