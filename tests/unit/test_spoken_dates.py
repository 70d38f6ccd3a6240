"""Reading times out of notes: every phrasing of the test list, and the measured rates."""

from __future__ import annotations

from datetime import date

import pytest

from app.notes.spoken_dates import ASK_AFTER_DAYS, find_spoken_date
from bench.spoken_dates import load_cases, read_with_rules, score

CASES = load_cases()


@pytest.mark.parametrize("case", CASES.said, ids=lambda case: case.note)
def test_a_said_time_is_read_with_its_words(case) -> None:
    found = find_spoken_date(case.note, CASES.today, case.language)
    assert found is not None
    assert (found.words, found.until) == (case.words, case.until)
    assert case.note[found.start : found.end] == case.words
    assert (found.ask_on - found.until).days == ASK_AFTER_DAYS


def test_recall_and_false_proposals_are_measured(capsys: pytest.CaptureFixture[str]) -> None:
    result = score(read_with_rules, CASES)
    with capsys.disabled():
        print(
            f"\nspoken dates: recall {result.caught}/{result.said} = {result.recall:.0%}, "
            f"false proposals {result.false}/{result.silent} = {result.false_rate:.1%}"
        )
    assert result.said >= 60 and result.silent >= 60
    assert result.recall >= 0.9
    assert result.false_rate < 1 / 20


@pytest.mark.parametrize(
    ("note", "language"),
    [
        ("went to Maine in July", "en"),
        ("knee surgery last Tuesday", "en"),
        ("was in hospital over Christmas", "en"),
        ("war letzten Sommer an der Ostsee", "de"),
        ("hochzeit war am 14. Juni", "de"),
    ],
)
def test_a_time_already_past_proposes_nothing(note: str, language: str) -> None:
    assert find_spoken_date(note, date(2026, 1, 31), language) is None


def test_a_month_already_gone_this_year_means_next_year() -> None:
    found = find_spoken_date("back in March", date(2026, 5, 2), "en")
    assert found is not None and found.until == date(2027, 3, 31)


def test_the_shop_language_decides_the_words() -> None:
    assert find_spoken_date("Urlaub im Juli", date(2026, 1, 31), "en") is None
    found = find_spoken_date("Urlaub im Juli", date(2026, 1, 31), "de")
    assert found is not None and found.ask_on == date(2026, 8, 2)
    unknown = find_spoken_date("away in July", date(2026, 1, 31), "pl")
    assert unknown is not None and unknown.words == "in July"


def test_a_wrong_day_is_not_a_date() -> None:
    assert find_spoken_date("party on February 30th", date(2026, 1, 31), "en") is None
    assert find_spoken_date("recital on 13/40", date(2026, 1, 31), "en") is None
