"""A customer's photo: a small JPEG or PNG kept in the customer row.

Resizing is the window's job (Qt reads every image format the owner might drop, and this
layer never imports Qt); the service only accepts what is already small, so a database
never swells with camera-sized pictures. The type is judged by the file's first bytes and
the size by its header, not by a file name, so a renamed document is refused.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from sqlalchemy import select

from app.customers.service import _customer, _log, _one_writer
from app.db import Database
from app.errors import RegularsError
from app.models import Customer

MAX_PHOTO_BYTES = 150_000
"""About 150 KB: a 512 px JPEG at good quality is well under this."""
MAX_PHOTO_SIDE = 512
"""Pixels on the long side; plenty for a card shown at arm's length."""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_START = b"\xff\xd8\xff"
_JPEG_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
"""Start-of-frame markers (the ones carrying width and height); C4, C8 and CC are not."""


@dataclass(frozen=True)
class PhotoShape:
    """What a photo's header says it is."""

    kind: str
    width: int
    height: int


def _png_shape(data: bytes) -> PhotoShape | None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return PhotoShape("png", width, height)


def _jpeg_shape(data: bytes) -> PhotoShape | None:
    """Walk the JPEG segments up to the frame header, which holds the dimensions."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _JPEG_FRAME_MARKERS:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return PhotoShape("jpeg", width, height)
        at += 2 + length
    return None


def photo_shape(data: bytes) -> PhotoShape:
    """The kind and dimensions of a JPEG or PNG; anything else is refused with a
    message the owner can act on."""
    shape = None
    if data.startswith(_PNG_SIGNATURE):
        shape = _png_shape(data)
    elif data.startswith(_JPEG_START):
        shape = _jpeg_shape(data)
    if shape is None or shape.width == 0 or shape.height == 0:
        raise RegularsError("That file is not a JPEG or PNG picture; choose a photo instead.")
    return shape


def check_photo(data: bytes) -> PhotoShape:
    """Refuse a photo that is not a small JPEG or PNG, saying what to do about it."""
    shape = photo_shape(data)
    if max(shape.width, shape.height) > MAX_PHOTO_SIDE:
        raise RegularsError(
            f"The photo is {shape.width}×{shape.height} pixels; at most {MAX_PHOTO_SIDE} on "
            "the long side is kept. Add it from the window, which shrinks it, or resize it first."
        )
    if len(data) > MAX_PHOTO_BYTES:
        raise RegularsError(
            f"The photo is {len(data) // 1000:,} KB; at most {MAX_PHOTO_BYTES // 1000} KB is "
            "kept. Add it from the window, which shrinks it, or save it smaller first."
        )
    return shape


def _store(database: Database, customer_id: int, data: bytes | None, note: str) -> None:
    with _one_writer(customer_id), database.session() as session:
        customer = _customer(session, customer_id)
        customer.photo = data
        session.flush()
        _log(session, "photo", customer, {"photo": note})


def set_photo(database: Database, customer_id: int, image_bytes: bytes) -> PhotoShape:
    """Keep ``image_bytes`` as the customer's photo, replacing any earlier one; nothing is
    written when the picture is refused."""
    shape = check_photo(image_bytes)
    _store(
        database,
        customer_id,
        image_bytes,
        f"{shape.kind} {shape.width}×{shape.height}, {len(image_bytes):,} bytes",
    )
    return shape


def remove_photo(database: Database, customer_id: int) -> None:
    """Forget the customer's photo; the card goes back to their initials."""
    _store(database, customer_id, None, "removed")


def get_photo(database: Database, customer_id: int) -> bytes | None:
    """The stored photo, if any; read on its own because the column is deferred, so the
    lookup and lists never carry pictures around."""
    with database.session() as session:
        found = session.execute(
            select(Customer.id, Customer.photo).where(Customer.id == customer_id)
        ).one_or_none()
    if found is None:
        raise RegularsError(f"There is no customer with id {customer_id}.")
    _id, photo = found
    return photo
