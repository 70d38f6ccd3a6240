"""A customer's photo: a small JPEG or PNG kept in the customer row, decoded and written
afresh before it is stored.

Resizing is the window's job (Qt reads every image format the owner might drop, and this
layer never imports Qt); the service only accepts what is already small, so a database
never swells with camera-sized pictures. The type and size are judged from the picture
itself, not a file name, so a renamed document is refused. Every photo is decoded in full
(Pillow) and encoded again, so what is stored is exactly the picture: a file that only
starts like one (garbage after a PNG header) is refused, and whatever rode along after
the picture or in its metadata (a second file, where it was taken) is left behind.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image
from sqlalchemy import select

from app.customers.service import _customer, _log, _one_writer
from app.db import Database
from app.errors import RegularsError
from app.i18n import N_, _
from app.models import Customer

MAX_PHOTO_BYTES = 150_000
"""About 150 KB: a 512 px JPEG at good quality is well under this."""
MAX_PHOTO_SIDE = 512
"""Pixels on the long side; plenty for a card shown at arm's length."""

_KINDS = {"JPEG": "jpeg", "PNG": "png"}
_NOT_A_PHOTO = N_("That file is not a JPEG or PNG picture; choose a photo instead.")
_UNREADABLE = N_(
    "That picture is damaged (only part of it can be read); save it again from a photo "
    "program, or choose another."
)


@dataclass(frozen=True)
class PhotoShape:
    """What a photo's header says it is."""

    kind: str
    width: int
    height: int


def _opened(data: bytes) -> Image.Image:
    """The picture with its header read (its pixels not yet), refused if it is not a
    JPEG or PNG, or claims so many pixels that decoding it could exhaust the memory
    (Pillow's guard against a decompression bomb)."""
    try:
        image = Image.open(io.BytesIO(data), formats=tuple(_KINDS))
    except Image.DecompressionBombError:
        raise RegularsError(
            _(
                "The photo has far too many pixels to be read safely; at most {max_photo_side} "
                "on the long side is kept. Resize it first."
            ).format(max_photo_side=MAX_PHOTO_SIDE)
        ) from None
    except Exception:  # a hostile file may trip any of the decoder's errors
        raise RegularsError(_(_NOT_A_PHOTO)) from None
    if image.width == 0 or image.height == 0:
        raise RegularsError(_(_NOT_A_PHOTO))
    return image


def photo_shape(data: bytes) -> PhotoShape:
    """The kind and dimensions of a JPEG or PNG, from its header; anything else is
    refused with a message the owner can act on."""
    image = _opened(data)
    return PhotoShape(_KINDS[str(image.format)], image.width, image.height)


def check_photo(data: bytes) -> PhotoShape:
    """Refuse a photo that is not a small JPEG or PNG, saying what to do about it."""
    shape = photo_shape(data)
    if max(shape.width, shape.height) > MAX_PHOTO_SIDE:
        raise RegularsError(
            _(
                "The photo is {width}×{height} pixels; at most {max_photo_side} on the long "
                "side is kept. Add it from the window, which shrinks it, or resize it first."
            ).format(width=shape.width, height=shape.height, max_photo_side=MAX_PHOTO_SIDE)
        )
    if len(data) > MAX_PHOTO_BYTES:
        raise RegularsError(
            _(
                "The photo is {size:,} KB; at most {limit} KB is kept. Add it from the "
                "window, which shrinks it, or save it smaller first."
            ).format(size=len(data) // 1000, limit=MAX_PHOTO_BYTES // 1000)
        )
    return shape


def clean_photo(data: bytes) -> tuple[bytes, PhotoShape]:
    """The photo as it will be stored: checked (``check_photo``), decoded in full and
    encoded again in its own kind (a JPEG with its own quality). A picture that does not
    decode to the end is refused."""
    shape = check_photo(data)
    image = _opened(data)
    out = io.BytesIO()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            image.load()
        if shape.kind == "jpeg":
            image.save(out, "JPEG", quality="keep", optimize=True)
        else:
            image.save(out, "PNG", optimize=True)
    except Exception:  # truncated data, bad checksums, garbage: each decoder says it its way
        raise RegularsError(_(_UNREADABLE)) from None
    stored = out.getvalue()
    if len(stored) > MAX_PHOTO_BYTES:
        raise RegularsError(
            _(
                "The photo is {size:,} KB once stored; at most {limit} KB is kept. Save it "
                "smaller first."
            ).format(size=len(stored) // 1000, limit=MAX_PHOTO_BYTES // 1000)
        )
    return stored, shape


def _store(database: Database, customer_id: int, data: bytes | None, note: str) -> None:
    with _one_writer(customer_id), database.session() as session:
        customer = _customer(session, customer_id)
        customer.photo = data
        session.flush()
        _log(session, "photo", customer, {"photo": note})


def set_photo(database: Database, customer_id: int, image_bytes: bytes) -> PhotoShape:
    """Keep the picture in ``image_bytes`` (``clean_photo``) as the customer's photo,
    replacing any earlier one; nothing is written when the picture is refused."""
    stored, shape = clean_photo(image_bytes)
    _store(
        database,
        customer_id,
        stored,
        f"{shape.kind} {shape.width}×{shape.height}, {len(stored):,} bytes",
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
        raise RegularsError(
            _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
        )
    _id, photo = found
    return photo
