"""Landing parsed rows in the database: matching, idempotency, all or nothing, in bulk.

One transaction holds the whole import. Customers are matched through dictionaries
loaded once (till reference, then email, then phone digits), new ids are handed out
here, and rows go in with executemany in chunks, so a million lines cost a few queries
per chunk rather than several per line. The transaction is committed only when every
row was clean and it is not a dry run; otherwise it is rolled back and nothing remains.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from itertools import chain, compress, islice
from operator import is_not
from typing import Any, TypeVar

from sqlalchemy import Column, Connection, Dialect, Index, Select, bindparam, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.catalog import CatalogCache
from app.db import Database, highest_id_given
from app.dialects import after_bulk_load, driver_sql, ids_used_up_to, on_server
from app.errors import RegularsError
from app.feed.postgres import pause_feed_on, resume_feed_on
from app.i18n import _
from app.importing import household, limits
from app.importing.bulk import collector_paused
from app.importing.records import (
    CustomerRecord,
    ParsedRow,
    PurchaseRecord,
    Source,
    own_export_id,
)
from app.importing.report import (
    CUSTOMER,
    PURCHASE,
    Action,
    ImportReport,
    ReportBuilder,
    RowProblem,
)
from app.importing.same_person import same_person, short_form_of
from app.models import Base, utcnow
from app.models.customer import new_customer_keys
from app.phones import Phone, normalise_phone, shop_region
from app.safety.backups import take_backup
from app.search.normalize import fold
from app.server.reach import server_away

A = TypeVar("A")
B = TypeVar("B")

FLUSH_LINES = 20_000
"""Purchase lines held in memory before they are written (still inside the transaction)."""
PROGRESS_ROWS = 1_000
"""Rows read between two progress reports (and two looks at whether to stop)."""
IMPORT_CACHE_KIB = 65_536
"""SQLite's page cache while an import writes (the usual size is put back after): a
million lines' index updates stay in memory instead of spilling mid-transaction."""

_TABLES = Base.metadata.tables
_CUSTOMER = _TABLES["customer"]
_VALUE_COLUMNS = (
    "external_ref",
    "first_name",
    "last_name",
    "preferred_name",
    "phone",
    "phone_digits",
    "email",
    "birthday_month",
    "birthday_day",
    "birthday_year",
    "customer_since",
    "address_line",
    "town",
)
_UPDATE_CUSTOMER = (
    _CUSTOMER.update()
    .where(_CUSTOMER.c.id == bindparam("b_id"))
    .values(
        {name: bindparam(f"b_{name}") for name in _VALUE_COLUMNS}
        | {"updated_at": bindparam("b_updated_at"), "version": _CUSTOMER.c.version + 1}
    )
)
_NEW_CUSTOMER_COLUMNS = (
    "id",
    *_VALUE_COLUMNS,
    "created_at",
    "updated_at",
    "no_sales_prompts",
    "archived",
    "version",
    "key",
)
"""The columns of ``_Customer.insert_row``, in its order."""
_NONES = (None,) * len(_NEW_CUSTOMER_COLUMNS)
_WRITE_ORDER = (
    "tag",
    "customer_tag",
    "note",
    "note_revision",
    "contact_point",
    "relation",
    "occasion",
)
_ORDER_REF_LIMIT = limits.LIMITS["order_ref"]
"""Looked at before the limits are (an order reference is almost always short, and a
million-line export has hundreds of thousands of orders)."""
_INSERT_PURCHASE = (
    "INSERT INTO purchase (id, customer_id, purchased_on, order_ref) VALUES (?, ?, ?, ?)"
)
_INSERT_LINE = (
    "INSERT INTO purchase_line (purchase_id, product_id, item, quantity, unit_price_cents) "
    "VALUES (?, ?, ?, ?, ?)"
)
"""New customers, purchases and their lines go straight to the driver (dates as text, as
the column types store them): at a million lines SQLAlchemy's per-row parameter handling
costs more than SQLite's own insert."""
_FILLED_IN_ORDER = frozenset(("ix_purchase_line_purchase_id", "ix_purchase_line_gift_for_id"))
"""Indexes a big import keeps (``_Importer._set_indexes_aside``): lines arrive order by
order, each order's purchase id above the last, and with no gift, so each new entry goes
at the end of the index, which costs the importing process little while it waits for the
reading one, less than building the index again at the end, when nothing else can run."""
_MARKS = 999
"""Parameters a many-row insert holds at most (the lowest limit SQLite was ever built with)."""


