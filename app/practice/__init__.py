"""Learning the regulars' names: staff, the deck, FSRS scheduling and practice sessions.

Plain Python over the models; the practice window and ``regulars practice`` call these.
"""

from app.practice.content import CardContent
from app.practice.deck import DeckMember, list_deck, set_in_deck
from app.practice.schedule import KNOWN_DAYS, RATINGS, Memory, new_memory, review
from app.practice.service import (
    DAILY_NEW,
    DayCount,
    Graded,
    PracticeItem,
    Progress,
    grade_card,
    next_card,
    progress,
)
from app.practice.session import PracticeSession, wall_clock
from app.practice.staff import StaffMember, add_staff, list_staff

__all__ = [
    "DAILY_NEW",
    "KNOWN_DAYS",
    "RATINGS",
    "CardContent",
    "DayCount",
    "DeckMember",
    "Graded",
    "Memory",
    "PracticeItem",
    "PracticeSession",
    "Progress",
    "StaffMember",
    "add_staff",
    "grade_card",
    "list_deck",
    "list_staff",
    "new_memory",
    "next_card",
    "progress",
    "review",
    "set_in_deck",
    "wall_clock",
]
