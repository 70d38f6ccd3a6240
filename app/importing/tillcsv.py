"""Tills' own CSV exports: columns found by the names each till gives them, customers
built one way.

Shopify, Square and the next till all say "email", "phone" and "birthday" in their own
words, and some say it twice (a phone on the customer and another on the address). A
``Spec`` lists, for each fact, the columns that may carry it, best first; the first
non-blank one in a row wins. What has no field of its own (address, company, marketing
consent) is kept in the customer's note, and columns nobody reads are named in a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple, TypeVar

from app.errors import RegularsError
from app.i18n import N_, _, ngettext
from app.importing import csvfile, values
from app.importing.records import CustomerRecord, ParsedRow, PurchaseRecord, Source
from app.phone_digits import bare_digits

T = TypeVar("T")
Aliases = Mapping[str, tuple[str, ...]]
"""A fact's name and the column keys (``csvfile.column_key``) that may carry it."""

new_tuple = tuple.__new__
"""Builds a named tuple from its fields in one call: the class's own constructor is a
Python function, which costs a million-line export a second or so in rows and records
(used where a row is made for every line: its cells, its record, the row itself)."""
ADDRESS_PARTS = ("address1", "address2", "city", "region", "postcode", "country")
_RECORD_FIELDS = {
    "ref": ("external_ref", "customer_ref"),
    "full_name": ("first_name", "last_name"),
    "order": ("order_ref",),
}
"""The record fields a fact fills, where they are not spelled as the fact."""


class Cells(NamedTuple):
    """One row's cells by position, read fact by fact through the columns the file has
    (the header is resolved to positions once, not per row). A named tuple, as one is
    made for every row of a million-line export."""

    row: int
    cells: list[str]
    present: Mapping[str, tuple[int, ...]]
    """For each fact, the positions of this file's columns that may carry it, best first."""
    columns: Sequence[str]
    """The file's column names as it writes them, to name one in a problem."""

    def get(self, fact: str) -> str:
        """The first non-blank cell carrying ``fact`` (blank if none)."""
        cells = self.cells
        for index in self.present.get(fact, ()):
            value = cells[index]
            if value:
                return value
        return ""

    def texts(self, facts: Sequence[str]) -> tuple[str, ...]:
        """``get`` for several facts at once (a row's worth in one call)."""
        cells, present = self.cells, self.present
        found = []
        for fact in facts:
            value = ""
            for index in present.get(fact, ()):
                value = cells[index]
                if value:
                    break
            found.append(value)
        return tuple(found)

    def position(self, fact: str) -> int:
        """The position ``fact`` is read from: its first non-blank column, else its best
        column (-1 when the file has none)."""
        indexes = self.present.get(fact, ())
        for index in indexes:
            if self.cells[index]:
                return index
        return indexes[0] if indexes else -1

    def column(self, fact: str) -> str:
        """The column ``fact`` was read from, to name it in a problem."""
        index = self.position(fact)
        return self.columns[index] if index >= 0 else fact

    def read(self, problems: values.Problems, fact: str, reader: Callable[[str], T]) -> T | None:
        """``fact`` read by ``reader``, its column named only if it is refused; a blank
        cell is ``None`` at once."""
        text = self.get(fact)
        if not text:
            return None
        return problems.read(lambda: self.column(fact), reader, text)


def texts_reader(
    present: Mapping[str, tuple[int, ...]], facts: Sequence[str]
) -> Callable[[list[str]], tuple[str, ...]]:
    """What ``Cells.texts`` gives for ``facts``, as one function of a row's cells made once
    for the file: when each fact has a single column (as most files have), one
    ``itemgetter`` picks them all, with no loop a row."""
    indexes = [present.get(fact, ()) for fact in facts]
    if len(facts) > 1 and all(len(found) == 1 for found in indexes):
        return itemgetter(*(found[0] for found in indexes))
    return lambda cells: Cells(0, cells, present, ()).texts(facts)


