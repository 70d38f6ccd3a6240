"""A practice session, one call per card: what to ask next, a grade, and progress.

Each call opens its own short session and returns frozen values, so the practice window
and ``regulars practice`` share every rule. Cards come in this order: those due now
(oldest first), then a new one while today's allowance lasts, then a learning card due
within ``LEARN_AHEAD`` (as Anki does, rather than leaving the learner idle). A new card
is made the first time it is shown, so its id can be graded. Each customer is first
learned face to name; from the day after that card graduates, name to face joins in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.models import Customer, PracticeCard, PracticeDeckEntry, PracticeDirection, PracticeReview
from app.models import PracticeState as St
from app.practice.content import CardContent, load_content
from app.practice.deck import deck_ids
from app.practice.schedule import Memory, check_rating, is_known, new_memory, review
from app.practice.staff import find_staff

DAILY_NEW = 10
"""New faces a day: enough to make progress, few enough that reviews stay short."""
LEARN_AHEAD = timedelta(minutes=20)
CHART_DAYS = 30


@dataclass(frozen=True)
class PracticeItem:
    """The card to ask now, with how much is left today (``due_now`` includes it)."""

    card_id: int
    content: CardContent
    is_new: bool
    due_now: int
    new_left: int

    @property
    def left_today(self) -> int:
        """Cards still to go today, for the counter on the practice screen."""
        return self.due_now + self.new_left


@dataclass(frozen=True)
class Graded:
    """A grade as recorded: the card's new state and when it comes back."""

    card_id: int
    rating: int
    state: str
    due: datetime
    stability: float


@dataclass(frozen=True)
class DayCount:
    """Cards reviewed on one day, a bar of the progress chart."""

    day: date
    reviews: int


@dataclass(frozen=True)
class Progress:
    """How one staff member is doing: the names they know and what is left today."""

    staff: str
    names_known: int
    cards_known: int
    cards_started: int
    due_today: int
    new_left: int
    deck_size: int
    per_day: tuple[DayCount, ...]


def _day_start(now: datetime) -> datetime:
    return datetime.combine(now.date(), time())


def _active(query: Select[PracticeCard], staff_id: int) -> Select[PracticeCard]:
    """Only cards of customers still in the shop's life and not removed from the deck."""
    return (
        query.join(Customer, Customer.id == PracticeCard.customer_id)
        .outerjoin(PracticeDeckEntry, PracticeDeckEntry.customer_id == PracticeCard.customer_id)
        .where(PracticeCard.staff_id == staff_id)
        .where(Customer.archived.is_(False))
        .where(or_(PracticeDeckEntry.included.is_(None), PracticeDeckEntry.included.is_(True)))
    )


def _due_before(session: Session, staff_id: int, moment: datetime) -> PracticeCard | None:
    query = _active(select(PracticeCard), staff_id).where(PracticeCard.due <= moment)
    return session.scalar(query.order_by(PracticeCard.due, PracticeCard.id).limit(1))


def _count_due(session: Session, staff_id: int, moment: datetime) -> int:
    query = _active(select(PracticeCard), staff_id).where(PracticeCard.due <= moment)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _new_candidates(
    session: Session, staff_id: int, today: date
) -> Iterator[tuple[int, PracticeDirection]]:
    """Deck order; a name-to-face card only once the face-to-name card has graduated
    and was introduced before today (so the two ways round never follow each other)."""
    start = datetime.combine(today, time())
    have = {
        (cid, direction): state == St.REVIEW and introduced < start
        for cid, direction, state, introduced in session.execute(
            select(
                PracticeCard.customer_id,
                PracticeCard.direction,
                PracticeCard.state,
                PracticeCard.introduced_at,
            ).where(PracticeCard.staff_id == staff_id)
        )
    }
    for cid in deck_ids(session, today):
        face = have.get((cid, PracticeDirection.FACE_TO_NAME))
        if face is None:
            yield cid, PracticeDirection.FACE_TO_NAME
        elif face and (cid, PracticeDirection.NAME_TO_FACE) not in have:
            yield cid, PracticeDirection.NAME_TO_FACE


def _new_left(session: Session, staff_id: int, now: datetime, daily_new: int) -> int:
    start = _day_start(now)
    introduced = (
        session.scalar(
            select(func.count(PracticeCard.id))
            .where(PracticeCard.staff_id == staff_id)
            .where(PracticeCard.introduced_at >= start)
            .where(PracticeCard.introduced_at < start + timedelta(days=1))
        )
        or 0
    )
    allowance = max(0, daily_new - introduced)
    if not allowance:
        return 0
    candidates = _new_candidates(session, staff_id, now.date())
    return sum(1 for _ in islice(candidates, allowance))


