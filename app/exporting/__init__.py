"""Taking the shop's customers out: all of them as CSV or vCard, or one as JSON.

CSV is the plain Regulars CSV (what the importer reads, so a round trip lands the same
values), vCard is for address books, JSON is one customer's complete data for the
"what do you know about me?" question. Every file is written whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.atomic import write_atomically
from app.db import SQLITE_HEADER, Database
from app.errors import RegularsError
from app.exporting import customer_json, regulars_csv, vcard
from app.exporting.contacts import Contact, load_contacts
from app.i18n import _
from app.models import utcnow
from app.safety.access import CLERK, Access

CSV = "csv"
VCARD = "vcard"
JSON = "json"
FORMATS = (CSV, VCARD, JSON)
_SUFFIXES = {".csv": CSV, ".vcf": VCARD, ".vcard": VCARD, ".json": JSON}

__all__ = ["FORMATS", "ExportResult", "export", "format_for"]


@dataclass(frozen=True)
class ExportResult:
    """What was written where."""

    path: str
    format: str
    customers: int


def format_for(out: Path, customer_id: int | None) -> str:
    """The format when none is named: one customer's export is JSON, else the file's
    suffix decides (``.vcf`` vCard, ``.json`` JSON), else CSV."""
    if customer_id is not None:
        return JSON
    return _SUFFIXES.get(out.suffix.casefold(), CSV)


def export(
    database: Database,
    out: Path | str,
    *,
    fmt: str | None = None,
    customer_id: int | None = None,
    access: Access = CLERK,
) -> ExportResult:
    """Write the export to ``out`` (replacing it only once the whole file is written).

    Raises ``RegularsError`` for an unknown format, JSON without a customer, a customer
    that does not exist, or an ``out`` that cannot be written.
    """
    out = Path(out)
    _refuse_book_files(database, out)
    chosen = fmt or format_for(out, customer_id)
    if chosen not in FORMATS:
        raise RegularsError(
            _("Unknown export format '{chosen}'; known: {formats}.").format(
                chosen=chosen, formats=", ".join(FORMATS)
            )
        )
    if chosen == JSON:
        if customer_id is None:
            raise RegularsError(
                _("The JSON export is one customer's complete data: name them with --customer ID.")
            )
        with database.reading() as session:
            document = customer_json.customer_document(
                session, customer_id, exported_at=utcnow(), access=access
            )

        write_atomically(
            out, lambda fh: customer_json.write_json(document, fh), encoding=customer_json.ENCODING
        )
        return ExportResult(str(out), JSON, 1)
    with database.reading() as session:
        contacts = load_contacts(session, None if customer_id is None else [customer_id])
    if customer_id is not None and not contacts:
        raise RegularsError(
            _("There is no customer #{customer_id}.").format(customer_id=customer_id)
        )
    _write_contacts(out, chosen, contacts)
    return ExportResult(str(out), chosen, len(contacts))


_JOURNAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
"""The first bytes of a SQLite write-ahead log."""


def _refuse_book_files(database: Database, out: Path) -> None:
    """An export never replaces the book, its journal or lock files, or any backup: a
    slip of the file name must not cost the shop its data."""
    siblings = {database.path.with_name(database.path.name + end) for end in ("-wal", "-shm")}
    if out.exists():
        if database.path.exists() and out.samefile(database.path):
            raise RegularsError(
                _("'{out}' is the shop's database itself; choose another file name.").format(
                    out=out
                )
            )
        try:
            with out.open("rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError:
            head = b""
        if head == SQLITE_HEADER or head[:4] in _JOURNAL_MAGIC:
            raise RegularsError(
                _(
                    "'{out}' is a database (a backup?); an export never replaces one. Choose "
                    "another file name."
                ).format(out=out)
            )
    if out.resolve() in {p.resolve() for p in siblings} or out.name.endswith((".lock", "-shm")):
        raise RegularsError(
            _("'{out}' belongs to the shop's database; choose another file name.").format(out=out)
        )


def _write_contacts(out: Path, fmt: str, contacts: list[Contact]) -> None:
    if fmt == CSV:
        write_atomically(
            out, lambda fh: regulars_csv.write_csv(contacts, fh), encoding=regulars_csv.ENCODING
        )
    else:
        write_atomically(out, lambda fh: vcard.write_vcards(contacts, fh), encoding=vcard.ENCODING)
