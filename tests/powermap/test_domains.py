"""Domains come from the country pack's role words, institutions and keywords."""

from __future__ import annotations

import pytest

from innercircle.powermap.domains import DomainRules, WeightedText, load_domain_rules


@pytest.fixture(scope="module")
def rules() -> DomainRules:
    return load_domain_rules()


def domains(rules: DomainRules, *texts: str) -> list[str]:
    return [d.domain for d in rules.infer(WeightedText(t, 1.0, "role") for t in texts)]


def test_longest_phrase_wins(rules: DomainRules) -> None:
    assert domains(rules, "foreign minister") == ["diplomatic"]
    assert domains(rules, "minister") == ["political"]


def test_posts_and_institutions_give_domains(rules: DomainRules) -> None:
    assert domains(rules, "spymaster")[0] == "security"
    assert domains(rules, "overall commander", "Revolutionary Guard") == ["military"]
    assert domains(rules, "head of office")[0] == "political"
    assert domains(rules, "Friday prayer leader of the city")[0] == "religious"
    assert domains(rules, "director of a think tank programme") == []


def test_scores_show_the_words_that_matched(rules: DomainRules) -> None:
    found = rules.infer([WeightedText("deputy for political security affairs", 2.0, "role")])
    assert {d.domain for d in found} == {"political", "security"}
    security = next(d for d in found if d.domain == "security")
    assert security.matched and security.label == "security/intelligence"


def test_settings_come_from_the_pack(rules: DomainRules) -> None:
    assert {"military", "security"} <= rules.security_domains
    assert "deputy" in rules.rank_words
    assert rules.successor_words


def test_unknown_pack_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="nowhere"):
        load_domain_rules("nowhere")
