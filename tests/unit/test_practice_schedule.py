"""Practice cards come back when FSRS says: learning steps of 1 and 10 minutes, then
intervals equal to the memory's stability (at FSRS's 90 % retention), growing with each
success, and a lapse sends a known card back to relearning."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.errors import RegularsError
from app.models import PracticeState
from app.practice import KNOWN_DAYS, new_memory, review
from app.practice.schedule import is_known

START = datetime(2026, 3, 2, 9, 0)
INITIAL_STABILITY = {1: 0.212, 2: 1.2931, 3: 2.3065, 4: 8.2956}
"""FSRS-6's default first four weights: the stability after a first grade."""


def test_a_first_again_or_good_stays_in_the_learning_steps() -> None:
    again = review(new_memory(START), 1, START)
    good = review(new_memory(START), 3, START)
    assert (again.state, again.step, again.due - START) == (
        PracticeState.LEARNING,
        0,
        timedelta(minutes=1),
    )
    assert (good.state, good.step, good.due - START) == (
        PracticeState.LEARNING,
        1,
        timedelta(minutes=10),
    )
    assert good.stability == pytest.approx(INITIAL_STABILITY[3])


def test_a_first_easy_skips_learning_for_an_interval_of_its_stability() -> None:
    easy = review(new_memory(START), 4, START)
    assert easy.state == PracticeState.REVIEW
    assert easy.stability == pytest.approx(INITIAL_STABILITY[4])
    assert easy.due - START == timedelta(days=8)
    assert (easy.reps, easy.lapses, easy.last_review) == (1, 0, START)


def test_review_intervals_are_the_stability_in_days_and_grow_with_each_success() -> None:
    memory = review(new_memory(START), 3, START)
    memory = review(memory, 3, memory.due)
    intervals = []
    for _ in range(4):
        now = memory.due
        memory = review(memory, 3, now)
        assert memory.state == PracticeState.REVIEW
        assert memory.stability is not None
        interval = memory.due - now
        assert interval == timedelta(days=round(memory.stability))
        intervals.append(interval.days)
    assert intervals == sorted(set(intervals))
    assert intervals[-1] > KNOWN_DAYS
    assert memory.reps == 6


def test_easy_beats_good_beats_hard_on_a_review_card() -> None:
    known = review(new_memory(START), 4, START)
    due = {rating: review(known, rating, known.due).due for rating in (2, 3, 4)}
    assert due[2] < due[3] < due[4]


def test_forgetting_a_known_card_relearns_it_and_counts_a_lapse() -> None:
    known = review(new_memory(START), 4, START)
    forgot = review(known, 1, known.due)
    assert forgot.state == PracticeState.RELEARNING
    assert forgot.due - known.due == timedelta(minutes=10)
    assert forgot.lapses == 1
    assert forgot.stability is not None and forgot.stability < INITIAL_STABILITY[4]


def test_only_a_grade_from_1_to_4_is_accepted() -> None:
    for rating in (0, 5):
        with pytest.raises(RegularsError, match="not a grade"):
            review(new_memory(START), rating, START)


def test_known_means_in_review_and_stable_for_three_weeks() -> None:
    assert is_known(PracticeState.REVIEW, KNOWN_DAYS)
    assert not is_known(PracticeState.REVIEW, KNOWN_DAYS - 0.5)
    assert not is_known(PracticeState.RELEARNING, 100.0)
    assert not is_known(PracticeState.LEARNING, None)
