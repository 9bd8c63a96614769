"""Date expressions resolved against the publication date."""

from __future__ import annotations

from datetime import date

from innercircle.extract.dates import find_dates
from innercircle.records import DateMethod

TUESDAY = date(2025, 6, 17)


def one(text: str, published: date | None = TUESDAY) -> tuple[str | None, DateMethod, str]:
    hits = find_dates(text, published)
    assert len(hits) == 1, hits
    return hits[0].value, hits[0].method, hits[0].text


def test_full_dates_are_explicit() -> None:
    assert one("the October 7, 2023, attacks")[:2] == ("2023-10-07", DateMethod.EXPLICIT)
    assert one("on 13 June 2025")[0] == "2025-06-13"
    assert one("Monday, 02/05/2024")[0] == "2024-02-05"  # the weekday only names the date
    assert one("On Saturday morning, October 26, amid", date(2024, 10, 27))[0] == "2024-10-26"
    assert find_dates("dated 02/05/2024", None)[0].value == "2024-02-05"  # month first


def test_weekdays_resolve_to_the_latest_such_day() -> None:
    assert one("killed since Friday")[:2] == ("2025-06-13", DateMethod.RELATIVE)
    assert one("in a speech on Tuesday")[0] == "2025-06-17"  # the publication day itself
    assert one("last Tuesday")[0] == "2025-06-10"


def test_month_and_day_without_year_take_the_latest_past_year() -> None:
    assert one("On October 25, he warned", date(2024, 10, 27))[0] == "2024-10-25"
    assert one("the January 3 attack", date(2024, 2, 5))[0] == "2024-01-03"
    assert one("the October 7 invasion", date(2024, 2, 5))[0] == "2023-10-07"


def test_relative_months_and_years() -> None:
    assert one("killed in September last year")[0] == "2024-09"
    assert one("overthrown by rebels in December")[0] == "2024-12"
    assert one("arrested last week")[0] == "2025-06-10"
    assert one("three days ago")[0] == "2025-06-14"


def test_year_lists_give_every_year() -> None:
    hits = find_dates("to suppress protests in 1999, 2009 and 2022.", TUESDAY)
    assert hits[0].values == ["1999", "2009", "2022"]
    assert hits[0].method == DateMethod.YEAR


def test_without_publication_date_relative_dates_stay_open() -> None:
    value, method, text = one("killed since Friday", None)
    assert value is None and method == DateMethod.UNKNOWN and text == "since Friday"


def test_dates_after_before_are_bounds() -> None:
    hits = find_dates("imprisoned before the 1979 revolution", TUESDAY)
    assert hits[0].value == "1979" and hits[0].open


def test_non_dates_are_ignored() -> None:
    assert find_dates("the Friday prayer leader of the city", TUESDAY) == []
    assert find_dates("we may 5 times a day; 15-20 advisers; 36,000 martyrs", TUESDAY) == []


def test_impossible_calendar_days_give_no_date() -> None:
    assert find_dates("He died on February 30, 2024.", TUESDAY) == []
    assert find_dates("He died on 31 April 2023.", TUESDAY) == []
    assert find_dates("He died on February 30.", TUESDAY) == []
    assert find_dates("He died on 2023-02-29.", TUESDAY) == []


def test_next_and_coming_weekdays_and_tomorrow_are_in_the_future() -> None:
    pub = date(2024, 7, 31)  # a Wednesday
    assert find_dates("They meet next Tuesday.", pub)[0].value == "2024-08-06"
    assert find_dates("They meet this coming Friday.", pub)[0].value == "2024-08-02"
    assert find_dates("They meet tomorrow.", pub)[0].value == "2024-08-01"
    assert find_dates("They met on Tuesday.", pub)[0].value == "2024-07-30"
