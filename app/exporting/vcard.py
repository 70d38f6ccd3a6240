"""All customers as vCard 4.0 (RFC 6350), for a phone or a mail program's address book.

Written by hand rather than with a library: the subset is small (names, phone, email,
address, birthday, anniversary, tags, the shared note) and the rules that matter are
few: escape ``\\ , ; newline``, end lines with CRLF, and fold lines longer than 75
octets without splitting a character. The till reference is the card's UID, so importing
the file again finds the same customers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TextIO

from app.exporting.contacts import Contact
from app.importing.records import Birthday

ENCODING = "utf-8"
LINE_OCTETS = 75
CRLF = "\r\n"


def write_vcards(contacts: Sequence[Contact], fh: TextIO) -> None:
    """One card per customer."""
    for contact in contacts:
        for line in _card(contact):
            fh.write(fold(line) + CRLF)


def escape(text: str) -> str:
    """A text value with its special characters escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """``line`` folded so no physical line is longer than 75 octets of UTF-8."""
    pieces: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode())
        limit = LINE_OCTETS if not pieces else LINE_OCTETS - 1
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += ch
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _card(contact: Contact) -> Iterator[str]:
    yield "BEGIN:VCARD"
    yield "VERSION:4.0"
    if contact.ref:
        yield f"UID:{escape(contact.ref)}"
    yield f"FN:{escape(contact.full_name or contact.preferred_name or contact.email)}"
    yield f"N:{escape(contact.last_name)};{escape(contact.first_name)};;;"
    pref = ";PREF=1" if contact.more else ""
    optional = (
        ("NICKNAME", escape(contact.preferred_name)),
        (f"TEL;VALUE=text{pref}", escape(contact.phone)),
        (f"EMAIL{pref}", escape(contact.email)),
        ("BDAY", _date(contact.birthday)),
        ("ANNIVERSARY", _date(contact.anniversary)),
        ("CATEGORIES", ",".join(escape(tag) for tag in contact.tags)),
        ("NOTE", escape(contact.note)),
    )
    for name, value in optional:
        if value:
            yield f"{name}:{value}"
    if contact.address_line or contact.town:
        yield f"ADR{pref}:;;{escape(contact.address_line)};{escape(contact.town)};;;"
    for kind, label, value in contact.more:
        yield _more(kind, label, value)
    yield "END:VCARD"


def _more(kind: str, label: str, value: str) -> str:
    """A further phone, email or address, typed as address books read it back (the main
    ones carry PREF=1, so a re-import keeps them main)."""
    kind_type = {"mobile": "cell"}.get(label, label)
    typed = "" if label == "other" else f";TYPE={kind_type}"
    if kind == "phone":
        return f"TEL;VALUE=text{typed}:{escape(value)}"
    if kind == "email":
        return f"EMAIL{typed}:{escape(value)}"
    return f"ADR{typed}:;;{escape(value)};;;;"


def _date(when: Birthday | None) -> str:
    """``YYYYMMDD``, or ``--MMDD`` without a year."""
    if when is None:
        return ""
    return (
        f"{when.year:04d}{when.month:02d}{when.day:02d}"
        if when.year
        else (f"--{when.month:02d}{when.day:02d}")
    )
