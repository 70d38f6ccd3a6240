"""A customer's household and circle: spouse, children, friends, and pets with species.

The card and the prompts mention these people by name ("How is Emma's first term?"), so a
relation is either a free name or a link to another customer whose name then follows any
edit of theirs. Each birthday may lack its year. Every change goes to the change log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.birthdays import BirthdayParts, birthday_words, refuse_future_birthday
from app.changes import record_change
from app.db import Database
from app.errors import RegularsError
from app.i18n import N_, _
from app.models import Customer, Relation, RelationKind
from app.occasions import format_birthday
from app.plain_text import refuse_hidden
from app.prompts.wording import relation_word

RELATION_FIELDS = ("kind", "name", "related_customer_id", "species", "birthday")
_LEAP_YEAR = 2000
_NAME_LIMIT = 100
_SPECIES_LIMIT = 50
_FIELD_LABELS = {"name": N_("Name"), "species": N_("Species")}
"""What the household editor calls the relation's free-text fields."""


@dataclass(frozen=True)
class RelationView:
    """One relation as the card and the household editor show it."""

    id: int
    customer_id: int
    kind: str
    name: str | None
    related_customer_id: int | None
    related_name: str | None
    species: str | None
    birthday: str | None

    @property
    def label(self) -> str:
        """ "Emma (child, birthday May 4)" — who they are at a glance, the birthday as the
        shop's locale writes it."""
        who = self.name or self.related_name or "?"
        kind = relation_word(self.kind)
        details = [f"{kind}, {self.species}" if self.species else kind]
        if self.related_customer_id is not None:
            details.append(_("customer #{id}").format(id=self.related_customer_id))
        if self.birthday:
            details.append(_("birthday {day}").format(day=birthday_words(self.birthday)))
        return f"{who} ({', '.join(details)})"


def _view(relation: Relation) -> RelationView:
    linked = relation.related_customer
    return RelationView(
        id=relation.id,
        customer_id=relation.customer_id,
        kind=relation.kind.value,
        name=relation.name,
        related_customer_id=relation.related_customer_id,
        related_name=linked.display_name if linked is not None else None,
        species=relation.species,
        birthday=format_birthday(
            relation.birthday_month, relation.birthday_day, relation.birthday_year
        ),
    )


def _kind(value: object) -> RelationKind:
    try:
        return RelationKind(str(value).strip().lower())
    except ValueError:
        kinds = ", ".join(k.value for k in RelationKind)
        raise RegularsError(
            _("'{value}' is not a kind of relation; use one of {kinds}.").format(
                value=value, kinds=kinds
            )
        ) from None