@dataclass(slots=True)
class _Customer:
    """A customer's importable values as the import currently sees them."""

    id: int
    external_ref: str | None
    first_name: str
    last_name: str
    preferred_name: str | None
    phone: str | None
    phone_digits: str | None
    email: str | None
    birthday_month: int | None
    birthday_day: int | None
    birthday_year: int | None
    customer_since: date | None
    address_line: str | None
    town: str | None
    stored: bool = True

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _VALUE_COLUMNS}

    def insert_row(self, date_text: Callable[[Any], Any], now: Any, key: str) -> tuple[Any, ...]:
        """The row written for this customer when new (``_NEW_CUSTOMER_COLUMNS``)."""
        since = self.customer_since
        return (
            self.id,
            self.external_ref,
            self.first_name,
            self.last_name,
            self.preferred_name,
            self.phone,
            self.phone_digits,
            self.email,
            self.birthday_month,
            self.birthday_day,
            self.birthday_year,
            None if since is None else date_text(since),
            self.address_line,
            self.town,
            now,
            now,
            False,
            False,
            1,
            key,
        )


def run_import(
    database: Database,
    source: Source,
    *,
    file: str,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    skip_bad: bool = False,
) -> ImportReport:
    """Import every row of ``source`` in one transaction, committed only if all are clean
    (and something changed: a re-import leaves not even a change-log entry). With
    ``skip_bad`` a row with a problem is set aside instead (``ImportReport.set_aside``)
    and the clean rows are committed.

    ``progress`` hears the number of rows read every ``PROGRESS_ROWS`` rows and at the
    end; when ``should_stop`` returns true the transaction is rolled back and
    ``RegularsError`` raised, so a cancelled import leaves nothing behind.
    """
    report = ReportBuilder(file=file, format=source.format, dry_run=dry_run, skip_bad=skip_bad)
    commit = False
    try:
        with closing(source), collector_paused():
            commit = _import_rows(database, source, report, dry_run, progress, should_stop)
    except DBAPIError as exc:
        if server_away(exc):
            raise RegularsError(
                _(
                    "The server stopped during the import of '{file}'; nothing was written. "
                    "Start it again ('regulars server start' on the back-office computer), "
                    "then import again."
                ).format(file=file)
            ) from exc
        raise RegularsError(
            _("The database refused the import of '{file}' ({orig}); nothing was written.").format(
                file=file, orig=exc.orig
            )
        ) from exc
    return report.finish(written=commit)


def _import_rows(
    database: Database,
    source: Source,
    report: ReportBuilder,
    dry_run: bool,
    progress: Callable[[int], None] | None,
    should_stop: Callable[[], bool] | None,
) -> bool:
    """The one transaction: every row fed, then committed or rolled back; whether it was
    committed."""
    with (
        database.writing() if dry_run else database.shop_job("import"),
        Session(database.engine, expire_on_commit=False) as session,
        session.begin() as tx,
    ):
        with _big_cache(session.connection()):
            importer = _Importer(session, report, source.column)
            importer.feed(_watched(source.rows, progress, should_stop))
        _stop_if_asked(should_stop)
        report.notices[:0] = source.notices
        changed = any(
            counts.new or counts.updated
            for counts in (report.counts(CUSTOMER), report.counts(PURCHASE))
        )
        commit = changed and not report.problems and not dry_run
        if commit:
            importer.complete()
            _before_commit(database)
        else:
            tx.rollback()
    return commit


@contextmanager
def _big_cache(driver: Connection) -> Iterator[None]:
    """A larger SQLite page cache for the import's run (a server sizes its own)."""
    if on_server(driver.dialect):
        yield
        return
    usual = driver.exec_driver_sql("PRAGMA cache_size").scalar()
    driver.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        driver.exec_driver_sql(f"PRAGMA cache_size = {usual}")


def _watched(
    rows: Iterable[ParsedRow],
    progress: Callable[[int], None] | None,
    should_stop: Callable[[], bool] | None,
) -> Iterator[ParsedRow]:
    """The rows, telling ``progress`` how far along they are and stopping when asked:
    taken ``PROGRESS_ROWS`` at a time, and handed on by ``chain`` in C, so a million
    rows cost no Python between the reader and the importer."""
    return chain.from_iterable(_chunks(iter(rows), progress, should_stop))


def _chunks(
    rows: Iterator[ParsedRow],
    progress: Callable[[int], None] | None,
    should_stop: Callable[[], bool] | None,
) -> Iterator[list[ParsedRow]]:
    """``_watched``'s rows, a full chunk at a time (then the rest), each full chunk
    reported once read; the total at the end."""
    read = 0
    while chunk := list(islice(rows, PROGRESS_ROWS)):
        read += len(chunk)
        if len(chunk) == PROGRESS_ROWS:
            _stop_if_asked(should_stop)
            if progress is not None:
                progress(read)
        yield chunk
    if progress is not None:
        progress(read)


def _stop_if_asked(should_stop: Callable[[], bool] | None) -> None:
    if should_stop is not None and should_stop():
        raise RegularsError(_("Import cancelled; nothing was written."))


