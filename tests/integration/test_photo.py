"""Customer photos: only small JPEGs and PNGs are kept, refusals write nothing, the card
and the command line see them."""

from __future__ import annotations

import io
import json
import random
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from app.card import load_card
from app.cli import main
from app.customers.photo import (
    MAX_PHOTO_BYTES,
    PhotoShape,
    get_photo,
    photo_shape,
    remove_photo,
    set_photo,
)
from app.db import Database
from app.errors import RegularsError
from app.models import ChangeLog, Customer


def _png(width: int, height: int, *, noise: bool = False, claimed: bool = False) -> bytes:
    """A real RGB PNG; ``noise`` makes it incompressible, hence large; ``claimed`` gives
    only one row of pixels under a header claiming all of them (a decompression bomb's
    header, without its gigabytes)."""
    rows = random.Random(0)
    raw = b"".join(
        b"\x00" + (rows.randbytes(width * 3) if noise else b"\x80" * (width * 3))
        for _ in range(1 if claimed else height)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _pixels(data: bytes | None) -> tuple[str, tuple[int, int], bytes]:
    """What a picture shows (its mode, size and every pixel), whatever bytes encode it."""
    assert data is not None
    with Image.open(io.BytesIO(data)) as image:
        return image.mode, image.size, image.tobytes()


def _jpeg(width: int, height: int) -> bytes:
    """A real (progressive) JPEG of one colour."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "JPEG", progressive=True)
    return out.getvalue()


def _customer(db: Database) -> int:
    with db.session() as s:
        customer = Customer(first_name="Robert", last_name="Smith")
        s.add(customer)
        s.flush()
        return customer.id


def _photo_log(db: Database, customer_id: int) -> list[str]:
    with db.session() as s:
        rows = s.scalars(
            select(ChangeLog).where(
                ChangeLog.customer_id == customer_id, ChangeLog.action == "photo"
            )
        )
        return [json.loads(r.payload or "{}")["photo"] for r in rows]


def test_a_small_png_is_kept_shown_on_the_card_and_logged(db: Database) -> None:
    bob = _customer(db)
    assert get_photo(db, bob) is None
    assert load_card(db, bob, today=date(2026, 11, 23)).photo is None
    png = _png(40, 30)
    assert set_photo(db, bob, png) == PhotoShape("png", 40, 30)
    stored = get_photo(db, bob)
    assert _pixels(stored) == _pixels(png)
    assert load_card(db, bob, today=date(2026, 11, 23)).photo == stored
    remove_photo(db, bob)
    assert get_photo(db, bob) is None
    assert _photo_log(db, bob) == [f"png 40×30, {len(stored or b''):,} bytes", "removed"]


def test_jpeg_dimensions_are_read_from_the_frame_header() -> None:
    assert photo_shape(_jpeg(320, 512)) == PhotoShape("jpeg", 320, 512)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a JPEG or PNG"),
        (b"%PDF-1.7 pretending to be a photo", "not a JPEG or PNG"),
        (_png(40, 30)[:20], "not a JPEG or PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "not a JPEG or PNG"),
        (_png(600, 10), "600×10 pixels"),
        (_jpeg(400, 513), "400×513 pixels"),
        (_png(300, 300, noise=True), f"at most {MAX_PHOTO_BYTES // 1000} KB"),
        (_png(30_000, 30_000, claimed=True), "far too many pixels to be read safely"),
    ],
    ids=["empty", "pdf", "cut-short png", "jpeg without frame", "wide", "tall", "heavy", "bomb"],
)
def test_bad_pictures_are_refused_and_nothing_is_written(
    db: Database, data: bytes, message: str
) -> None:
    bob = _customer(db)
    set_photo(db, bob, _png(8, 8))
    kept = get_photo(db, bob)
    with pytest.raises(RegularsError, match=message):
        set_photo(db, bob, data)
    assert get_photo(db, bob) == kept
    assert len(_photo_log(db, bob)) == 1


@pytest.mark.parametrize(
    "data",
    [
        _png(40, 30)[:33] + random.Random(1).randbytes(400),
        _png(40, 30, noise=True)[:300],
        _jpeg(64, 64)[:-400],
        _jpeg(64, 64)[:20] + random.Random(2).randbytes(600),
    ],
    ids=["garbage after the png header", "png cut short", "jpeg cut short", "garbage jpeg"],
)
def test_a_picture_that_does_not_decode_is_refused_plainly(db: Database, data: bytes) -> None:
    bob = _customer(db)
    with pytest.raises(RegularsError, match=r"damaged|not a JPEG or PNG") as refused:
        set_photo(db, bob, data)
    assert "Traceback" not in str(refused.value) and len(str(refused.value)) < 200
    assert get_photo(db, bob) is None
    assert _photo_log(db, bob) == []


@pytest.mark.parametrize("picture", [_png(40, 30), _jpeg(40, 30)], ids=["png", "jpeg"])
def test_what_rides_along_after_a_picture_is_not_stored(db: Database, picture: bytes) -> None:
    bob = _customer(db)
    smuggled = b"PK\x03\x04 a zip file riding along"
    set_photo(db, bob, picture + smuggled)
    stored = get_photo(db, bob)
    assert stored is not None and smuggled not in stored
    assert _pixels(stored)[:2] == _pixels(picture)[:2]


def test_an_unknown_customer_is_named(db: Database) -> None:
    with pytest.raises(RegularsError, match="no customer with id 99"):
        set_photo(db, 99, _png(8, 8))
    with pytest.raises(RegularsError, match="no customer with id 99"):
        get_photo(db, 99)


def test_photo_command(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bob = _customer(db)
    base = ["--db", str(db_path), "customer", "photo", str(bob)]
    picture = tmp_path / "bob.png"
    picture.write_bytes(_png(64, 48))
    assert main([*base, str(picture), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["photo"]["width"] == 64
    kept = get_photo(db, bob)
    assert _pixels(kept) == _pixels(picture.read_bytes())

    wide = tmp_path / "wide.png"
    wide.write_bytes(_png(1024, 4))
    assert main([*base, str(wide)]) == 1
    assert "wide.png" in capsys.readouterr().err
    assert main([*base, str(tmp_path / "missing.jpg")]) == 1
    assert "missing.jpg" in capsys.readouterr().err
    assert get_photo(db, bob) == kept
    nobody = ["--db", str(db_path), "customer", "photo", "999", str(wide)]
    assert main(nobody) == 1  # the customer is what is wrong, not the picture
    assert "no customer with id 999" in capsys.readouterr().err

    assert main([*base, "--remove"]) == 0
    assert "photo removed" in capsys.readouterr().out
    assert get_photo(db, bob) is None
    with pytest.raises(SystemExit) as exit_info:
        main(base)
    assert exit_info.value.code == 2
