"""Publication dates: metadata values and datelines; nothing is guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from innercircle.corpus.dates import dateline_date, find_date, iso_date


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Monday, 02/05/2024", "2024-02-05"),  # month first, weekday agrees
        ("Tuesday, 05/02/2024", "2024-05-02"),  # weekday fits neither: month first
        ("Wednesday, 05/06/2024", "2024-06-05"),  # weekday says day first
        ("13/06/2025", "2025-06-13"),  # month first impossible
        ("June 17, 2025", "2025-06-17"),
        ("17 June 2025", "2025-06-17"),
        ("Sept. 3, 2024", "2024-09-03"),
        ("Published: June 17, 2025 10:12 GMT", "2025-06-17"),
        ("By Jane Roe | 17 June 2025", "2025-06-17"),
        (
            "TEHRAN, June 17, 2025 (Reuters) - The council met on Tuesday to discuss a reply.",
            "2025-06-17",
        ),
    ],
)
def test_datelines(line: str, iso: str) -> None:
    found = dateline_date(line)
    assert found is not None and found.iso == iso


def test_sentence_mentioning_a_date_is_not_a_dateline() -> None:
    line = "The commander was killed on June 13, 2025 in an airstrike on his home in the capital."
    assert find_date(line) is not None
    assert dateline_date(line) is None


def test_impossible_dates_are_rejected() -> None:
    assert find_date("February 30, 2024") is None
    assert iso_date("2024-13-01") is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025", "2025"),
        ("2025-06", "2025-06"),
        ("2025-06-17", "2025-06-17"),
        ("2025-06-17T08:00:00Z", "2025-06-17"),
        (dt.date(2021, 8, 3), "2021-08-03"),
        ("August 3, 2021", "2021-08-03"),
        ("not a date", None),
        ("", None),
    ],
)
def test_iso_date(value: object, iso: str | None) -> None:
    assert iso_date(value) == iso
