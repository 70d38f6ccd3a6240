"""Adding, editing and archiving customers, each change written to the change log.

An edit names the version of the customer it started from. If another window saved in
between, the edit is refused as a whole (the other window's fields stay exactly as saved)
and the owner reopens the customer; an edit only ever writes the fields it was given,
so it can never put back values another edit changed. SQLAlchemy's ``version_id_col``
repeats the check inside the UPDATE, which covers two saves at the same instant.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.changes import record_change
from app.customers.fields import NewCustomer, read_field
from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.kept import keep_text, keeping_typed, kept_folders
from app.models import Customer
from app.occasions import format_birthday
from app.phones import shop_region, shown_phone
from app.today.names import names_of


@dataclass(frozen=True)
class CustomerView:
    """A customer's own fields as the edit form shows them; ``version`` goes back with
    the edit so a save based on an older view is refused."""

    id: int
    version: int
    display_name: str
    first_name: str
    last_name: str
    preferred_name: str | None
    phone: str | None
    email: str | None
    address_line: str | None
    town: str | None
    birthday: str | None
    customer_since: date | None
    contact_consent: bool | None
    no_sales_prompts: bool
    archived: bool

    @property
    def contact_line(self) -> str:
        """Phone, email, street and town on one line, as the card and the CLI print them."""
        parts = (self.phone, self.email, self.address_line, self.town)
        return " · ".join(part for part in parts if part)


def customer_view(customer: Customer) -> CustomerView:
    """A loaded customer's own fields as plain values (the card and the edit form share it).
    The phone is shown in one format for the shop's region, however the till wrote it,
    and keeps its country when the shop's country changes."""
    region = shop_region()
    return CustomerView(
        id=customer.id,
        version=customer.version,
        display_name=customer.display_name,
        first_name=customer.first_name,
        last_name=customer.last_name,
        preferred_name=customer.preferred_name,
        phone=shown_phone(customer.phone, customer.phone_digits, region)
        if customer.phone
        else None,
        email=customer.email,
        address_line=customer.address_line,
        town=customer.town,
        birthday=format_birthday(
            customer.birthday_month, customer.birthday_day, customer.birthday_year
        ),
        customer_since=customer.customer_since,
        contact_consent=customer.contact_consent,
        no_sales_prompts=customer.no_sales_prompts,
        archived=customer.archived,
    )


def _columns(session: Session, changes: Mapping[str, object]) -> dict[str, Any]:
    region = shop_region()
    columns: dict[str, Any] = {}
    for field, value in changes.items():
        columns.update(read_field(field, value, region))
    return columns


def _require_name(first: str, last: str) -> None:
    if not first and not last:
        raise RegularsError(_("A customer needs at least a first or a last name."))


def _log(session: Session, action: str, customer: Customer, payload: dict[str, Any]) -> None:
    record_change(session, action, "customer", customer.id, customer.id, payload)


def _customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise RegularsError(
            _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
        )
    return customer


@contextmanager
def _one_writer(customer_id: int) -> Iterator[None]:
    """Turn a save that lost a race with another window into the owner's message."""
    try:
        yield
    except (StaleDataError, OperationalError) as exc:
        raise RegularsError(
            _(
                "Customer {customer_id} was being changed in another window at the same "
                "moment; your changes were not saved. Reopen the customer and try again."
            ).format(customer_id=customer_id)
        ) from exc


def _kept_heading(place: Path, customer_id: int | None) -> str:
    """The first line of a file of customer details kept for the book at ``place``: whose
    they are (a new customer has no id yet), and the book's full path, the same from any
    folder the command was run in."""
    what = "new customer" if customer_id is None else f"changes to customer {customer_id}"
    return f"{what} (not saved in {place.resolve()}):"


def keeping_customer(
    place: Path, customer_id: int | None, typed: Mapping[str, object]
) -> AbstractContextManager[None]:
    """Storage trouble while saving to the book at ``place`` (or opening it first, on the
    command line) keeps the details typed for ``customer_id`` (None: a new customer) as a
    text file elsewhere."""
    text = "\n".join(
        [_kept_heading(place, customer_id), *(f"{k}: {v}" for k, v in typed.items() if v)]
    )
    return keeping_typed(
        place.parent,
        lambda: keep_text("customer", text + "\n"),
        _("Copy the details from there once the book can take them."),
    )


