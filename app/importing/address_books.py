"""Address books' own CSV exports, recognised from their header: Google Contacts,
Outlook (in English or German: a German Outlook writes "Vorname", "Straße privat") and
Thunderbird (Apple's and other mail programs' exports use Thunderbird's "Primary Email"
columns). A problem names the column as the file's header writes it.

They say the same things in their own words, and a person has several phones, emails
and addresses, each in its own column (Outlook's "Mobile Phone", Thunderbird's "Home
Phone") or in numbered type/value pairs (Google's "Phone 1 - Type", "Phone 1 - Value",
where one cell may hold several values joined by " ::: " and a leading "* " marks the
primary one). A ``Book`` lists which columns carry what; one reader turns a row into a
customer with the first mobile (else the first phone) and the first email as the main
ones and the rest as further contact points. A row with no email or phone could never
be found again on the next import, so it is skipped and named in a notice, as vCards
are; columns nobody reads are named too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import RegularsError
from app.i18n import N_, _
from app.importing import csvfile, household, tillcsv, values
from app.importing.records import (
    Birthday,
    Contact,
    CustomerRecord,
    Dated,
    Format,
    ParsedRow,
    ReadOptions,
    Relative,
    Source,
)
from app.importing.report import RowProblem

Cells = dict[str, str]
_NUMBERED = re.compile(r"(e_mail|phone|address|relation|event)_(\d+)_(\w+)")
_MULTI = " ::: "
_NO_DATE = ("0/0/00", "00/00/0000", "0/0/0000", "0.0.00", "00.00.0000", "0.0.0000")
"""Outlook writes these for "no birthday" (a German Outlook with dots)."""
_LABEL_WORDS = {"mobile": "mobile", "cell": "mobile", "home": "home", "work": "work",
                "business": "work"}  # fmt: skip
_NAMED_SKIPPED = 5


@dataclass(frozen=True)
class Book:
    """One address book's CSV export: which column keys carry which fact."""

    name: str
    label: str
    detect_columns: tuple[tuple[str, ...], ...]
    """Column keys the header must have (one of each group) to be this export."""
    first: tuple[str, ...] = ()
    middle: tuple[str, ...] = ()
    last: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()
    suffix: tuple[str, ...] = ()
    full: tuple[str, ...] = ()
    nickname: tuple[str, ...] = ()
    phones: tuple[tuple[str, str], ...] = ()
    """(column, label) for phones in columns of their own, main candidates first."""
    emails: tuple[str, ...] = ()
    addresses: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    """(label, street columns, rest-of-address columns, town first) for fixed addresses."""
    address_rest: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """For each address kind, the columns of its town, region, postcode and country."""
    birthday: tuple[str, ...] = ()
    birth_parts: tuple[str, str, str] | None = None
    """Thunderbird's year, month and day columns."""
    anniversary: tuple[str, ...] = ()
    spouse: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    company: tuple[str, ...] = ()
    numbered: bool = False
    """Google's numbered "Phone 1 - Type"/"Phone 1 - Value" pairs."""
    translated: dict[str, str] = field(default_factory=dict)
    """The keys of the columns the program writes in another language ("vorname") and
    the keys they stand for ("first_name")."""

    def matches(self, columns: list[str]) -> bool:
        present = set(columns)
        return all(present.intersection(group) for group in self.detect_columns)

    def keys(self, path: Path) -> list[str]:
        """The header's column keys, each in the words this book's fields use."""
        return [self.translated.get(key, key) for key in csvfile.header(path)]

    def detect(self, path: Path) -> bool:
        return self.matches(self.keys(path))

    def known(self) -> set[str]:
        found: set[str] = set()
        for name in (
            "first", "middle", "last", "prefix", "suffix", "full", "nickname", "emails",
            "birthday", "anniversary", "spouse", "children", "tags", "notes", "company",
        ):  # fmt: skip
            found.update(getattr(self, name))
        found.update(column for column, _ in self.phones)
        for _label, street, rest in self.addresses:
            found.update(street)
            found.update(name for names in self.address_rest.get(rest, ()) for name in names)
        found.update(self.birth_parts or ())
        return found


