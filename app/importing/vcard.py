"""vCard files (3.0 and 4.0, and the 2.1 that older phones still write): many cards a
file, each a customer.

Address books export contacts as vCards, so a shop that kept its regulars on a phone or
in a mail program brings them in this way. A card's line number (its BEGIN line) is its
"row" in the report. Every phone, email and address lands (the preferred or mobile one
as the main), anniversaries become occasions, relatives household entries by name, and
categories tags; name parts and details with no field of their own (middle names,
titles, company) are kept as lines of the customer's note, and every other property is
named in a notice. A card with no UID, email or phone could never be found again on the
next import, so it is skipped and named in a notice instead of refusing a whole address
book.

The parsing is our own rather than ``vobject``'s: measured on the files phones write,
vobject 0.9.9 refuses a whole file at a vCard 2.1 PHOTO whose base64 lines are not
indented (Android, BlackBerry), decodes a lowercase ``quoted-printable`` NOTE as base64
into garbage and leaves a lowercase-encoded N undecoded, keeps only the first name of a
NICKNAME list, and drops the ``item1.`` groups that tie Apple's X-ABDATE and
X-ABRELATEDNAMES to their X-ABLabel; each of these reads correctly here (tested in
tests/integration/test_real_files.py).
"""

from __future__ import annotations

import quopri
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import RegularsError
from app.i18n import N_, _, ngettext
from app.importing import address_books, household, textfile, tillcsv, values
from app.importing.records import (
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
from app.phone_digits import bare_digits

BEGIN = "BEGIN:VCARD"
END = "END:VCARD"
_SPECIAL = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"n": "\n", "N": "\n"}
_NAMED_SKIPPED = 5
_BASE64 = re.compile(r"[A-Za-z0-9+/=]+")
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_BARE_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_SPOUSE_PROPERTIES = (
    "X-SPOUSE",
    "X-MS-SPOUSE",
    "X-EVOLUTION-SPOUSE",
    "X-KADDRESSBOOK-X-SPOUSESNAME",
)
_DATE_PROPERTIES = ("ANNIVERSARY", "X-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY", "X-ABDATE")
_KEPT = {
    "BEGIN", "END", "VERSION", "N", "FN", "NICKNAME", "TEL", "EMAIL", "ADR", "UID", "BDAY",
    "CATEGORIES", "NOTE", "ORG", "X-ABLABEL", "RELATED", "X-ABRELATEDNAMES",
    *_SPOUSE_PROPERTIES, *_DATE_PROPERTIES,
}  # fmt: skip
"""Properties read into the customer (X-ABLABEL only names its group's date or relative)."""
_ANDROID_NICKNAME = "vnd.android.cursor.item/nickname;"
"""How Android's contacts app writes a nickname: ``X-ANDROID-CUSTOM`` with this type
first, then the name (the other custom types stay listed as not imported)."""


def _kept(prop: Property) -> bool:
    """Whether ``prop`` is read into the customer."""
    return prop.name in _KEPT or (
        prop.name == "X-ANDROID-CUSTOM" and prop.value.startswith(_ANDROID_NICKNAME)
    )


_LABELS = {"cell": "mobile", "mobile": "mobile", "iphone": "mobile", "home": "home",
           "work": "work"}  # fmt: skip
_COLUMNS = {
    "external_ref": "UID",
    "first_name": "N",
    "last_name": "N",
    "preferred_name": "NICKNAME",
    "phone": "TEL",
    "email": "EMAIL",
    "tags": "CATEGORIES",
    "note": "NOTE",
    "address": "ADR",
    "town": "ADR",
    "contacts": "TEL or EMAIL or ADR",
    "occasions": " or ".join(_DATE_PROPERTIES),
    "relatives": " or ".join(("RELATED", "X-ABRELATEDNAMES", *_SPOUSE_PROPERTIES)),
}
"""The property each customer field comes from (or properties, likeliest first), to name
it in a problem."""