def discard_kept_details(place: Path, customer_id: int) -> None:
    """Remove the text files of changes typed for ``customer_id`` of the book at
    ``place`` and kept when the book refused them (the customer was forgotten). Details
    typed for a new customer name no id, so nothing ties them to anyone: they stay."""
    heading = _kept_heading(place, customer_id)
    for folder in kept_folders("kept"):
        for path in folder.glob("customer-*.txt"):
            try:
                with path.open(encoding="utf-8") as fh:
                    first = fh.readline().rstrip("\n")
                if first == heading:
                    path.unlink()
            except (OSError, UnicodeError):
                continue


def get_customer(database: Database, customer_id: int) -> CustomerView:
    """The customer's fields and current version, for an edit form to start from."""
    with database.session() as session:
        return customer_view(_customer(session, customer_id))


def add_customer(database: Database, new: NewCustomer) -> int:
    """Store a new customer and log it; returns the new id. Duplicates are not refused
    here (two Robert Smiths are real): the form asks ``likely_duplicates`` first."""
    with (
        keeping_customer(database.path, None, asdict(new)),
        database.session() as session,
    ):
        columns = _columns(session, asdict(new))
        _require_name(columns["first_name"], columns["last_name"])
        customer = Customer(**columns)
        session.add(customer)
        session.flush()
        _log(session, "add", customer, {k: v for k, v in columns.items() if v is not None})
        return customer.id


def edit_customer(
    database: Database, customer_id: int, changes: Mapping[str, object], expected_version: int
) -> CustomerView:
    """Change only the fields in ``changes`` (``None`` or blank clears one), provided
    nobody saved this customer since ``expected_version``; nothing is written otherwise."""
    if not changes:
        raise RegularsError(_("Nothing to change: give at least one field."))
    with (
        keeping_customer(database.path, customer_id, changes),
        _one_writer(customer_id),
        database.session() as session,
    ):
        customer = _customer(session, customer_id)
        if customer.version != expected_version:
            raise RegularsError(
                _(
                    "{display_name} (#{customer_id}) was changed in another window or from "
                    "another register since you read it; your changes were not saved over "
                    "theirs. Read the customer again to see the other changes, then make yours "
                    "again."
                ).format(display_name=customer.display_name, customer_id=customer_id)
            )
        columns = _columns(session, changes)
        _require_name(
            columns.get("first_name", customer.first_name),
            columns.get("last_name", customer.last_name),
        )
        changed = {
            name: [getattr(customer, name), value]
            for name, value in columns.items()
            if getattr(customer, name) != value
        }
        if changed:
            for name, (_old, value) in changed.items():
                setattr(customer, name, value)
            session.flush()
            _log(session, "edit", customer, changed)
        return customer_view(customer)


def _set_archived(database: Database, customer_id: int, *, archived: bool) -> CustomerView:
    with _one_writer(customer_id), database.session() as session:
        customer = _customer(session, customer_id)
        if customer.archived != archived:
            customer.archived = archived
            session.flush()
            _log(
                session,
                "archive" if archived else "unarchive",
                customer,
                {"archived": [not archived, archived]},
            )
        return customer_view(customer)


def archive_customer(database: Database, customer_id: int) -> CustomerView:
    """Take a customer out of the register lookup while keeping all their history."""
    return _set_archived(database, customer_id, archived=True)


def unarchive_customer(database: Database, customer_id: int) -> CustomerView:
    """Bring an archived customer back into the lookup."""
    return _set_archived(database, customer_id, archived=False)


def customer_names(database: Database, ids: Collection[int]) -> dict[int, str]:
    """Display names for ``ids``, archived customers included (the trash names whose
    note each was); ids no longer there are left out."""
    with database.reading() as session:
        return names_of(session, ids, archived=True)
