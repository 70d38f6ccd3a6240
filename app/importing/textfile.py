"""Reading an import file's bytes as text, line by line, without ever guessing silently.

A till or spreadsheet saves text as UTF-8 (with or without a BOM), UTF-16, or, in older
programs, Windows-1252. UTF-16 is told by its BOM or its zero bytes. A file that is not
UTF-8 throughout and holds no UTF-8 character at all, but reads cleanly as Windows-1252,
was saved that way: it is read so, and a notice says so. Anything else that is not text
(a broken UTF-8 byte, a byte Windows-1252 has no letter for, a NUL) is kept visible in
the line as it was, so the reader can refuse the row and column it is in instead of
storing a replacement character: ``damage`` says why a cell cannot be stored, and
``Reading.damaged`` counts the lines that need that look (most need none).
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from app.errors import RegularsError
from app.i18n import _

ENCODING = "utf-8"
FALLBACK_ENCODING = "cp1252"
FALLBACK_LABEL = "Windows-1252"
BOM = "\ufeff"
NUL = "\x00"
_SNIFF_BYTES = 64
_SCAN_BYTES = 1 << 20
_NOT_TEXT = re.compile("[\x00\udc80-\udcff]")
"""A NUL, or a byte that did not decode (kept as a lone surrogate by ``surrogateescape``)."""
_UTF8_CHARACTER = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
"""A character UTF-8 writes in more than one byte: a Windows-1252 file all but never has one."""


@dataclass
class Reading:
    """What reading a file's text found besides the text itself."""

    notices: list[str] = field(default_factory=list)
    """For the owner (the file was read as Windows-1252)."""
    damaged: int = 0
    """Lines so far holding something that is not text: a reader looks for the cell at
    fault only when this has grown."""


def damage(text: str) -> str | None:
    """Why ``text`` cannot be stored (a NUL, a byte that is not text in the file's
    encoding), in words that say what to do; ``None`` when it is clean."""
    found = _NOT_TEXT.search(text)
    if found is None:
        return None
    if found[0] == NUL:
        return "holds a NUL (zero) byte, which is not text; remove it and import again"
    byte = ord(found[0]) - 0xDC00
    return (
        f"holds the byte 0x{byte:02X}, which is not UTF-8 text (nor {FALLBACK_LABEL} for the "
        'whole file); save the file as "CSV UTF-8" and import it again'
    )


def text_lines(
    path: Path, fh: io.BufferedReader, reading: Reading | None = None
) -> Generator[str, None, None]:
    """The file's text line by line, line ends kept, in the encoding it was saved in;
    ``reading`` hears of a notice or a damaged line."""
    found = Reading() if reading is None else reading
    encoding = _wide_encoding(fh.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])
    if encoding:
        return _wide_lines(path, io.TextIOWrapper(fh, encoding=encoding, newline=""), found)
    return _narrow_lines(path, fh, found)


def _wide_encoding(start: bytes) -> str | None:
    """UTF-16 by its BOM, or by the zero bytes between ASCII letters when it has none."""
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    pairs = len(start) // 2
    if pairs >= 2:
        zero_odd = sum(1 for i in range(pairs) if start[2 * i + 1] == 0 and start[2 * i])
        zero_even = sum(1 for i in range(pairs) if start[2 * i] == 0 and start[2 * i + 1])
        if zero_odd * 4 >= pairs * 3:
            return "utf-16-le"
        if zero_even * 4 >= pairs * 3:
            return "utf-16-be"
    return None


def _wide_lines(path: Path, text: io.TextIOWrapper, reading: Reading) -> Generator[str, None, None]:
    number = 0
    try:
        for number, line in enumerate(text, start=1):
            if NUL in line:
                reading.damaged += 1
            yield line.removeprefix(BOM) if number == 1 else line
    except UnicodeDecodeError:
        raise RegularsError(
            _(
                "'{path}', line {line}: the text is not valid UTF-16. Save the file as \"CSV "
                'UTF-8" and import it again.'
            ).format(path=path, line=number + 1)
        ) from None


def _narrow_lines(
    path: Path, lines: Iterable[bytes], reading: Reading
) -> Generator[str, None, None]:
    """UTF-8 line by line, until a line is not: then the whole file is read as
    Windows-1252 if that is how it was saved, else the bytes that are not text are kept
    escaped and the line counted as damaged."""
    encoding = ENCODING
    utf8_seen = decided = False
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode(encoding)
        except UnicodeDecodeError:
            if not (utf8_seen or decided):
                decided = True
                if _saved_as_fallback(path):
                    encoding = FALLBACK_ENCODING
                    reading.notices.append(
                        _(
                            "'{path}' is not UTF-8: it was read as {fallback_label}, as older "
                            "spreadsheets save it. Check that accented names look right."
                        ).format(path=path.name, fallback_label=FALLBACK_LABEL)
                    )
            text = line.decode(encoding, errors="surrogateescape")
            if encoding == ENCODING:
                reading.damaged += 1
        else:
            utf8_seen = utf8_seen or not line.isascii()
        if NUL in text:
            reading.damaged += 1
        yield text.removeprefix(BOM) if number == 1 else text


def _saved_as_fallback(path: Path) -> bool:
    """Whether the file has no UTF-8 character anywhere and every byte of it reads as
    Windows-1252 (a second pass over the file, made only for a file that is not UTF-8,
    and once however often its header is read: each format looks at it)."""
    stat = path.stat()
    return _scanned_as_fallback(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _scanned_as_fallback(path: Path, _size: int, _modified: int) -> bool:
    with path.open("rb") as fh:
        tail = b""
        while chunk := fh.read(_SCAN_BYTES):
            block = tail + chunk
            if _UTF8_CHARACTER.search(block):
                return False
            try:
                block.decode(FALLBACK_ENCODING)
            except UnicodeDecodeError:
                return False
            tail = chunk[-3:]
    return True