@dataclass(frozen=True)
class Property:
    """One content line: ``group.NAME;PARAM=value:value`` with its parameters upper-cased."""

    name: str
    params: dict[str, list[str]]
    value: str
    group: str = ""

    def types(self) -> set[str]:
        """The TYPE parameter's values ("cell", "pref"), in lower case."""
        return {kind.casefold() for kind in self.params.get("TYPE", [])}

    def preferred(self) -> bool:
        """Marked as the one to use (3.0 ``TYPE=pref``, 4.0 ``PREF=1``)."""
        return "pref" in self.types() or "PREF" in self.params

    def label(self) -> str:
        """What it is for, as a contact point's label: mobile, home, work or other."""
        return next((_LABELS[t] for t in sorted(self.types()) if t in _LABELS), "other")


@dataclass
class _Card:
    """The properties of one card, and the line its BEGIN is on."""

    line: int
    properties: list[Property] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [prop for prop in self.properties if prop.name == name]

    def first(self, name: str) -> Property | None:
        found = self.all(name)
        return next((prop for prop in found if prop.preferred()), found[0] if found else None)

    def apple_label(self, prop: Property) -> str:
        """The X-ABLabel of ``prop``'s group ("_$!<Anniversary>!$_" is "Anniversary")."""
        if not prop.group:
            return ""
        for other in self.properties:
            if other.name == "X-ABLABEL" and other.group == prop.group:
                text = _unescape(other.value).strip()
                match = _APPLE_LABEL.fullmatch(text)
                return match[1] if match else text
        return ""


def detect(path: Path) -> bool:
    """Whether the file's first non-blank line begins a vCard."""
    try:
        with path.open("rb") as fh, closing(textfile.text_lines(path, fh)) as lines:
            first = next((line for line in lines if line.strip()), "")
    except (OSError, RegularsError):
        return False
    return first.strip().upper() == BEGIN


def read(path: Path, _options: ReadOptions) -> Source:
    """Open a vCard file, refusing one that does not start with a card."""
    if not detect(path):
        raise RegularsError(
            _("'{path}' is not a vCard file: it should start with {begin}.").format(
                path=path, begin=BEGIN
            )
        )
    source = Source(format="vCard", rows=iter(()), columns=_COLUMNS)
    source.rows = _parsed_cards(path, source.notices)
    return source


FORMAT = Format(name="vcard", label="vCard", detect=detect, read=read)


def _parsed_cards(path: Path, notices: list[str]) -> Iterator[ParsedRow]:
    unfindable: list[str] = []
    unkept: Counter[str] = Counter()
    for card in _cards(path, notices):
        if isinstance(card, ParsedRow):
            yield card
            continue
        unkept.update({prop.name for prop in card.properties if not _kept(prop)})
        parsed = _customer(card)
        if parsed.customer is not None or parsed.problems:
            yield parsed
        else:
            unfindable.append(_display_name(card) or f"the card on line {card.line}")
            yield ParsedRow(card.line)
    if unfindable:
        named = ", ".join(unfindable[:_NAMED_SKIPPED]) + (", …" if len(unfindable) > 5 else "")
        notices.append(
            ngettext(
                "Skipped {length} card with no UID, email or phone, which nothing would find "
                "again on the next import: {named}.",
                "Skipped {length} cards with no UID, email or phone, which nothing would find "
                "again on the next import: {named}.",
                len(unfindable),
            ).format(length=len(unfindable), named=named)
        )
    if unkept:
        listed = ", ".join(
            ngettext("{name} ({count} card)", "{name} ({count} cards)", count).format(
                name=name, count=count
            )
            for name, count in sorted(unkept.items())
        )
        notices.append(_("Not imported from the vCards: {listed}.").format(listed=listed))


def _cards(path: Path, notices: list[str]) -> Iterator[_Card | ParsedRow]:
    """Each card, or a problem where the file's structure is broken or a line is not
    text (the line is then left out of its card)."""
    card: _Card | None = None
    for number, line in _content_lines(path, notices):
        upper = line.strip().upper()
        if upper == BEGIN:
            if card is not None:
                yield _unfinished(card)
            card = _Card(number)
        elif upper == END:
            if card is None:
                yield _broken(number, "END:VCARD without a BEGIN:VCARD before it")
            else:
                yield card
                card = None
        elif card is not None:
            prop = _property(line)
            if prop is None:
                yield _broken(number, f"'{line[:40]}' is not a NAME:value line")
            elif damage := textfile.damage(line) or textfile.damage(prop.value):
                yield ParsedRow(number, problems=(RowProblem(number, prop.name, damage),))
            else:
                card.properties.append(prop)
        elif line.strip():
            yield _broken(number, f"'{line[:40]}' is outside any card")
    if card is not None:
        yield _unfinished(card)


