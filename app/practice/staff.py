"""The people behind the counter, by name: practice progress belongs to a person.

Names are how staff pick themselves at the practice screen and on the command line, so
they are unique regardless of case and surrounding spaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import RegularsError
from app.i18n import N_, _
from app.models import Staff, StaffRole
from app.plain_text import refuse_hidden
from app.safety.access import CLERK, Access
from app.safety.owner_secret import owner_only

NAME_MAX = 100


@dataclass(frozen=True)
class StaffMember:
    """A staff member as lists and pickers show them."""

    id: int
    name: str
    role: str
    active: bool


def _member(staff: Staff) -> StaffMember:
    return StaffMember(staff.id, staff.name, staff.role.value, staff.active)


def _clean_name(name: str) -> str:
    refuse_hidden(_("Name"), name)
    cleaned = " ".join(name.split())
    if not cleaned:
        raise RegularsError(_("a staff member needs a name."))
    if len(cleaned) > NAME_MAX:
        raise RegularsError(
            _("a staff name may have at most {name_max} characters.").format(name_max=NAME_MAX)
        )
    return cleaned


def find_staff(session: Session, name: str) -> Staff:
    """The active staff member called ``name`` (any case); an unknown name is refused.

    The staff table holds a handful of rows, and SQLite's ``lower`` folds ASCII only, so
    the names are compared in Python."""
    wanted = " ".join(name.split()).casefold()
    staff = next((s for s in session.scalars(select(Staff)) if s.name.casefold() == wanted), None)
    if staff is None or not staff.active:
        raise RegularsError(
            _("no staff member is called '{name}'; see 'regulars staff list'.").format(name=name)
        )
    return staff


def add_staff(
    database: Database, name: str, role: str = StaffRole.CLERK.value, *, access: Access = CLERK
) -> StaffMember:
    """Add a clerk, or an owner (who shapes the practice deck: the owner's to give once
    owner mode is protected); a name already taken (in any case) is refused."""
    cleaned = _clean_name(name)
    if role not in {r.value for r in StaffRole}:
        raise RegularsError(
            _("'{role}' is not a staff role; use clerk or owner.").format(role=role)
        )
    if role == StaffRole.OWNER.value:
        owner_only(database, access, N_("add an owner to the staff"))
    with database.session() as session:
        taken = [s.name for s in session.scalars(select(Staff))]
        if cleaned.casefold() in {t.casefold() for t in taken}:
            raise RegularsError(
                _("a staff member is already called '{cleaned}'.").format(cleaned=cleaned)
            )
        staff = Staff(name=cleaned, role=StaffRole(role), active=True)
        session.add(staff)
        session.flush()
        return _member(staff)


def list_staff(database: Database) -> list[StaffMember]:
    """Everyone on the staff list, by name, for pickers and ``regulars staff list``."""
    with database.reading() as session:
        return [_member(s) for s in session.scalars(select(Staff).order_by(Staff.name))]