def read_book(book: Book) -> Callable[[Path, ReadOptions], Source]:
    """The reader of ``book``'s export."""

    def read(path: Path, _options: ReadOptions) -> Source:
        columns = book.keys(path)
        if not book.matches(columns):
            wanted = "; ".join(" or ".join(group) for group in book.detect_columns)
            raise RegularsError(
                _("'{path}' is not a {label}: row 1 should have {wanted}.").format(
                    path=path, label=_(book.label), wanted=wanted
                )
            )
        known = book.known()
        used = [
            name
            for name in columns
            if name in known or (book.numbered and _NUMBERED.fullmatch(name))
        ]
        names = csvfile.header_names(path)
        ignored = [
            shown for shown, key in zip(names, columns, strict=True) if key and key not in used
        ]
        shown = dict(zip(columns, names, strict=True))
        source = Source(
            format=_(book.label),
            rows=iter(()),
            columns={
                name: _first_column(shown, keys, shown)
                for name, keys in (
                    ("first_name", book.first or book.full),
                    ("last_name", book.last or book.full),
                    ("preferred_name", book.nickname),
                    ("phone", (*(c for c, _label in book.phones), "phone_1_value")),
                    ("email", (*book.emails, "e_mail_1_value")),
                    ("birthday", book.birthday or book.birth_parts or ()),
                    ("tags", book.tags),
                    ("note", book.notes),
                )
            },
        )
        if ignored:
            source.notices.append(
                _("Not imported from the {label}: {ignored}.").format(
                    label=_(book.label), ignored=", ".join(ignored)
                )
            )
        source.rows = _rows(book, path, columns, used, source.notices, shown)
        return source

    return read


def _rows(
    book: Book, path: Path, columns: list[str], used: list[str], notices: list[str], shown: Cells
) -> Iterator[ParsedRow]:
    positions = {name: columns.index(name) for name in used}
    names = [shown[name] for name in columns]
    order = {
        fact: values.date_order(csvfile.column(path, positions[names[0]]))
        for fact, names in (("birthday", book.birthday), ("anniversary", book.anniversary))
        if names and names[0] in positions
    }
    unfindable: list[str] = []
    if book.birthday and book.birthday[0] in positions:
        found = values.two_digit_years(csvfile.column(path, positions[book.birthday[0]]))
        if found:
            notices.append(values.two_digit_year_notice(_("Birthday"), found))

    def parse(row: int, cells: list[str]) -> ParsedRow:
        named = {name: cells[index] for name, index in positions.items() if cells[index]}
        parsed = _customer(book, row, named, order, shown)
        if parsed.customer is not None:
            hidden = csvfile.hidden_cells(row, cells, names, positions.values())
            if hidden:
                return ParsedRow(row, problems=hidden)
        if parsed.customer is None and not parsed.problems:
            unfindable.append(_who(book, named) or _("row {row}").format(row=row))
        return parsed

    yield from csvfile.positional_rows(
        path, len(columns), sorted(positions.values()), parse, notices=notices
    )
    if unfindable:
        listed = ", ".join(unfindable[:_NAMED_SKIPPED]) + (", …" if len(unfindable) > 5 else "")
        notices.append(
            _(
                "Skipped {length} contact(s) with no email or phone, which nothing would "
                "find again on the next import: {listed}."
            ).format(length=len(unfindable), listed=listed)
        )


def _first(cells: Cells, names: tuple[str, ...]) -> str:
    return next((cells[name] for name in names if cells.get(name)), "")


def _first_column(cells: Cells, names: tuple[str, ...], shown: Cells) -> str:
    """The first of ``names`` with a value in ``cells``, as the file's header writes it."""
    return next((shown[name] for name in names if cells.get(name)), "")


def _who(book: Book, cells: Cells) -> str:
    given = " ".join(filter(None, (_first(cells, book.first), _first(cells, book.last))))
    return values.name_text(given or _first(cells, book.full) or _first(cells, book.company))


def _label(text: str) -> str:
    """A type as the address book writes it ("* Mobile", "Work", "Home Fax") as ours."""
    words = text.replace("*", " ").casefold().split()
    return next((_LABEL_WORDS[w] for w in words if w in _LABEL_WORDS), "other")


def _numbered(cells: Cells, what: str) -> list[tuple[str, str, bool, str]]:
    """Google's "<what> N - Type/Label" and "- Value" pairs as (type as written, value,
    primary, the value's column), each cell's " ::: "-joined values apart; the primary
    ones ("* ") first."""
    found = []
    for number in _numbers(cells, what):
        kind = cells.get(f"{what}_{number}_type") or cells.get(f"{what}_{number}_label", "")
        column = f"{what}_{number}_value"
        for value in cells.get(column, "").split(_MULTI):
            if value.strip():
                primary = kind.startswith("*")
                found.append((kind.replace("*", "").strip(), value.strip(), primary, column))
    return sorted(found, key=lambda item: not item[2])