def _before_commit(database: Database) -> None:
    """The one place an import stops just before committing: a verified backup of the
    database as it was (other connections still see the old state, in WAL on a file, in
    the snapshot ``pg_dump`` reads on a server), so a bad import can always be undone
    with ``regulars restore``."""
    if database.server:
        from app.safety.server_backups import take_server_backup

        take_server_backup(database)
    else:
        take_backup(database.path)


class _Importer:
    """The state of one import: lookups loaded once, ids handed out, rows waiting to go in."""

    def __init__(
        self, session: Session, report: ReportBuilder, column: Callable[[str], str]
    ) -> None:
        self.session = session
        self.report = report
        self.column = column
        """The file's column for a record field, to name it in a problem."""
        self.ref_rows: dict[str, int] = {}
        """The row each customer reference of this file is on, so a second one is refused."""
        self.now = utcnow()
        self.region = shop_region()
        dialect = session.get_bind().dialect
        self.on_server = on_server(dialect)
        """Indexes stay while a server imports: dropping one would lock out every register."""
        self.dialect = dialect
        self.sql: dict[str, tuple[str, str]] = {}
        """Each insert statement (``?`` marks) in the driver's style, for one row and for
        as many as ``_MARKS`` allows (``_insert``), made at its first use."""
        self.date_text = _stored(_CUSTOMER.c.customer_since, dialect)
        self.now_text = _stored(_CUSTOMER.c.created_at, dialect)(self.now)
        self.customers: dict[int, _Customer] = {}
        self.by_ref: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.sharing: dict[tuple[str, str], list[int]] = {}
        """The further customers with an email or phone the lookups above give to another
        (a household's landline): each is asked in turn whether the names agree."""
        columns = [_CUSTOMER.c.id, *(_CUSTOMER.c[name] for name in _VALUE_COLUMNS)]
        for row in session.execute(select(*columns).order_by(_CUSTOMER.c.id)):
            self._remember(_Customer(*row))
        self.extras = household.Extras(session)
        for customer_id, kind, normalised in self.extras.contact_keys():
            if kind != "address" and customer_id in self.customers:
                self._index(kind, normalised, customer_id)
        self.had_customers = bool(self.customers)
        self.dirty: dict[int, _Customer] = {}
        self.next_id: dict[str, int] = {}
        self.pending: dict[str, list[dict[str, Any]]] = {name: [] for name in _WRITE_ORDER}
        self.purchases: list[tuple[int, int, str, str | None]] = []
        self.lines: list[tuple[int, int, str, float, int | None]] = []
        self.tags: dict[str, int] | None = None
        self.tagged: set[tuple[int, int]] = set()
        self.notes: set[tuple[int, str]] | None = None
        self.catalog: CatalogCache | None = None
        self.products: dict[tuple[str | None, str, str | None], int] = {}
        """Product ids by what a line says (SKU, item, category), so each is looked up once."""
        self.set_aside: list[Index] = []
        self.feed_paused = False
        self.orders: set[str] = set()
        self.dated: set[tuple[int, date]] = set()
        self.new_orders: dict[str, int] = {}
        """This import's orders: the purchase id each was given."""
        self.owners = array("q")
        self.first_rows = array("q")
        """For each purchase this import adds (in id order): its customer, and the row that
        brought it. Arrays, not a tuple per order: a million-line export has 400,000."""
        self.first_new = 0
        self.new_dated: dict[tuple[int, date], int] = {}
        self.last_line: tuple[str | None, str | None, date, str | None] | None = None
        self.last_found = (0, 0)
        """The last purchase line's buyer, date and order, and the owner and purchase they
        were found to be (forgotten at each customer, who may change what a line finds)."""
        self.new_lines = 0
        self.unchanged_lines = 0
        """Purchase lines counted so far, told to the report once every row is in."""

    def feed(self, rows: Iterable[ParsedRow]) -> None:
        """Take every row: problems are collected, clean records applied, blanks skipped.

        Rows are unpacked by position, so rows that crossed from a reading process as
        plain tuples (``worker``) need no rebuilding."""
        for row, customer, purchase, problems in rows:
            if problems:
                self.report.refuse(problems)
            elif customer is None and purchase is None:
                self.report.skipped += 1
            if customer is not None:
                self._customer(row, CustomerRecord._make(customer))
            if purchase is not None:
                self._purchase(row, purchase)
        self.report.count(PURCHASE, "new", self.new_lines)
        self.report.count(PURCHASE, "unchanged", self.unchanged_lines)
        self._write()

    def complete(self) -> None:
        """Ready the transaction for its commit: indexes and the change feed set aside
        are back, and one change-log entry says what this import did."""
        connection = self.session.connection()
        for index in self.set_aside:
            index.create(connection)
        self.set_aside.clear()
        for table, next_id in self.next_id.items():
            ids_used_up_to(connection, table, next_id - 1)
        if self.feed_paused:
            resume_feed_on(connection)
            after_bulk_load(connection)
        payload = {
            "file": self.report.file,
            "format": self.report.format,
            "customers": asdict(self.report.counts(CUSTOMER)),
            "purchases": asdict(self.report.counts(PURCHASE)),
        }
        self.session.execute(
            insert(_TABLES["change_log"]),
            [
                {
                    "at": self.now,
                    "action": "import",
                    "entity": "file",
                    "payload": json.dumps(payload),
                }
            ],
        )

    # customers

    def _remember(self, customer: _Customer) -> None:
        self.customers[customer.id] = customer
        if customer.external_ref:
            self.by_ref.setdefault(customer.external_ref, customer.id)
        if customer.email:
            self._index("email", customer.email.casefold(), customer.id)
        if customer.phone_digits:
            self._index("phone", customer.phone_digits, customer.id)

    def _index(self, via: str, key: str, customer_id: int) -> None:
        """Find ``customer_id`` by the email or phone ``key`` from now on (beside any
        other customer it is the key of)."""
        lookup = self.by_email if via == "email" else self.by_phone
        known = lookup.setdefault(key, customer_id)
        if known != customer_id:
            others = self.sharing.setdefault((via, key), [])
            if customer_id not in others:
                others.append(customer_id)

    def _customer(self, row: int, record: CustomerRecord) -> None:
        self.last_line = None
        if self._too_long(row, zip(CustomerRecord._fields, record, strict=True)):
            return
        ref = record.external_ref
        if ref is not None and self.ref_rows.setdefault(ref, row) != row:
            self._refuse_second_row(row, ref)
            return
        phone = normalise_phone(record.phone or "", self.region)
        found = self._match(row, record, phone)
        if found is None:
            birthday = record.birthday
            customer = _Customer(
                self._new_id("customer"),
                record.external_ref,
                record.first_name,
                record.last_name,
                record.preferred_name,
                phone.display if phone.digits else None,
                phone.digits or None,
                record.email,
                birthday.month if birthday else None,
                birthday.day if birthday else None,
                birthday.year if birthday else None,
                record.customer_since,
                record.address,
                record.town,
                stored=False,
            )
            changed = True
        else:
            customer = found
            record, phone = self._keep_known(customer, record, phone)
            changed = _merge(customer, record, phone)
        if changed:
            self._remember(customer)
            self.dirty[customer.id] = customer
        tagged = self._tag(customer.id, record.tags)
        noted = self._note(customer.id, record.note)
        extra = self._extras(customer, record)
        action: Action = (
            "new"
            if found is None
            else "updated"
            if changed or tagged or noted or extra
            else "unchanged"
        )
        self.report.count(CUSTOMER, action)
        if self.report.wants_preview:
            self.report.show(row, CUSTOMER, action, _describe_customer(customer, record))

    def _refuse_second_row(self, row: int, ref: str) -> None:
        """A second row with a reference already on an earlier row of this file: it
        refuses the file, or with ``skip_bad`` is left out while the earlier one lands."""
        first = self.ref_rows[ref]
        outcome = (
            _("row {first} was imported, merge this row into it").format(first=first)
            if self.report.skip_bad
            else _("one row a customer, or the later row would overwrite the earlier")
        )
        self.report.refuse(
            [
                RowProblem(
                    row,
                    self.column("external_ref"),
                    _("'{ref}' is on row {first} and row {row}: {outcome}").format(
                        ref=ref, first=first, row=row, outcome=outcome
                    ),
                )
            ]
        )

    def _match(self, row: int, record: CustomerRecord, phone: Phone) -> _Customer | None:
        """Same till reference; else the same email, else the same phone, when the names
        agree as people read them (``same_person``: households share a landline)."""
        if record.external_ref and record.external_ref in self.by_ref:
            return self.customers[self.by_ref[record.external_ref]]
        own = self.customers.get(own_export_id(record.external_ref) or 0)
        if own is not None and own.external_ref is None and _same_person(own, record, "email"):
            self.by_ref[str(record.external_ref)] = own.id
            return own
        email = record.email.casefold() if record.email else None
        for via, key, lookup in (
            ("email", email, self.by_email),
            ("phone", phone.digits, self.by_phone),
        ):
            if not key or key not in lookup:
                continue
            found = next(
                (
                    known
                    for candidate in (lookup[key], *self.sharing.get((via, key), ()))
                    if (known := self.customers.get(candidate)) is not None
                    and _same_person(known, record, via)
                ),
                None,
            )
            if found is None:
                continue
            if record.external_ref and found.external_ref:
                self.by_ref[record.external_ref] = found.id
                self.report.notices.append(
                    _(
                        "Row {row}: customer_ref '{external_ref}' is the customer already known as "
                        "'{known_ref}' (same {via}); their purchases may use either in this "
                        "import, and the known one afterwards."
                    ).format(
                        row=row,
                        external_ref=record.external_ref,
                        known_ref=found.external_ref,
                        via=via,
                    )
                )
            return found
        return None

    def _extras(self, customer: _Customer, record: CustomerRecord) -> bool:
        """The record's further phones, emails and addresses, its occasions and relatives,
        each added unless the customer has it already; whether any was."""
        if not (record.contacts or record.occasions or record.relatives):
            return False
        added = False
        for kind, label, written in record.contacts:
            value, key = household.shown_and_key(kind, written, self.region)
            if not key or key == self._main_key(customer, kind):
                continue
            if self.extras.add_contact(customer.id, kind, label, value, key):
                added = True
                self.pending["contact_point"].append(
                    self.extras.contact_row(self._new_id("contact_point"))
                )
                if kind != "address":
                    self._index(kind, key, customer.id)
        for kind, name in record.relatives:
            if self.extras.add_relative(customer.id, kind, name):
                added = True
                self.pending["relation"].append(
                    {"id": self._new_id("relation"), "customer_id": customer.id, "kind": kind,
                     "name": name}
                )  # fmt: skip
        for dated in record.occasions:
            if self.extras.add_occasion(customer.id, dated):
                added = True
                self.pending["occasion"].append(
                    household.occasion_row(self._new_id("occasion"), customer.id, dated)
                )
        return added

    def _keep_known(
        self, customer: _Customer, record: CustomerRecord, phone: Phone
    ) -> tuple[CustomerRecord, Phone]:
        """The row's email and phone as the customer's main ones only when they are new to
        the customer. One the customer has among the further ones stays there (two files
        that list a person's emails in another order do not swap the main one back and
        forth, each import "updating" them), and a main one a new one replaces is kept
        among the further ones: nothing an earlier file gave is dropped."""
        for kind, incoming in (("email", record.email), ("phone", phone.display)):
            main = customer.email if kind == "email" else customer.phone
            key = household.contact_key(kind, incoming or "", self.region)
            if not key or not main or key == self._main_key(customer, kind):
                continue
            if self.extras.has_contact(customer.id, kind, key):
                if kind == "email":
                    record = record._replace(email=None)
                else:
                    phone = Phone("", "")
                continue
            value, old_key = household.shown_and_key(kind, main, self.region)
            if old_key and self.extras.add_contact(customer.id, kind, "other", value, old_key):
                self.pending["contact_point"].append(
                    self.extras.contact_row(self._new_id("contact_point"))
                )
        return record, phone

    def _main_key(self, customer: _Customer, kind: str) -> str:
        """The customer's main phone, email or address as a contact point compares it."""
        if kind == "phone":
            return customer.phone_digits or ""
        main = customer.email if kind == "email" else customer.address_line
        return household.contact_key(kind, main or "", self.region)

    def _tag(self, customer_id: int, names: tuple[str, ...]) -> bool:
        if not names:
            return False
        if self.tags is None:
            tag, link = _TABLES["tag"], _TABLES["customer_tag"]
            self.tags = {}
            for tag_id, name in self.session.execute(select(tag.c.id, tag.c.name)):
                self.tags.setdefault(name.casefold(), tag_id)
            self.tagged = _pairs(self.session, select(link.c.customer_id, link.c.tag_id))
        added = False
        for name in names:
            tag_id = self.tags.get(name.casefold())
            if tag_id is None:
                tag_id = self._new_id("tag")
                self.tags[name.casefold()] = tag_id
                self.pending["tag"].append({"id": tag_id, "name": name})
            if (customer_id, tag_id) not in self.tagged:
                self.tagged.add((customer_id, tag_id))
                self.pending["customer_tag"].append({"customer_id": customer_id, "tag_id": tag_id})
                added = True
        return added

    def _note(self, customer_id: int, body: str | None) -> bool:
        """A note unless this exact text is on the customer already (even in the trash)."""
        if not body:
            return False
        if self.notes is None:
            note = _TABLES["note"]
            self.notes = _pairs(self.session, select(note.c.customer_id, note.c.body))
        if (customer_id, body) in self.notes:
            return False
        self.notes.add((customer_id, body))
        note_id = self._new_id("note")
        self.pending["note"].append(
            {
                "id": note_id,
                "customer_id": customer_id,
                "body": body,
                "created_at": self.now,
                "updated_at": self.now,
            }
        )
        self.pending["note_revision"].append(
            {"note_id": note_id, "number": 1, "body": body, "edited_at": self.now}
        )
        return True

    # purchases

    def _purchase(self, row: int, record: PurchaseRecord) -> None:
        """One line: its owner and the purchase it is on (``_owner_and_order``), and its
        product. A big export has a million of these, so the record is unpacked once and
        the lookups are written out here; an order's further lines, which name the same
        buyer, order and date as its first, take the first's owner and purchase."""
        ref, email, purchased_on, item, order_ref, sku, category, quantity, price = record
        same = (ref, email, purchased_on, order_ref)
        if same == self.last_line:
            customer_id, purchase_id = self.last_found
        else:
            found = self._owner_and_order(row, ref, email, purchased_on, order_ref)
            if found is None:
                return
            customer_id, purchase_id = found
            self.last_line, self.last_found = same, found
        if purchase_id:
            key = (sku, item, category)
            product_id = self.products.get(key)
            if product_id is None:
                if self._too_long(row, (("item", item), ("sku", sku), ("category", category))):
                    return
                product_id = self._product(sku, item, category)
                self.products[key] = product_id
            self.lines.append((purchase_id, product_id, item, quantity, price))
            self.new_lines += 1
        else:
            self.unchanged_lines += 1
        if self.report.wants_preview:
            self.report.show(
                row,
                PURCHASE,
                "new" if purchase_id else "unchanged",
                _describe_purchase(self.customers[customer_id], PurchaseRecord._make(record)),
            )
        if len(self.lines) >= FLUSH_LINES:
            self._write(bulk=True)

    def _owner_and_order(
        self,
        row: int,
        ref: str | None,
        email: str | None,
        purchased_on: date,
        order_ref: str | None,
    ) -> tuple[int, int] | None:
        """A line's owner (by till reference, else by email standing in for it) and its
        purchase (``_order``); ``None`` with a problem noted when either cannot be."""
        if ref and ref in self.by_ref:
            customer_id: int | None = self.by_ref[ref]
        else:
            customer_id = self.by_email.get(email.casefold()) if email else None
        if customer_id is None:
            column, who = (
                (self.column("external_ref"), ref) if ref else (self.column("email"), email)
            )
            self.report.refuse(
                [
                    RowProblem(
                        row,
                        column,
                        _("no customer '{who}' in the database or in this file").format(who=who),
                    )
                ]
            )
            return None
        if self.catalog is None:
            self.catalog = self._load_catalog()
        purchase_id = self._order(row, customer_id, order_ref, purchased_on)
        return None if purchase_id is None else (customer_id, purchase_id)

    def _too_long(self, row: int, fields: Iterable[tuple[str, Any]]) -> bool:
        """Whether a field is longer than it may be (``limits``), each such one noted."""
        found = limits.problems(row, fields, self.column)
        self.report.refuse(found)
        return bool(found)

    def _product(self, sku: str | None, item: str, category: str | None) -> int:
        """The product's id: found in the catalogue, else a new product given its id here,
        so lines can refer to it before it is written (with the next chunk)."""
        assert self.catalog is not None
        product = self.catalog.product(sku=sku, name=item, category=category)
        if product.id is None:
            product.id = self._new_id("product")
        return product.id

    def _load_catalog(self) -> CatalogCache:
        """Products, and which orders exist already, loaded at the first purchase line."""
        purchase = _TABLES["purchase"]
        self.orders = set(
            self.session.scalars(
                select(purchase.c.order_ref).where(purchase.c.order_ref.is_not(None))
            )
        )
        self.dated = _pairs(
            self.session,
            select(purchase.c.customer_id, purchase.c.purchased_on).where(
                purchase.c.order_ref.is_(None)
            ),
        )
        return CatalogCache(self.session)

    def _order(self, row: int, customer_id: int, ref: str | None, purchased_on: date) -> int | None:
        """The purchase a line belongs to: its id, 0 when it is in the database already,
        ``None`` (with a problem noted) when the order belongs to someone else."""
        if ref:
            if ref in self.orders:
                return 0
            known = self.new_orders.get(ref)
            if known is None:
                if len(ref) > _ORDER_REF_LIMIT and self._too_long(row, (("order_ref", ref),)):
                    return None
                known = self.new_orders[ref] = self._new_purchase(
                    row, customer_id, purchased_on, ref
                )
                return known
            at = known - self.first_new
            if self.owners[at] != customer_id:
                self.report.refuse(
                    [
                        RowProblem(
                            row,
                            self.column("order_ref"),
                            _("order '{ref}' is another customer's (row {first_rows})").format(
                                ref=ref, first_rows=self.first_rows[at]
                            ),
                        )
                    ]
                )
                return None
            return known
        key = (customer_id, purchased_on)
        if key in self.dated:
            return 0
        if key not in self.new_dated:
            self.new_dated[key] = self._new_purchase(row, customer_id, purchased_on, None)
        return self.new_dated[key]

    def _new_purchase(self, row: int, customer_id: int, purchased_on: date, ref: str | None) -> int:
        purchase_id = self._new_id("purchase")
        if not self.owners:
            self.first_new = purchase_id
        self.owners.append(customer_id)
        self.first_rows.append(row)
        self.purchases.append((purchase_id, customer_id, purchased_on.isoformat(), ref))
        return purchase_id

    # writing

    def _new_id(self, table: str) -> int:
        """Ids are handed out here so related rows can be written without reading back;
        past every id the table ever gave (``sqlite_sequence``), so a freed one is never
        given again."""
        if table not in self.next_id:
            self.next_id[table] = highest_id_given(self.session, table) + 1
        new = self.next_id[table]
        self.next_id[table] = new + 1
        return new

    def _write(self, *, bulk: bool = False) -> None:
        """Send everything waiting to the database, parents before children. Once a
        problem is known nothing will be committed, so nothing more is sent. ``bulk``:
        a full chunk of purchase lines, the sign of an import big enough to set indexes
        aside for."""
        if self.report.problems:
            self.dirty.clear()
            self.purchases.clear()
            self.lines.clear()
            for waiting in self.pending.values():
                waiting.clear()
            return
        if bulk and not self.feed_paused:
            pause_feed_on(self.session.connection())
            self.feed_paused = True
        if bulk and not (self.set_aside or self.orders or self.dated or self.on_server):
            self._set_indexes_aside()
        self._write_customers()
        for name in _WRITE_ORDER:
            if self.pending[name]:
                self.session.execute(insert(_TABLES[name]), self.pending[name])
                self.pending[name].clear()
        if self.purchases:
            self._insert(_INSERT_PURCHASE, self.purchases)
            self.purchases.clear()
        if self.lines:
            self.session.flush()
            self._insert(_INSERT_LINE, self.lines)
            self.lines.clear()

    def _insert(self, statement: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """``rows`` sent by ``statement``, many rows a statement (``_many``): each run of
        a statement costs the driver and SQLite more than the row it inserts."""
        if statement not in self.sql:
            self.sql[statement] = (
                driver_sql(self.dialect, statement),
                driver_sql(self.dialect, _many(statement)),
            )
        one, many = self.sql[statement]
        width = len(rows[0])
        per = _MARKS // width
        whole = len(rows) - len(rows) % per
        driver = self.session.connection()
        if whole:
            driver.exec_driver_sql(
                many,
                [tuple(chain.from_iterable(rows[at : at + per])) for at in range(0, whole, per)],
            )
        if whole < len(rows):
            driver.exec_driver_sql(one, list(rows[whole:]))

    def _set_indexes_aside(self) -> None:
        """Drop the purchase tables' secondary indexes while a big import fills them from
        empty (a shop bringing its history in), and the customer table's too when it was
        empty; ``complete`` builds them again. SQLite builds an index from every row at
        once about twice as fast as it updates one row by row, except an index the rows
        arrive in the order of (``_FILLED_IN_ORDER``), which is kept. It happens inside
        the import's transaction, so a rollback (a problem, a dry run, a cancel, a crash)
        brings them back as they were."""
        connection = self.session.connection()
        tables = ("purchase", "purchase_line") + (() if self.had_customers else ("customer",))
        for name in tables:
            for index in sorted(_TABLES[name].indexes, key=lambda index: str(index.name)):
                if index.name not in _FILLED_IN_ORDER:
                    index.drop(connection)
                    self.set_aside.append(index)

    def _write_customers(self) -> None:
        new = [c for c in self.dirty.values() if not c.stored]
        changed = [c for c in self.dirty.values() if c.stored]
        if new:
            keys = new_customer_keys(len(new))
            shapes: dict[tuple[bool, ...], list[tuple[Any, ...]]] = {}
            for c, key in zip(new, keys, strict=True):
                row = c.insert_row(self.date_text, self.now_text, key)
                shape = tuple(map(is_not, row, _NONES))
                shapes.setdefault(shape, []).append(tuple(compress(row, shape)))
            for shape, rows in shapes.items():
                self._insert(_customer_insert(shape), rows)
        if changed:
            self.session.execute(
                _UPDATE_CUSTOMER,
                [
                    {f"b_{name}": value for name, value in c.values().items()}
                    | {"b_id": c.id, "b_updated_at": self.now}
                    for c in changed
                ],
            )
        for customer in new:
            customer.stored = True
        self.dirty.clear()


@lru_cache(maxsize=64)
def _customer_insert(shape: tuple[bool, ...]) -> str:
    """The insert of new customers whose blank values (``None``) are those ``shape`` says
    (one flag a column of ``_NEW_CUSTOMER_COLUMNS``, true where a value is given): the
    columns left out are NULL just the same, and a row binds half the parameters (the
    customers of a till's export give a name and an email, seldom a birthday or a town),
    which halves SQLite's time for them."""
    columns = list(compress(_NEW_CUSTOMER_COLUMNS, shape))
    return f"INSERT INTO customer ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _many(statement: str) -> str:
    """``statement`` (one row's ``VALUES (?, …)``) inserting as many rows as fit in
    ``_MARKS`` parameters."""
    head, _, marks = statement.rpartition(" VALUES ")
    per = _MARKS // (marks.count("?"))
    return f"{head} VALUES {', '.join([marks] * per)}"


def _stored(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """How SQLAlchemy stores a value of ``column`` (on SQLite, dates and times as text),
    for rows sent straight to the driver: by the dialect's own type, as the ORM does (the
    generic type has no processor, and the driver's fallback adapter costs a Python call
    a value)."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else lambda value: value


def _pairs(session: Session, query: Select[A, B]) -> set[tuple[A, B]]:
    """Two columns of every row, as a set to test membership in."""
    return {(first, second) for first, second in session.execute(query)}


def _same_person(known: _Customer, record: CustomerRecord, via: str) -> bool:
    return same_person(
        (known.first_name, known.last_name, known.preferred_name),
        (record.first_name, record.last_name, record.preferred_name),
        via=via,
    )


def _plainer(value: object, known: object) -> bool:
    """Whether ``value`` is ``known`` spelled without its accents ("Jose" for "José"):
    a file that cannot spell a name must not unspell it (another file would spell it
    again, and each import of either would "update" it)."""
    return (
        isinstance(value, str)
        and isinstance(known, str)
        and value.isascii()
        and not known.isascii()
        and fold(value) == fold(known)
    )


def _merge(customer: _Customer, record: CustomerRecord, phone: Phone) -> bool:
    """Fill in and correct what the row knows; a blank cell never erases anything."""
    updates: dict[str, Any] = {}
    if (
        record.external_ref
        and customer.external_ref is None
        and own_export_id(record.external_ref) != customer.id
    ):
        updates["external_ref"] = record.external_ref
    if short_form_of(record.first_name, customer.first_name):
        record = record._replace(
            first_name=customer.first_name,
            preferred_name=record.preferred_name or customer.preferred_name or record.first_name,
        )
    for name in ("first_name", "last_name", "preferred_name", "customer_since"):
        value = getattr(record, name)
        if (
            value
            and value != getattr(customer, name)
            and not _plainer(value, getattr(customer, name))
        ):
            updates[name] = value
    for name, value in (("address_line", record.address), ("town", record.town)):
        if value and value != getattr(customer, name):
            updates[name] = value
    if record.email and record.email.casefold() != (customer.email or "").casefold():
        updates["email"] = record.email
    if phone.digits and phone.digits != customer.phone_digits:
        updates |= {"phone": phone.display, "phone_digits": phone.digits}
    if record.birthday:
        month, day, year = record.birthday.month, record.birthday.day, record.birthday.year
        if year is None and (customer.birthday_month, customer.birthday_day) == (month, day):
            year = customer.birthday_year
        if (month, day, year) != (
            customer.birthday_month,
            customer.birthday_day,
            customer.birthday_year,
        ):
            updates |= {"birthday_month": month, "birthday_day": day, "birthday_year": year}
    for name, value in updates.items():
        setattr(customer, name, value)
    return bool(updates)


def _label(customer: _Customer) -> str:
    """ "#12 Peggy Olson": the id and the name the clerk would say."""
    first = customer.preferred_name or customer.first_name
    return f"#{customer.id} " + " ".join(part for part in (first, customer.last_name) if part)


def _describe_customer(customer: _Customer, record: CustomerRecord) -> dict[str, str]:
    month, day, year = customer.birthday_month, customer.birthday_day, customer.birthday_year
    birthday = f"{year or '-'}-{month:02d}-{day:02d}" if month and day else ""
    fields = {
        "customer": _label(customer),
        "customer_ref": customer.external_ref or "",
        "phone": customer.phone or "",
        "email": customer.email or "",
        "birthday": birthday,
        "customer_since": _iso(customer.customer_since),
        "tags": ", ".join(record.tags),
        "note": record.note or "",
    }
    return {name: value for name, value in fields.items() if value}


def _describe_purchase(customer: _Customer, record: PurchaseRecord) -> dict[str, str]:
    # The preview is the record as data (it is also the --json report): ISO dates and a
    # plain "12.50" price the owner can match against the till's file, not the shop's style.
    price = record.unit_price_cents
    fields = {
        "customer": _label(customer),
        "date": _iso(record.purchased_on),
        "order_ref": record.order_ref or "",
        "sku": record.sku or "",
        "item": record.item,
        "category": record.category or "",
        "quantity": f"{record.quantity:g}",
        "unit_price": "" if price is None else f"{price / 100:.2f}",
    }
    return {name: value for name, value in fields.items() if value}


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""