@dataclass(frozen=True)
class Spec:
    """One till export: what it is called and which columns carry which fact."""

    label: str
    aliases: Aliases
    required: tuple[tuple[str, ...], ...]
    """Column keys the header must have (any one of each group) to be this export."""
    quotes_numbers: bool = False
    """Whether this till writes an apostrophe before numbers (ids, postcodes) to keep a
    spreadsheet from dropping their leading zeros; it is taken off as the till meant it."""
    untrimmed: frozenset[str] = frozenset()
    """Facts the reader looks at seldom (an order's status, once an order) and reads as
    they stand: trimming every line's cells costs a million lines a column's work."""

    def matches(self, columns: list[str]) -> bool:
        """Whether a header is this till's export."""
        present = set(columns)
        return all(present.intersection(group) for group in self.required)

    def detect(self, path: Path) -> bool:
        """Whether the file's first row is this till's export."""
        return self.matches(csvfile.header(path))

    def source(
        self, path: Path, parse: Callable[[Cells, Mapping[str, values.DateOrder]], ParsedRow]
    ) -> Source:
        """The file's rows as ``parse`` reads them, refusing a header that is not this
        export; dates are read in the order each date column as a whole uses."""
        columns = csvfile.header(path)
        if not self.matches(columns):
            wanted = "; ".join(" or ".join(group) for group in self.required)
            raise RegularsError(
                _("'{path}' is not a {label}: row 1 should have the columns {wanted}.").format(
                    path=path, label=_(self.label), wanted=wanted
                )
            )
        known = {name for names in self.aliases.values() for name in names}
        positions = {name: columns.index(name) for name in known if name in columns}
        present = {
            fact: tuple(positions[name] for name in names if name in positions)
            for fact, names in self.aliases.items()
        }
        unguarded = csvfile.unguard_numbers if self.quotes_numbers else csvfile.unguard
        orders = {
            fact: values.date_order(csvfile.column(path, positions[name], unguarded))
            for fact in ("birthday", "since", "date")
            for name in self.aliases.get(fact, ())[:1]
            if name in positions
        }
        names = csvfile.header_names(path)
        notices = [
            values.two_digit_year_notice(names[positions[name]], found)
            for name in self.aliases.get("birthday", ())[:1]
            if name in positions
            and (found := values.two_digit_years(csvfile.column(path, positions[name])))
        ]
        ignored = [
            name for name, key in zip(names, columns, strict=True) if key and key not in known
        ]
        if ignored:
            notices.append(
                _("Not imported from the {label}: {ignored}.").format(
                    label=_(self.label), ignored=", ".join(ignored)
                )
            )
        return Source(
            format=_(self.label),
            rows=csvfile.positional_rows(
                path,
                len(columns),
                sorted(
                    {
                        positions[name]
                        for fact, names in self.aliases.items()
                        if fact not in self.untrimmed
                        for name in names
                        if name in positions
                    }
                ),
                lambda row, cells: parse(new_tuple(Cells, (row, cells, present, names)), orders),
                unguarded,
                notices,
            ),
            notices=notices,
            columns=self._record_columns(names, positions),
        )

    def _record_columns(self, names: list[str], positions: Mapping[str, int]) -> dict[str, str]:
        """The file's column (or columns, best first) each record field comes from."""
        columns = {}
        for fact, keys in self.aliases.items():
            present = " or ".join(names[positions[key]] for key in keys if key in positions)
            for field in _RECORD_FIELDS.get(fact, (fact,)) if present else ():
                columns[field] = present
        return columns


def customer(
    cells: Cells,
    problems: values.Problems,
    orders: Mapping[str, values.DateOrder],
    ref: str | None = None,
) -> CustomerRecord | None:
    """The customer a row describes, or ``None`` with its problems noted; ``ref`` is the
    reference a reader gives a buyer the export has none for."""
    first, last = (
        values.name_text(cells.get("first_name")),
        values.name_text(cells.get("last_name")),
    )
    if not first and not last:
        first, last = split_name(cells.get("full_name"))
    ref = ref or cells.read(problems, "ref", values.unrounded) or None
    phone = cells.read(problems, "phone", values.unrounded) or ""
    email = cells.read(problems, "email", values.email)
    if not ref and not cells.get("email") and not bare_digits(phone):
        problems.add(
            cells.column("ref"),
            "empty, and no email or phone either: nothing would find this customer again",
        )
    birthday = cells.read(
        problems,
        "birthday",
        lambda text: values.birthday(text, orders.get("birthday", values.MDY)),
    )
    since = cells.read(
        problems,
        "since",
        lambda text: values.calendar_date(text, orders.get("since", values.MDY)),
    )
    consent = cells.read(problems, "consent", values.consent)
    if problems.found:
        return None
    details = [
        (N_("Company"), cells.get("company")),
        (N_("Email marketing"), "" if consent is None else _("yes") if consent else _("no")),
    ]
    street, more, city, region, postcode, country = cells.texts(ADDRESS_PARTS)
    return CustomerRecord(
        external_ref=ref,
        first_name=first,
        last_name=last,
        preferred_name=values.name_text(cells.get("preferred_name")) or None,
        phone=phone or None,
        email=email,
        birthday=birthday,
        customer_since=since,
        tags=values.tags(cells.get("tags")),
        note=values.with_details(values.note_text(cells.get("note")), details),
        address=", ".join(filter(None, (street, more))) or None,
        town=", ".join(filter(None, (city, " ".join(filter(None, (region, postcode))), country)))
        or None,
    )