def _numbers(cells: Cells, what: str) -> list[int]:
    """The numbers of Google's "<what> N - …" columns that have a value in this row."""
    found = {int(m[2]) for key in cells if (m := _NUMBERED.fullmatch(key)) and m[1] == what}
    return sorted(found)


def _google_address(cells: Cells, number: int) -> tuple[str, str, str]:
    """Google's "Address N - …" columns as (label, street part, the rest)."""
    at = f"address_{number}_"
    street = ", ".join(
        filter(None, (cells.get(at + "street", ""), cells.get(at + "extended_address", ""),
                      cells.get(at + "po_box", "")))
    )  # fmt: skip
    rest = place(
        *(cells.get(at + part, "") for part in ("city", "region", "postal_code", "country"))
    )
    if not street and not rest:
        street = cells.get(at + "formatted", "").replace("\n", ", ")
    kind = cells.get(at + "type") or cells.get(at + "label", "")
    return _label(kind), values.name_text(street), values.name_text(rest)


def place(town: str = "", region: str = "", postcode: str = "", country: str = "") -> str:
    """The part of an address after the street, as an envelope writes it on one line
    ("Harlow, VT 05001, USA")."""
    return ", ".join(filter(None, (town, " ".join(filter(None, (region, postcode))), country)))


def _customer(
    book: Book, row: int, cells: Cells, order: dict[str, values.DateOrder], shown: Cells
) -> ParsedRow:
    """One row as a customer, each problem naming the column that held the bad value as
    the file's header writes it (``shown``)."""
    problems = values.Problems(row)
    first, last = (
        values.name_text(_first(cells, book.first)),
        values.name_text(_first(cells, book.last)),
    )
    if not first and not last:
        first, last = tillcsv.split_name(_first(cells, book.full))
    first, last = values.person_or_company(first, last, _first(cells, book.company))
    found_phones = [(label, cells[c], c) for c, label in book.phones if cells.get(c)]
    emails = [("other", cells[c], c) for c in book.emails if cells.get(c)]
    addresses: list[tuple[str, str, str]] = []
    for label, streets, rest in book.addresses:
        parts = (
            ", ".join(filter(None, (cells.get(c, "") for c in streets))),
            place(*(_first(cells, names) for names in book.address_rest.get(rest, ()))),
        )
        if any(parts):
            addresses.append((label, values.name_text(parts[0]), values.name_text(parts[1])))
    occasions: list[Dated] = []
    relatives = [
        Relative("spouse", values.name_text(cells[c])) for c in book.spouse if cells.get(c)
    ]
    relatives += [
        Relative("child", values.name_text(name))
        for c in book.children
        for name in re.split(r"[,;]", cells.get(c, ""))
        if name.strip()
    ]
    if book.numbered:
        found_phones += [
            (_label(kind), value, c) for kind, value, _, c in _numbered(cells, "phone")
        ]
        emails += [(_label(kind), value, c) for kind, value, _, c in _numbered(cells, "e_mail")]
        for number in _numbers(cells, "address"):
            label, street, rest = _google_address(cells, number)
            if street or rest:
                addresses.append((label, street, rest))
        for kind, value, _, _column in _numbered(cells, "relation"):
            relatives.append(Relative(household.relation_kind(kind), values.name_text(value)))
        for kind, value, _, column in _numbered(cells, "event"):
            when = problems.read(shown[column], values.birthday, value)
            if when is not None:
                name = kind or "Anniversary"
                occasions.append(Dated(name, when, name.casefold() == "anniversary"))
    phones = [
        (label, value)
        for label, value, column in found_phones
        if value.strip() and problems.read(shown[column], values.unrounded, value)
    ]
    phones.sort(key=lambda item: item[0] != "mobile")
    mails = [
        (label, problems.read(shown[column], values.email, value))
        for label, value, column in emails
    ]
    birthday = _birthday(book, cells, problems, order, shown)
    for column in book.anniversary:
        text = cells.get(column, "")
        if text and text not in _NO_DATE:
            when = problems.read(
                shown[column],
                lambda t: values.birthday(t, order.get("anniversary", values.MDY)),
                text,
            )
            if when is not None:
                occasions.append(Dated("Anniversary", when))
    if problems.found:
        return ParsedRow(row, problems=tuple(problems.found))
    clean = [(label, mail) for label, mail in mails if mail]
    if not clean and not phones:
        return ParsedRow(row)
    if not first and not last:
        column = next((shown[c] for c in (*book.full, *book.first) if c in shown), "Name")
        return ParsedRow(row, problems=(RowProblem(row, column, values.nameless()),))
    nicknames = [n.strip() for n in _first(cells, book.nickname).split(",") if n.strip()]
    details = [
        (N_("Middle name"), _first(cells, book.middle)),
        (N_("Title"), _first(cells, book.prefix)),
        (N_("Suffix"), _first(cells, book.suffix)),
        (N_("Also called"), ", ".join(nicknames[1:])),
        (N_("Company"), _first(cells, book.company)),
    ]
    tags = ";".join(
        part.replace("*", "").strip()
        for column in book.tags
        for part in cells.get(column, "").split(_MULTI)
        if part.replace("*", "").strip() not in ("", "myContacts", "starred")
    )
    record = CustomerRecord(
        external_ref=None,
        first_name=first,
        last_name=last,
        preferred_name=values.name_text(nicknames[0]) if nicknames else None,
        phone=phones[0][1] if phones else None,
        email=clean[0][1] if clean else None,
        birthday=birthday,
        tags=values.tags(tags),
        note=values.with_details(values.note_text(_first(cells, book.notes)), details),
        address=addresses[0][1] or None if addresses else None,
        town=addresses[0][2] or None if addresses else None,
        contacts=tuple(
            [Contact("phone", label, value) for label, value in phones[1:]]
            + [Contact("email", label, str(mail)) for label, mail in clean[1:]]
            + [
                Contact("address", label, ", ".join(filter(None, (street, rest))))
                for label, street, rest in addresses[1:]
            ]
        ),
        occasions=tuple(dict.fromkeys(occasions)),
        relatives=tuple(dict.fromkeys(r for r in relatives if r.name)),
    )
    return ParsedRow(row, customer=record)


