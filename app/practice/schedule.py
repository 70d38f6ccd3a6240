"""When a practice card comes back, by FSRS (the py-fsrs library, MIT).

FSRS is the scheduler Anki ships: it tracks how stable a memory is and how hard the card
is, and asks again just before the chance of remembering drops below 90 %. Fuzzing is
off, so the same grades always give the same dates: ``--on DATE`` previews and tests are
reproducible, and a shop's deck is too small for bunching to matter.

Practice times are the shop's wall clock (naive local time), because "due today" means
the shop's day; FSRS only looks at differences, so they are labelled UTC on the way in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler, State

from app.errors import RegularsError
from app.i18n import _
from app.models import PracticeState

KNOWN_DAYS = 21
"""A card counts as known once FSRS trusts it for three weeks or more."""

RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}

_SCHEDULER = Scheduler(enable_fuzzing=False)
_STATES = {
    State.Learning: PracticeState.LEARNING,
    State.Review: PracticeState.REVIEW,
    State.Relearning: PracticeState.RELEARNING,
}
_FSRS_STATES = {ours: theirs for theirs, ours in _STATES.items()}


@dataclass(frozen=True)
class Memory:
    """A card's scheduling state, exactly the columns of ``PracticeCard``."""

    state: PracticeState
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0


def new_memory(now: datetime) -> Memory:
    """A card never seen: first learning step, due at once."""
    return Memory(PracticeState.LEARNING, 0, None, None, now, None)


def check_rating(rating: int) -> Rating:
    """The grade as FSRS's rating; anything but 1–4 is refused."""
    if rating not in RATINGS:
        raise RegularsError(
            _("'{rating}' is not a grade; use 1 again, 2 hard, 3 good or 4 easy.").format(
                rating=rating
            )
        )
    return Rating(rating)


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def review(memory: Memory, rating: int, now: datetime) -> Memory:
    """The state after grading ``memory`` with ``rating`` (1–4) at ``now``."""
    card = Card(
        state=_FSRS_STATES[memory.state],
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=_aware(memory.due),
        last_review=_aware(memory.last_review),
    )
    graded, _ = _SCHEDULER.review_card(card, check_rating(rating), _aware(now))
    forgot = memory.state == PracticeState.REVIEW and rating == Rating.Again
    return replace(
        memory,
        state=_STATES[graded.state],
        step=graded.step,
        stability=graded.stability,
        difficulty=graded.difficulty,
        due=_naive(graded.due),
        last_review=now,
        reps=memory.reps + 1,
        lapses=memory.lapses + forgot,
    )


def is_known(state: PracticeState, stability: float | None) -> bool:
    """Known: out of learning, and stable for ``KNOWN_DAYS`` or more."""
    return state == PracticeState.REVIEW and (stability or 0.0) >= KNOWN_DAYS