def _introduce(session: Session, staff_id: int, now: datetime) -> PracticeCard | None:
    first = next(_new_candidates(session, staff_id, now.date()), None)
    if first is None:
        return None
    memory = new_memory(now)
    card = PracticeCard(
        staff_id=staff_id,
        customer_id=first[0],
        direction=first[1],
        state=memory.state,
        step=memory.step,
        due=memory.due,
        reps=0,
        lapses=0,
        introduced_at=now,
    )
    session.add(card)
    session.flush()
    return card


def next_card(
    database: Database, staff: str, now: datetime, *, daily_new: int = DAILY_NEW
) -> PracticeItem | None:
    """The card ``staff`` should see now, or None when today's practice is done."""
    if daily_new < 0:
        raise RegularsError(_("the daily number of new cards cannot be negative."))
    with database.session() as session:
        staff_id = find_staff(session, staff).id
        card = _due_before(session, staff_id, now)
        if card is None and _new_left(session, staff_id, now, daily_new):
            card = _introduce(session, staff_id, now)
        if card is None:
            card = _due_before(session, staff_id, now + LEARN_AHEAD)
        if card is None:
            return None
        return PracticeItem(
            card_id=card.id,
            content=load_content(session, card.customer_id, card.direction, now.date()),
            is_new=card.reps == 0,
            due_now=_count_due(session, staff_id, now),
            new_left=_new_left(session, staff_id, now, daily_new),
        )


def grade_card(database: Database, card_id: int, rating: int, staff: str, now: datetime) -> Graded:
    """Record how well ``staff`` recalled card ``card_id`` (1 again … 4 easy) and
    schedule it; someone else's card or an unknown grade is refused."""
    check_rating(rating)
    with database.session() as session:
        member = find_staff(session, staff)
        card = session.get(PracticeCard, card_id)
        if card is None or card.staff_id != member.id:
            raise RegularsError(
                _("{member} has no practice card #{card_id}.").format(
                    member=member.name, card_id=card_id
                )
            )
        after = review(
            Memory(
                card.state,
                card.step,
                card.stability,
                card.difficulty,
                card.due,
                card.last_review,
                card.reps,
                card.lapses,
            ),
            rating,
            now,
        )
        card.state = after.state
        card.step = after.step
        card.stability = after.stability
        card.difficulty = after.difficulty
        card.due = after.due
        card.last_review = after.last_review
        card.reps = after.reps
        card.lapses = after.lapses
        session.add(
            PracticeReview(card_id=card.id, reviewed_at=now, rating=rating, due_after=after.due)
        )
        return Graded(card.id, rating, after.state.value, after.due, after.stability or 0.0)


def progress(
    database: Database, staff: str, now: datetime, *, daily_new: int = DAILY_NEW
) -> Progress:
    """Names known, what is due today, and reviews a day for the last ``CHART_DAYS``."""
    with database.session() as session:
        member = find_staff(session, staff)
        cards = session.execute(
            _active(select(PracticeCard), member.id).with_only_columns(
                PracticeCard.state, PracticeCard.stability, PracticeCard.direction
            )
        ).all()
        known = [direction for state, stability, direction in cards if is_known(state, stability)]
        first_day = now.date() - timedelta(days=CHART_DAYS - 1)
        days = Counter(
            moment.date()
            for moment in session.scalars(
                select(PracticeReview.reviewed_at)
                .join(PracticeCard, PracticeCard.id == PracticeReview.card_id)
                .where(PracticeCard.staff_id == member.id)
                .where(PracticeReview.reviewed_at >= datetime.combine(first_day, time()))
                .where(PracticeReview.reviewed_at < _day_start(now) + timedelta(days=1))
            )
        )
        return Progress(
            staff=member.name,
            names_known=known.count(PracticeDirection.FACE_TO_NAME),
            cards_known=len(known),
            cards_started=len(cards),
            due_today=_count_due(
                session, member.id, _day_start(now) + timedelta(days=1, microseconds=-1)
            ),
            new_left=_new_left(session, member.id, now, daily_new),
            deck_size=len(deck_ids(session, now.date())),
            per_day=tuple(
                DayCount(day, days.get(day, 0))
                for day in (first_day + timedelta(days=n) for n in range(CHART_DAYS))
            ),
        )
