"""Customer photos: only small JPEGs and PNGs are kept, refusals write nothing, the card
and the command line see them."""

from __future__ import annotations

import json
import random
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
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


def _png(width: int, height: int, *, noise: bool = False) -> bytes:
    """A real RGB PNG; ``noise`` makes it incompressible, hence large."""
    rows = random.Random(0)
    raw = b"".join(
        b"\x00" + (rows.randbytes(width * 3) if noise else b"\x80" * (width * 3))
        for _ in range(height)
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


def _jpeg_header(width: int, height: int) -> bytes:
    """The start of a progressive JPEG: SOI, a JFIF segment, then the frame header."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof2 = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof2 + b"\xff\xd9"


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
    assert get_photo(db, bob) == png
    assert load_card(db, bob, today=date(2026, 11, 23)).photo == png
    remove_photo(db, bob)
    assert get_photo(db, bob) is None
    assert _photo_log(db, bob) == [f"png 40×30, {len(png):,} bytes", "removed"]


def test_jpeg_dimensions_are_read_from_the_frame_header() -> None:
    assert photo_shape(_jpeg_header(320, 512)) == PhotoShape("jpeg", 320, 512)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a JPEG or PNG"),
        (b"%PDF-1.7 pretending to be a photo", "not a JPEG or PNG"),
        (_png(40, 30)[:20], "not a JPEG or PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "not a JPEG or PNG"),
        (_png(600, 10), "600×10 pixels"),
        (_jpeg_header(400, 513), "400×513 pixels"),
        (_png(300, 300, noise=True), f"at most {MAX_PHOTO_BYTES // 1000} KB"),
    ],
    ids=["empty", "pdf", "cut-short png", "jpeg without frame", "wide", "tall", "heavy"],
)
def test_bad_pictures_are_refused_and_nothing_is_written(
    db: Database, data: bytes, message: str
) -> None:
    bob = _customer(db)
    png = _png(8, 8)
    set_photo(db, bob, png)
    with pytest.raises(RegularsError, match=message):
        set_photo(db, bob, data)
    assert get_photo(db, bob) == png
    assert len(_photo_log(db, bob)) == 1


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
    assert get_photo(db, bob) == picture.read_bytes()

    wide = tmp_path / "wide.png"
    wide.write_bytes(_png(1024, 4))
    assert main([*base, str(wide)]) == 1
    assert "wide.png" in capsys.readouterr().err
    assert main([*base, str(tmp_path / "missing.jpg")]) == 1
    assert "missing.jpg" in capsys.readouterr().err
    assert get_photo(db, bob) == picture.read_bytes()

    assert main([*base, "--remove"]) == 0
    assert "photo removed" in capsys.readouterr().out
    assert get_photo(db, bob) is None
    with pytest.raises(SystemExit) as exit_info:
        main(base)
    assert exit_info.value.code == 2