def _broken(line: int, reason: str) -> ParsedRow:
    return ParsedRow(line, problems=(RowProblem(line, "(card)", reason),))


def _unfinished(card: _Card) -> ParsedRow:
    return _broken(card.line, "this card has no END:VCARD (is the file cut short?)")


def _content_lines(path: Path, notices: list[str]) -> Iterator[tuple[int, str]]:
    """Logical lines with the number of their first physical line: folded lines (a
    continuation starts with a blank) are unfolded, 2.1's quoted-printable soft breaks
    (a line ending in "=") joined, and 2.1's base64 data, which may run over unindented
    lines until a blank one (Android, BlackBerry), kept as one value. Blank lines carry
    nothing in any version and are passed over. ``notices`` hears how the file was read."""
    number, pending, base64 = 0, "", False
    reading = textfile.Reading(notices)
    with path.open("rb") as fh, closing(textfile.text_lines(path, fh, reading)) as lines:
        for physical, raw in enumerate(lines, start=1):
            line = raw.rstrip("\r\n")
            if pending and line[:1] in (" ", "\t"):
                pending += line[1:]
            elif pending and _soft_break(pending):
                pending = pending[:-1] + line
            elif base64 and _BASE64.fullmatch(line):
                pending += line
            elif line.strip():
                if pending:
                    yield number, pending
                number, pending = physical, line
                base64 = _base64_head(line)
    if pending:
        yield number, pending


