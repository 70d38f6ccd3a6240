"""vCard files (3.0 and 4.0, and the 2.1 that older phones still write): many cards a
file, each a customer.

Address books export contacts as vCards, so a shop that kept its regulars on a phone or
in a mail program brings them in this way. A card's line number (its BEGIN line) is its
"row" in the report. The customer record has no fields for an address, company, wedding
anniversary or relatives, so those are kept as lines of the customer's note rather than
dropped. A card with no UID, email or phone could never be found again on the next
import, so it is skipped and named in a notice instead of refusing a whole address book.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import RegularsError
from app.importing import textfile, tillcsv, values
from app.importing.records import CustomerRecord, Format, ParsedRow, ReadOptions, Source
from app.importing.report import RowProblem
from app.phones import bare_digits

BEGIN = "BEGIN:VCARD"
END = "END:VCARD"
_SPECIAL = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"n": "\n", "N": "\n"}
_NAMED_SKIPPED = 5
_RELATED_TYPES = ("spouse", "child", "parent", "sibling", "friend", "kin")
_COLUMNS = {
    "external_ref": "UID",
    "first_name": "N",
    "last_name": "N",
    "preferred_name": "NICKNAME",
    "phone": "TEL",
    "email": "EMAIL",
    "tags": "CATEGORIES",
    "note": "NOTE",
}
"""The property each customer field comes from, to name it in a problem."""


@dataclass(frozen=True)
class Property:
    """One content line: ``NAME;PARAM=value:value`` with its parameters upper-cased."""

    name: str
    params: dict[str, list[str]]
    value: str

    def types(self) -> set[str]:
        """The TYPE parameter's values ("cell", "pref"), in lower case."""
        return {kind.casefold() for kind in self.params.get("TYPE", [])}

    def preferred(self) -> bool:
        """Marked as the one to use (3.0 ``TYPE=pref``, 4.0 ``PREF=1``)."""
        return "pref" in self.types() or "PREF" in self.params


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
        raise RegularsError(f"'{path}' is not a vCard file: it should start with {BEGIN}.")
    source = Source(format="vCard", rows=iter(()), columns=_COLUMNS)
    source.rows = _parsed_cards(path, source.notices)
    return source


FORMAT = Format(name="vcard", label="vCard", detect=detect, read=read)