def _birthday(
    book: Book,
    cells: Cells,
    problems: values.Problems,
    order: dict[str, values.DateOrder],
    shown: Cells,
) -> Birthday | None:
    if book.birth_parts:
        year, month, day = (cells.get(c, "") for c in book.birth_parts)
        if month and day:
            text = (
                f"{year}-{month.zfill(2)}-{day.zfill(2)}"
                if year
                else f"--{month.zfill(2)}-{day.zfill(2)}"
            )
            return problems.read(shown[book.birth_parts[1]], values.birthday, text)
        return None
    text = _first(cells, book.birthday)
    if not text or text in _NO_DATE:
        return None
    return problems.read(
        _first_column(cells, book.birthday, shown),
        lambda t: values.birthday(t, order.get("birthday", values.MDY)),
        text,
    )


_OUTLOOK_STREETS = {
    kind: (f"{kind}_street", f"{kind}_street_2", f"{kind}_street_3", f"{kind}_address_po_box")
    for kind in ("home", "business", "other")
}
_OUTLOOK_GERMAN = {
    csvfile.column_key(german): csvfile.column_key(english)
    for german, english in (
        ("Anrede", "Title"), ("Vorname", "First Name"), ("Weitere Vornamen", "Middle Name"),
        ("Nachname", "Last Name"), ("Firma", "Company"), ("Partner", "Spouse"),
        ("Kinder", "Children"), ("Kategorien", "Categories"), ("Notizen", "Notes"),
        ("Geburtstag", "Birthday"), ("Jahrestag", "Anniversary"),
        ("E-Mail-Adresse", "E-mail Address"), ("E-Mail 2: Adresse", "E-mail 2 Address"),
        ("E-Mail 3: Adresse", "E-mail 3 Address"), ("Mobiltelefon", "Mobile Phone"),
        ("Haupttelefon", "Primary Phone"), ("Telefon privat", "Home Phone"),
        ("Telefon privat 2", "Home Phone 2"), ("Telefon geschäftlich", "Business Phone"),
        ("Telefon geschäftlich 2", "Business Phone 2"), ("Telefon Firma", "Company Main Phone"),
        ("Autotelefon", "Car Phone"), ("Weiteres Telefon", "Other Phone"),
        ("Straße geschäftlich", "Business Street"), ("Straße geschäftlich 2", "Business Street 2"),
        ("Straße geschäftlich 3", "Business Street 3"),
        ("Postfach geschäftlich", "Business Address PO Box"),
        ("Ort geschäftlich", "Business City"), ("Region geschäftlich", "Business State"),
        ("Postleitzahl geschäftlich", "Business Postal Code"),
        ("Land/Region geschäftlich", "Business Country/Region"),
        ("Straße privat", "Home Street"), ("Straße privat 2", "Home Street 2"),
        ("Straße privat 3", "Home Street 3"), ("Postfach privat", "Home Address PO Box"),
        ("Ort privat", "Home City"), ("Bundesland/Kanton privat", "Home State"),
        ("Postleitzahl privat", "Home Postal Code"), ("Land/Region privat", "Home Country/Region"),
        ("Weitere Straße", "Other Street"), ("Weitere Straße 2", "Other Street 2"),
        ("Weitere Straße 3", "Other Street 3"), ("Weiteres Postfach", "Other Address PO Box"),
        ("Weiterer Ort", "Other City"), ("Weiteres/r Bundesland/Kanton", "Other State"),
        ("Weitere Postleitzahl", "Other Postal Code"),
        ("Weiteres/e Land/Region", "Other Country/Region"),
    )
}  # fmt: skip
"""A German Outlook's export ("Vorname", "Straße privat") in the English one's words."""
OUTLOOK = Book(
    name="outlook-csv",
    label=N_("Outlook contacts CSV"),
    detect_columns=(("first_name",), ("e_mail_address",), ("mobile_phone", "home_phone")),
    first=("first_name",),
    middle=("middle_name",),
    last=("last_name",),
    prefix=("title",),
    suffix=("suffix",),
    nickname=("nickname",),
    phones=(
        ("mobile_phone", "mobile"),
        ("primary_phone", "other"),
        ("home_phone", "home"),
        ("home_phone_2", "home"),
        ("business_phone", "work"),
        ("business_phone_2", "work"),
        ("company_main_phone", "work"),
        ("car_phone", "mobile"),
        ("other_phone", "other"),
    ),
    emails=("e_mail_address", "e_mail_2_address", "e_mail_3_address"),
    addresses=tuple(
        (label, _OUTLOOK_STREETS[kind], kind)
        for kind, label in (("home", "home"), ("business", "work"), ("other", "other"))
    ),
    address_rest={
        kind: (
            (f"{kind}_city",),
            (f"{kind}_state",),
            (f"{kind}_postal_code",),
            (f"{kind}_country/region",),
        )
        for kind in ("home", "business", "other")
    },
    birthday=("birthday",),
    anniversary=("anniversary",),
    spouse=("spouse",),
    children=("children",),
    tags=("categories",),
    notes=("notes",),
    company=("company",),
    translated=_OUTLOOK_GERMAN,
)
THUNDERBIRD = Book(
    name="thunderbird-csv",
    label=N_("Thunderbird address book CSV"),
    detect_columns=(("primary_email",), ("first_name", "display_name")),
    first=("first_name",),
    last=("last_name",),
    full=("display_name",),
    nickname=("nickname",),
    phones=(
        ("mobile_number", "mobile"),
        ("home_phone", "home"),
        ("work_phone", "work"),
    ),
    emails=("primary_email", "secondary_email"),
    addresses=(
        ("home", ("home_address", "home_address_2"), "home"),
        ("work", ("work_address", "work_address_2"), "work"),
    ),
    address_rest={
        kind: (
            (f"{kind}_city",),
            (f"{kind}_state", f"{kind}_county"),
            (f"{kind}_zipcode", f"{kind}_post_code"),
            (f"{kind}_country",),
        )
        for kind in ("home", "work")
    },
    birth_parts=("birth_year", "birth_month", "birth_day"),
    notes=("notes",),
    company=("organization", "organisation"),
)
GOOGLE = Book(
    name="google-contacts",
    label=N_("Google Contacts CSV"),
    detect_columns=(("e_mail_1_value", "phone_1_value"), ("given_name", "first_name", "name")),
    first=("given_name", "first_name"),
    middle=("additional_name", "middle_name"),
    last=("family_name", "last_name"),
    prefix=("name_prefix",),
    suffix=("name_suffix",),
    full=("name",),
    nickname=("nickname",),
    birthday=("birthday",),
    tags=("group_membership", "labels"),
    notes=("notes",),
    company=("organization_1_name", "organization_name"),
    numbered=True,
)
BOOKS = (GOOGLE, OUTLOOK, THUNDERBIRD)
FORMATS = tuple(
    Format(name=book.name, label=book.label, detect=book.detect, read=read_book(book))
    for book in BOOKS
)
