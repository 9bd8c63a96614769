"""Partial dates compare at the shorter precision; bad dates are refused with a clear message."""

from __future__ import annotations

import pytest

from innercircle.powermap import dates


def test_partial_dates_compare_at_their_precision() -> None:
    assert dates.on_or_before("2025-06", "2025-06-17")
    assert dates.on_or_before("2025", "2025-01-01")
    assert not dates.on_or_before("2025-07", "2025-06-30")
    assert not dates.on_or_before(None, "2025-06-30")
    assert dates.before("2025-05", "2025-06-01")
    assert not dates.before("2025-06", "2025-06-01")
    assert dates.in_range("2025-06", "2025-06-10", "2025-06-20")
    assert not dates.in_range("2025-05-31", "2025-06-01", "2025-06-30")


def test_compatible_dates_refine_each_other() -> None:
    assert dates.compatible("2025-06", "2025-06-13")
    assert dates.compatible(None, "2025-06-13")
    assert not dates.compatible("2025-06-13", "2025-06-15")


def test_periods_expand_partial_dates() -> None:
    assert dates.period_start("2024-02") == "2024-02-01"
    assert dates.period_end("2024-02") == "2024-02-29"
    assert dates.period_end("2025") == "2025-12-31"
    assert dates.shift("2025-06-17", -30) == "2025-05-18"


@pytest.mark.parametrize("bad", ["17/06/2025", "2025-13", "2025-02-30", "June"])
def test_bad_dates_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="date"):
        dates.check_date(bad)