def _parsed_cards(path: Path, notices: list[str]) -> Iterator[ParsedRow]:
    unfindable: list[str] = []
    photos = 0
    for card in _cards(path, notices):
        if isinstance(card, ParsedRow):
            yield card
            continue
        photos += bool(card.all("PHOTO"))
        parsed = _customer(card)
        if parsed.customer is not None or parsed.problems:
            yield parsed
        else:
            unfindable.append(_display_name(card) or f"the card on line {card.line}")
            yield ParsedRow(card.line)
    if unfindable:
        named = ", ".join(unfindable[:_NAMED_SKIPPED]) + (", …" if len(unfindable) > 5 else "")
        notices.append(
            f"Skipped {len(unfindable)} card(s) with no UID, email or phone, which nothing "
            f"would find again on the next import: {named}."
        )
    if photos:
        notices.append(f"Photos on {photos} card(s) were not imported.")


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
    continuation starts with a blank) are unfolded, and 2.1's quoted-printable soft
    breaks (a line ending in "=") joined. ``notices`` hears how the file was read."""
    number, pending = 0, ""
    reading = textfile.Reading(notices)
    with path.open("rb") as fh, closing(textfile.text_lines(path, fh, reading)) as lines:
        for physical, raw in enumerate(lines, start=1):
            line = raw.rstrip("\r\n")
            if pending and line[:1] in (" ", "\t"):
                pending += line[1:]
            elif pending and _soft_break(pending):
                pending = pending[:-1] + line
            else:
                if pending or number:
                    yield number, pending
                number, pending = physical, line
    if number:
        yield number, pending


def _soft_break(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return line.endswith("=") and "QUOTED-PRINTABLE" in head


def _property(line: str) -> Property | None:
    """``group.NAME;PARAM=a,b;BARE:value`` split into its parts (``None`` if no colon)."""
    colon = _unquoted_index(line, ":")
    if colon < 0:
        return None
    head, value = line[:colon], line[colon + 1 :]
    name, *raw_params = _split_unquoted(head, ";")
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, equals, given = raw.partition("=")
        key, given = (key, given) if equals else ("TYPE", key)
        params.setdefault(key.strip().upper(), []).extend(
            part.strip().strip('"') for part in given.split(",") if part.strip()
        )
    name = name.rsplit(".", 1)[-1].strip().upper()
    if [enc.upper() for enc in params.get("ENCODING", [])] == ["QUOTED-PRINTABLE"]:
        value = _quoted_printable(value, (params.get("CHARSET") or ["utf-8"])[0])
    return Property(name, params, value)


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


def _names(card: _Card) -> tuple[str, str]:
    prop = card.first("N")
    if prop:
        parts = [*_components(prop.value, ";"), "", ""]
        last = values.name_text(parts[0].replace(",", " "))
        first = values.name_text(f"{parts[1]} {parts[2]}".replace(",", " "))
        if first or last:
            return first, last
    return tillcsv.split_name(_display_name(card))


def _date_text(prop: Property) -> str:
    """A vCard date without its time (``19800517T000000Z`` is ``19800517``)."""
    return _unescape(prop.value).strip().split("T", 1)[0]


def _customer(card: _Card) -> ParsedRow:
    """The card as a customer, its problems, or neither (nothing would find it again)."""
    problems = values.Problems(card.line)
    first, last = _names(card)
    tel = card.first("TEL")
    phone = _unescape(tel.value).removeprefix("tel:").strip() if tel else ""
    email = problems.read("EMAIL", values.email, _text(card, "EMAIL"))
    ref = _text(card, "UID") or None
    bday = card.first("BDAY")
    birthday = problems.read("BDAY", values.birthday, _date_text(bday) if bday else "")
    if problems.found:
        return ParsedRow(card.line, problems=tuple(problems.found))
    if not ref and not email and not bare_digits(phone):
        return ParsedRow(card.line)
    nickname = card.first("NICKNAME")
    tags: list[str] = []
    for prop in card.all("CATEGORIES"):
        tags.extend(_components(prop.value, ","))
    record = CustomerRecord(
        external_ref=ref,
        first_name=first,
        last_name=last,
        preferred_name=values.name_text(_components(nickname.value, ",")[0]) or None
        if nickname
        else None,
        phone=phone or None,
        email=email,
        birthday=birthday,
        tags=values.tags(";".join(tags)),
        note=values.with_details(_notes(card), _details(card)),
    )
    return ParsedRow(card.line, customer=record)


def _notes(card: _Card) -> str | None:
    bodies = [values.note_text(_unescape(prop.value)) for prop in card.all("NOTE")]
    return "\n\n".join(body for body in bodies if body) or None


def _details(card: _Card) -> list[tuple[str, str]]:
    """What the card says that the customer record has no field for."""
    org = card.first("ORG")
    company = ", ".join(filter(None, _components(org.value, ";"))) if org else ""
    details = [("Company", company)]
    adr = card.first("ADR")
    if adr:
        parts = [values.name_text(part) for part in _components(adr.value, ";")]
        details.append(("Address", ", ".join(filter(None, parts))))
    for name in ("ANNIVERSARY", "X-ANNIVERSARY"):
        prop = card.first(name)
        if prop:
            details.append(("Anniversary", _readable_date(_date_text(prop))))
    for prop in card.all("RELATED"):
        kinds = [kind for kind in sorted(prop.types()) if kind in _RELATED_TYPES]
        label = f"Related ({', '.join(kinds)})" if kinds else "Related"
        details.append((label, _unescape(prop.value).strip()))
    return details


def _readable_date(text: str) -> str:
    """A vCard date as YYYY-MM-DD (or --MM-DD without a year), else as written."""
    try:
        when = values.birthday(text)
    except ValueError:
        return text
    day = f"{when.month:02d}-{when.day:02d}"
    return f"{when.year}-{day}" if when.year else f"--{day}"