def _short_text(field: str, value: object, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RegularsError(_("The relation's {field} must be text.").format(field=field))
    refuse_hidden(_(_FIELD_LABELS[field]), value)
    text = " ".join(value.split())
    if len(text) > limit:
        raise RegularsError(
            _("The relation's {field} is {length} characters; at most {limit}.").format(
                field=field, length=len(text), limit=limit
            )
        )
    return text or None


def _birthday(value: object) -> dict[str, int | None]:
    if value is None:
        return {"birthday_month": None, "birthday_day": None, "birthday_year": None}
    if not isinstance(value, tuple) or len(value) != 3:
        raise RegularsError(_("A relation's birthday is a month, a day and an optional year."))
    month, day, year = value
    try:
        date(year or _LEAP_YEAR, month, day)
    except (TypeError, ValueError):
        shown = format_birthday(month, day, year) if isinstance(month, int) else value
        raise RegularsError(
            _("The birthday {shown} is not a real date.").format(shown=shown)
        ) from None
    refuse_future_birthday(month, day, year, date.today())
    return {"birthday_month": month, "birthday_day": day, "birthday_year": year}


def _link(session: Session, customer_id: int, value: object) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise RegularsError(_("A linked customer is given by their id number."))
    if value == customer_id:
        raise RegularsError(
            _("Customer {customer_id} cannot be their own relation.").format(
                customer_id=customer_id
            )
        )
    if session.get(Customer, value) is None:
        raise RegularsError(
            _("There is no customer with id {value} to link to.").format(value=value)
        )
    return value


def _columns(session: Session, customer_id: int, changes: Mapping[str, object]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "kind":
            columns["kind"] = _kind(value)
        elif field == "name":
            columns["name"] = _short_text("name", value, _NAME_LIMIT)
        elif field == "species":
            columns["species"] = _short_text("species", value, _SPECIES_LIMIT)
        elif field == "related_customer_id":
            columns["related_customer_id"] = _link(session, customer_id, value)
        elif field == "birthday":
            columns.update(_birthday(value))
        else:
            fields = ", ".join(RELATION_FIELDS)
            raise RegularsError(
                _("'{field}' is not a relation field; use one of {fields}.").format(
                    field=field, fields=fields
                )
            )
    return columns


def _check_whole(relation: Relation) -> None:
    if relation.name is None and relation.related_customer_id is None:
        raise RegularsError(_("A relation needs a name or a linked customer."))
    if relation.species is not None and relation.kind is not RelationKind.PET:
        raise RegularsError(_("Only a pet has a species; choose the kind 'pet'."))


def _log(session: Session, action: str, relation: Relation, payload: dict[str, Any]) -> None:
    record_change(session, action, "relation", relation.id, relation.customer_id, payload)


def _relation(session: Session, relation_id: int) -> Relation:
    relation = session.get(Relation, relation_id)
    if relation is None:
        raise RegularsError(
            _("There is no relation with id {relation_id}.").format(relation_id=relation_id)
        )
    return relation


def add_relation(
    database: Database,
    customer_id: int,
    kind: RelationKind | str,
    name: str | None = None,
    related_customer_id: int | None = None,
    species: str | None = None,
    birthday: BirthdayParts | None = None,
) -> RelationView:
    """Record someone in the customer's circle so the card and prompts can name them."""
    with database.session() as session:
        if session.get(Customer, customer_id) is None:
            raise RegularsError(
                _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
            )
        given = {
            "kind": kind,
            "name": name,
            "related_customer_id": related_customer_id,
            "species": species,
            "birthday": birthday,
        }
        columns = _columns(session, customer_id, given)
        relation = Relation(customer_id=customer_id, **columns)
        _check_whole(relation)
        session.add(relation)
        session.flush()
        logged = {k: v for k, v in columns.items() if v is not None}
        _log(session, "relation_add", relation, logged)
        return _view(relation)


def edit_relation(
    database: Database, relation_id: int, changes: Mapping[str, object]
) -> RelationView:
    """Change only the given fields (``None`` clears one); the log keeps old and new."""
    if not changes:
        raise RegularsError(_("Nothing to change: give at least one field."))
    with database.session() as session:
        relation = _relation(session, relation_id)
        columns = _columns(session, relation.customer_id, changes)
        changed = {
            name: [getattr(relation, name), value]
            for name, value in columns.items()
            if getattr(relation, name) != value
        }
        for name, (_old, value) in changed.items():
            setattr(relation, name, value)
        _check_whole(relation)
        if changed:
            session.flush()
            session.refresh(relation)
            _log(session, "relation_edit", relation, changed)
        return _view(relation)


def remove_relation(database: Database, relation_id: int) -> RelationView:
    """Take someone out of the circle; the log keeps what was removed."""
    with database.session() as session:
        relation = _relation(session, relation_id)
        view = _view(relation)
        _log(
            session,
            "relation_remove",
            relation,
            {
                "kind": view.kind,
                "name": view.name,
                "related_customer_id": view.related_customer_id,
                "species": view.species,
                "birthday": view.birthday,
            },
        )
        session.delete(relation)
        return view


def list_relations(database: Database, customer_id: int) -> list[RelationView]:
    """The customer's circle in the order it was entered."""
    with database.session() as session:
        if session.get(Customer, customer_id) is None:
            raise RegularsError(
                _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
            )
        rows = session.scalars(
            select(Relation).where(Relation.customer_id == customer_id).order_by(Relation.id)
        )
        return [_view(r) for r in rows]