_PARTICLES = frozenset(
    ("van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la",
     "le", "ten", "ter", "bin", "ibn", "al", "st")
)  # fmt: skip


@lru_cache(maxsize=4096)
def split_name(full: str) -> tuple[str, str]:
    """A full name as (given names, family name), the three ways files write one:
    "Family, Given"; "FAMILY Given" (the family name in capitals first, as forms and
    East Asian or French lists write it); else "Given Family", the family name being the
    last word with any particles before it ("Ludwig van Beethoven"). Remembered for the
    names an export repeats (a buyer's every order names them)."""
    text = values.name_text(full)
    family, comma, given = text.partition(",")
    if comma and family.strip() and given.strip():
        return values.name_text(given), values.name_text(family)
    words = text.split(" ")
    capitals = 0
    while capitals < len(words) and _shouted(words[capitals]):
        capitals += 1
    if 0 < capitals < len(words):
        return " ".join(words[capitals:]), " ".join(words[:capitals])
    if len(words) < 2:
        return text, ""
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].casefold() in _PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def _shouted(word: str) -> bool:
    """A word written all in capitals (two letters or more), as a family name is set
    apart in "DUPONT Marie"."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def customer_rows(spec: Spec, path: Path) -> Source:
    """A till's customer export: one customer a row."""

    def parse(cells: Cells, orders: Mapping[str, values.DateOrder]) -> ParsedRow:
        problems = values.Problems(cells.row)
        record = customer(cells, problems, orders)
        if record is None:
            return ParsedRow(cells.row, problems=tuple(problems.found))
        return ParsedRow(cells.row, customer=record)

    return spec.source(path, parse)


class SaleLines:
    """Reading a till's sales export, a line at a time: each line is a purchase, and the
    first line of each buyer brings the buyer too. What every till's reader remembers
    from line to line is here; a till adds how it reads one line (``parse``)."""

    missing = N_("customer")
    """What a line with nobody to belong to lacks, as the notice that counts them says."""

    def __init__(self) -> None:
        self.buyers: set[str] = set()
        self.nameless: set[str] = set()
        """Buyers whose lines so far gave no name: a later line's name is theirs."""
        self.walk_ins = 0

    def parse(self, cells: Cells, orders: Mapping[str, values.DateOrder]) -> ParsedRow:
        """One line of the export: each till reads its own."""
        raise NotImplementedError

    def source(self, spec: Spec, path: Path) -> Source:
        """The export's lines, then the notices of lines left out (``closing_notices``),
        once they have all been counted."""
        source = spec.source(path, self.parse)
        source.rows = self._then_notices(source.rows, source.notices)
        return source

    def with_buyer(
        self,
        cells: Cells,
        key: str,
        purchase: PurchaseRecord,
        orders: Mapping[str, values.DateOrder],
        ref: str | None = None,
    ) -> ParsedRow:
        """The line's purchase, and its buyer when ``key`` is new to this file, or when
        the buyer's earlier lines gave no name and this one does (a first order with a
        blank billing name is named by a later one)."""
        if key in self.buyers:
            if key not in self.nameless:
                return new_tuple(ParsedRow, (cells.row, None, purchase, ()))
            self.before_buyer(cells)
            if not any(cells.texts(("full_name", "first_name", "last_name"))):
                return ParsedRow(cells.row, None, purchase)
        else:
            self.before_buyer(cells)
        problems = values.Problems(cells.row)
        buyer = customer(cells, problems, orders, ref)
        if buyer is None:
            return ParsedRow(cells.row, problems=tuple(problems.found))
        if key in self.buyers:
            self.nameless.discard(key)
            buyer = CustomerRecord(
                buyer.external_ref, buyer.first_name, buyer.last_name, email=buyer.email
            )
        elif not (buyer.first_name or buyer.last_name):
            self.nameless.add(key)
        self.buyers.add(key)
        return new_tuple(ParsedRow, (cells.row, buyer, purchase, ()))

    def before_buyer(self, cells: Cells) -> None:
        """Ready a line to be read as its buyer (nothing to do unless a till says so)."""

    def _then_notices(self, rows: Iterator[ParsedRow], notices: list[str]) -> Iterator[ParsedRow]:
        yield from rows
        notices.extend(self.closing_notices())

    def closing_notices(self) -> list[str]:
        """What the lines left out were, said once all are read: those with nobody to
        belong to (walk-in sales at the till); a till adds its own."""
        if not self.walk_ins:
            return []
        return [
            ngettext(
                "Skipped {walk_ins} line item with no {missing} (a walk-in sale with no "
                "customer to belong to).",
                "Skipped {walk_ins} line items with no {missing} (walk-in sales with no "
                "customer to belong to).",
                self.walk_ins,
            ).format(walk_ins=self.walk_ins, missing=_(self.missing))
        ]