def _soft_break(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return line.endswith("=") and "QUOTED-PRINTABLE" in head


def _base64_head(line: str) -> bool:
    """Whether a line starts a base64 value (2.1 ``ENCODING=BASE64``, 3.0 ``ENCODING=b``)."""
    head = line.split(":", 1)[0].upper()
    return any(f"{sep}{enc}" in f"{head};" for sep in ("=", ";") for enc in ("BASE64;", "B;"))


def _property(line: str) -> Property | None:
    """``group.NAME;PARAM=a,b;BARE:value`` split into its parts (``None`` if no colon).
    2.1's bare ``QUOTED-PRINTABLE``/``BASE64`` is an encoding, in any case."""
    colon = _unquoted_index(line, ":")
    if colon < 0:
        return None
    head, value = line[:colon], line[colon + 1 :]
    name, *raw_params = _split_unquoted(head, ";")
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, equals, given = raw.partition("=")
        if not equals:
            key, given = ("ENCODING" if key.strip().upper() in _BARE_ENCODINGS else "TYPE"), key
        params.setdefault(key.strip().upper(), []).extend(
            part.strip().strip('"') for part in given.split(",") if part.strip()
        )
    group, _, name = name.strip().rpartition(".")
    name = name.strip().upper()
    if [enc.upper() for enc in params.get("ENCODING", [])] == ["QUOTED-PRINTABLE"]:
        value = _quoted_printable(value, (params.get("CHARSET") or ["utf-8"])[0])
    return Property(name, params, value, group.casefold())


def _quoted_printable(value: str, charset: str) -> str:
    decoded = quopri.decodestring(value.encode("latin-1", errors="replace"))
    try:
        return decoded.decode(charset, errors="surrogateescape")
    except (LookupError, ValueError):
        return decoded.decode("utf-8", errors="surrogateescape")


def _unquoted_index(text: str, separator: str) -> int:
    """Where ``separator`` first appears outside double quotes (-1 if nowhere)."""
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == separator and not quoted:
            return i
    return -1


def _split_unquoted(text: str, separator: str) -> list[str]:
    """``text`` split on ``separator`` wherever it is outside double quotes."""
    parts = []
    while (cut := _unquoted_index(text, separator)) >= 0:
        parts.append(text[:cut])
        text = text[cut + 1 :]
    return [*parts, text]


def _unescape(text: str) -> str:
    r"""``\n``, ``\,``, ``\;`` and ``\\`` as the characters they stand for."""
    return _SPECIAL.sub(lambda m: _UNESCAPED.get(m[1], m[1]), text)


def _components(value: str, separator: str) -> list[str]:
    """A structured value (N, ADR) or a list (CATEGORIES) split where the separator is
    not escaped, each part unescaped."""
    parts, current, escaped = [], "", False
    for ch in value:
        if escaped:
            current += "\\" + ch
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == separator:
            parts.append(_unescape(current))
            current = ""
        else:
            current += ch
    parts.append(_unescape(current))
    return parts


def _text(card: _Card, name: str) -> str:
    prop = card.first(name)
    return _unescape(prop.value).strip() if prop else ""


def _display_name(card: _Card) -> str:
    return values.name_text(_text(card, "FN"))


def _names(card: _Card) -> tuple[str, str, list[tuple[str, str]]]:
    """Given and family name, and the other parts of N (middle names, title, suffix) as
    note lines, so "John Richter James" is never one first name."""
    prop = card.first("N")
    if prop:
        family, given, middle, prefix, suffix = [*_components(prop.value, ";"), "", "", "", ""][:5]
        first, last = (values.name_text(part.replace(",", " ")) for part in (given, family))
        if first or last:
            others = [(N_("Middle name"), middle), (N_("Title"), prefix), (N_("Suffix"), suffix)]
            return (
                first,
                last,
                [(label, values.name_text(t.replace(",", " "))) for label, t in others],
            )
    first, last = tillcsv.split_name(_display_name(card))
    return first, last, []


def _date_text(prop: Property) -> str:
    """A vCard date without its time (``19800517T000000Z`` is ``19800517``)."""
    return _unescape(prop.value).strip().split("T", 1)[0]


def _main_first(found: list[Property], *, mobile: bool = False) -> list[Property]:
    """The properties with the one to use first: the preferred one, else (for phones)
    a mobile, else the first written."""
    main = next((p for p in found if p.preferred()), None)
    if main is None and mobile:
        main = next((p for p in found if p.label() == "mobile"), None)
    main = main or (found[0] if found else None)
    return [main, *(p for p in found if p is not main)] if main else []


def _customer(card: _Card) -> ParsedRow:
    """The card as a customer, its problems, or neither (nothing would find it again)."""
    problems = values.Problems(card.line)
    first, last, name_parts = _names(card)
    org = card.first("ORG")
    first, last = values.person_or_company(first, last, _company(org.value) if org else "")
    phones = [
        (p, _unescape(p.value).removeprefix("tel:").strip())
        for p in _main_first(card.all("TEL"), mobile=True)
    ]
    phones = [
        (p, number)
        for p, number in phones
        if bare_digits(number) and problems.read("TEL", values.unrounded, number)
    ]
    emails = [
        (p, problems.read("EMAIL", values.email, _unescape(p.value).strip()))
        for p in _main_first(card.all("EMAIL"))
    ]
    ref = _text(card, "UID") or None
    bday = card.first("BDAY")
    birthday = problems.read("BDAY", values.birthday, _date_text(bday) if bday else "")
    occasions = _occasions(card, problems)
    if problems.found:
        return ParsedRow(card.line, problems=tuple(problems.found))
    mails = [(p, mail) for p, mail in emails if mail]
    if not ref and not mails and not phones:
        return ParsedRow(card.line)
    if not first and not last:
        return ParsedRow(card.line, problems=(RowProblem(card.line, "N", values.nameless()),))
    nicknames = [
        values.name_text(name)
        for prop in card.all("NICKNAME")
        for name in _components(prop.value, ",")
        if name.strip()
    ] + [
        values.name_text(_components(prop.value, ";")[1])
        for prop in card.all("X-ANDROID-CUSTOM")
        if prop.value.startswith(_ANDROID_NICKNAME) and _components(prop.value, ";")[1].strip()
    ]
    tags: list[str] = []
    for prop in card.all("CATEGORIES"):
        tags.extend(_components(prop.value, ","))
    addresses = [(p, _address(p)) for p in _main_first(card.all("ADR"))]
    addresses = [(p, parts) for p, parts in addresses if any(parts)]
    street, town = addresses[0][1] if addresses else ("", "")
    contacts = (
        [Contact("phone", p.label(), number) for p, number in phones[1:]]
        + [Contact("email", p.label(), mail) for p, mail in mails[1:]]
        + [
            Contact("address", p.label(), ", ".join(filter(None, parts)))
            for p, parts in addresses[1:]
        ]
    )
    details = [*name_parts, (N_("Also called"), ", ".join(nicknames[1:])), *_details(card)]
    record = CustomerRecord(
        external_ref=ref,
        first_name=first,
        last_name=last,
        preferred_name=nicknames[0] if nicknames else None,
        phone=phones[0][1] if phones else None,
        email=mails[0][1] if mails else None,
        birthday=birthday,
        tags=values.tags(";".join(tags)),
        note=values.with_details(_notes(card), details),
        address=street or None,
        town=town or None,
        contacts=tuple(contacts),
        occasions=occasions,
        relatives=_relatives(card),
    )
    return ParsedRow(card.line, customer=record)


def _address(prop: Property) -> tuple[str, str]:
    """An ADR as its street part and the rest (town, region, postcode, country); its
    LABEL parameter is only the same address formatted for an envelope."""
    parts = [values.name_text(part) for part in [*_components(prop.value, ";"), *[""] * 7][:7]]
    pobox, extended, street, town, region, postcode, country = parts
    return (
        ", ".join(filter(None, (street, extended, pobox))),
        address_books.place(town, region, postcode, country),
    )


def _occasions(card: _Card, problems: values.Problems) -> tuple[Dated, ...]:
    """Anniversaries and other labelled dates (Apple's X-ABDATE with its X-ABLabel)."""
    found = []
    for name in _DATE_PROPERTIES:
        for prop in card.all(name):
            label = card.apple_label(prop) if name == "X-ABDATE" else "Anniversary"
            when = problems.read(name, values.birthday, _date_text(prop))
            if when is not None:
                label = label or "Anniversary"
                found.append(Dated(label, when, label.casefold() == "anniversary"))
    return tuple(dict.fromkeys(found))


def _relatives(card: _Card) -> tuple[Relative, ...]:
    """Relatives named on the card: 4.0's RELATED (as text), Apple's X-ABRELATEDNAMES
    with its label, the spouse properties other address books write."""
    found = []
    for prop in card.all("RELATED"):
        name = _unescape(prop.value).strip()
        if name and not re.match(r"(?i)(urn|https?|mailto|tel|cid):", name):
            kind = next(
                (k for t in sorted(prop.types()) if (k := household.relation_kind(t)) != "other"),
                "other",
            )
            found.append(Relative(kind, values.name_text(name)))
    for prop in card.all("X-ABRELATEDNAMES"):
        word = (
            card.apple_label(prop) or next(iter(sorted(prop.types() - {"pref"})), "")
        ).casefold()
        found.append(
            Relative(household.relation_kind(word), values.name_text(_unescape(prop.value)))
        )
    for name in _SPOUSE_PROPERTIES:
        found.extend(
            Relative("spouse", values.name_text(_unescape(p.value))) for p in card.all(name)
        )
    return tuple(dict.fromkeys(r for r in found if r.name))


def _notes(card: _Card) -> str | None:
    bodies = [values.note_text(_unescape(prop.value)) for prop in card.all("NOTE")]
    return "\n\n".join(body for body in bodies if body) or None


def _details(card: _Card) -> list[tuple[str, str]]:
    """What the card says that the customer record has no field for."""
    org = card.first("ORG")
    return [(N_("Company"), _company(org.value) if org else "")]


def _company(org: str) -> str:
    """An ORG's company and departments on one line ("Acme, Sales")."""
    return ", ".join(filter(None, _components(org, ";")))
