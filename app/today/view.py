"""What the Today view shows, as plain frozen values the window and the CLI both read.

Every row names its customer (so it can open the card) and carries a ``key`` that
``mark_today_row`` understands, so a row marked done or snoozed is remembered by what
it is about ("Anna's birthday on 3 Dec", "overdue since the visit on 12 Oct"), not by
its position in a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.errors import RegularsError
from app.i18n import N_, _

NOTHING_TODAY = N_(
    "Nothing to notice today.\n\nBirthdays, anniversaries, notes to follow up and "
    "regulars who are overdue show here once customers have them."
)
"""What an empty Today says, in the window and on the command line."""


@dataclass(frozen=True)
class TodayRow:
    """One thing to notice today about one customer.

    ``private`` marks rows drawn from a private note: fine on the owner's Today view,
    never for the register screen.
    """

    key: str
    customer_id: int
    display_name: str
    text: str
    detail: str = ""
    private: bool = False


Listing = tuple[list[TodayRow], int]
"""The first rows of a list and how many rows it has in all."""


@dataclass(frozen=True)
class TodaySection:
    """A titled list; ``total`` counts every row due, ``rows`` only the first few of them."""

    name: str
    title: str
    rows: tuple[TodayRow, ...]
    total: int


@dataclass(frozen=True)
class TodayView:
    """The start-of-day summary for one date, sections in the order the owner reads them."""

    on: date
    sections: tuple[TodaySection, ...]

    def section(self, name: str) -> TodaySection:
        """One section by name ("occasions", "follow_ups", "overdue", "new", "likely")."""
        for section in self.sections:
            if section.name == name:
                return section
        raise RegularsError(_("The Today view has no section {name!r}.").format(name=name))

    @property
    def empty(self) -> bool:
        """True when there is nothing at all to notice today."""
        return not any(section.rows for section in self.sections)
