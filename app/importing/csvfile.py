"""Reading a CSV file as a stream of rows, whatever format and whatever till saved it.

Every CSV format (the plain Regulars CSV, till exports) starts the same way: find the
text's encoding (UTF-8 with or without a BOM, UTF-16, else Windows-1252 as older
spreadsheets save it) and its delimiter (comma, semicolon or tab, from the first row),
read the first row as column names, then stream the rest without holding the file in
memory. Text that cannot be read stops the import with the file and row named, and
nothing written.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path

from app.errors import RegularsError
from app.importing.records import ParsedRow
from app.importing.report import RowProblem

ENCODING = "utf-8"
FALLBACK_ENCODING = "cp1252"
BOM = "\ufeff"
DELIMITERS = (",", ";", "\t")
GUARD = "'"
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
"""First characters a spreadsheet may run a cell as a formula for: ``= + - @``, tab and
line breaks, and the full-width ``＝ ＋ － ＠`` that East Asian spreadsheets read alike."""
_SNIFF_BYTES = 64


def column_key(name: str) -> str:
    """Column names compare without case, blanks or a stray BOM ("Customer Ref" is
    "customer_ref")."""
    return "_".join(name.replace(BOM, "").replace("-", " ").split()).casefold()


def guarded(first: str) -> bool:
    """Whether a value starting with ``first`` is exported behind ``GUARD``: a formula's
    start, a blank (the importer trims blanks, the guard keeps them) or the guard itself
    (so the value's own apostrophe reads back)."""
    return first in FORMULA_STARTS or first == GUARD or first.isspace()


def unguard(cell: str) -> str:
    """A cell's value, trimmed, with the apostrophe the export put in front taken off: only
    one followed by a character the export guards ("'=SUM", "''Ohana"), so any other
    leading apostrophe ("'Ohana", "'00123") is the value's own. For every text ``v``,
    ``unguard(spreadsheet_safe(v)) == v.strip()``."""
    text = cell.lstrip()
    if text[:1] == GUARD and text[1:2] and guarded(text[1]):
        text = text[1:]
    return text.strip()


def unguard_numbers(cell: str) -> str:
    """``unguard``, and also the apostrophe a till's export puts before a number so a
    spreadsheet keeps its leading zeros (Shopify's "'01103", "'7040001")."""
    text = cell.lstrip()
    if text[:1] == GUARD and text[1:2].isdigit():
        return text[1:].strip()
    return unguard(text)


def header(path: Path) -> list[str]:
    """The first row's column names as ``column_key`` spells them (empty if no rows)."""
    return [column_key(name) for name in header_names(path)]


def header_names(path: Path) -> list[str]:
    """The first row's column names as the file writes them (trimmed), to name a column
    in a problem the way the owner sees it in a spreadsheet."""
    with closing(rows(path)) as stream:
        first = next(stream, None)
    return [] if first is None else [cell.replace(BOM, "").strip() for cell in first[1]]


def rows(path: Path) -> Generator[tuple[int, list[str]], None, None]:
    """Every row with its number as a spreadsheet shows it (the header is row 1)."""
    number = 0
    try:
        with path.open("rb") as fh, closing(text_lines(path, fh)) as lines:
            first = next(lines, None)
            if first is None:
                return
            reader = csv.reader(
                itertools.chain([first], lines), delimiter=_delimiter(first), strict=True
            )
            for number, cells in enumerate(reader, start=1):
                yield number, cells
    except csv.Error as exc:
        raise RegularsError(f"'{path}', row {number + 1}: not readable as CSV ({exc}).") from None
    except OSError as exc:
        raise RegularsError(f"Cannot read '{path}': {exc.strerror}.") from exc


def named_rows(
    path: Path,
    width: int,
    positions: Mapping[str, int],
    parse: Callable[[int, dict[str, str]], ParsedRow],
    unguarded: Callable[[str], str] = unguard,
) -> Iterator[ParsedRow]:
    """Every row after the header handed to ``parse`` as its cells by name (trimmed, an
    export's apostrophe guard removed by ``unguarded``; a name without a position reads
    as blank). Blank rows come back empty (skipped); a row wider than the header is a
    problem."""
    absent = {name: "" for name, index in positions.items() if index < 0}
    present = [(name, index) for name, index in positions.items() if index >= 0]
    return positional_rows(
        path,
        width,
        [index for _, index in present],
        lambda number, cells: parse(
            number, {name: cells[index] for name, index in present} | absent
        ),
        unguarded,
    )


def positional_rows(
    path: Path,
    width: int,
    used: Sequence[int],
    parse: Callable[[int, list[str]], ParsedRow],
    unguarded: Callable[[str], str] = unguard,
) -> Iterator[ParsedRow]:
    """Every row after the header handed to ``parse`` as its list of cells, ``width``
    long, the ``used`` positions trimmed and ``unguarded`` (the header is resolved to
    positions once, so a million rows cost no dictionary each). Blank rows come back
    empty (skipped); a row wider than the header is a problem."""
    for number, cells in rows(path):
        if number == 1:
            continue
        if not "".join(cells).strip():
            yield ParsedRow(number)
        elif len(cells) > width and "".join(cells[width:]).strip():
            reason = f"has {len(cells)} cells but row 1 names {width} columns"
            yield ParsedRow(
                number, problems=(RowProblem(number, "(after the last column)", reason),)
            )
        else:
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            for index in used:
                raw = cells[index]
                cell = raw.strip()
                cells[index] = unguarded(raw) if cell[:1] == GUARD else cell
            yield parse(number, cells)


def column(path: Path, index: int, unguarded: Callable[[str], str] = unguard) -> Iterator[str]:
    """One column's non-blank cells below the header, for values that are read the same
    way down the whole column (whether 03/04 is March or April)."""
    for number, cells in rows(path):
        if number > 1 and index < len(cells) and cells[index].strip():
            yield unguarded(cells[index])


def text_lines(path: Path, fh: io.BufferedReader) -> Generator[str, None, None]:
    """The file's text line by line, line ends kept, in the encoding it was saved in."""
    encoding = _wide_encoding(fh.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])
    if encoding:
        return _wide_lines(path, io.TextIOWrapper(fh, encoding=encoding, newline=""))
    return _narrow_lines(path, fh)


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


def _wide_lines(path: Path, text: io.TextIOWrapper) -> Generator[str, None, None]:
    number = 0
    try:
        for number, line in enumerate(text, start=1):
            yield line.removeprefix(BOM) if number == 1 else line
    except UnicodeDecodeError:
        raise RegularsError(
            f"'{path}', line {number + 1}: the text is not valid UTF-16. "
            'Save the file as "CSV UTF-8" and import it again.'
        ) from None


def _narrow_lines(path: Path, lines: Iterable[bytes]) -> Generator[str, None, None]:
    """UTF-8 line by line; a file whose first non-ASCII line is not UTF-8 is read as
    Windows-1252 throughout, and a line that breaks UTF-8 after others kept it is named."""
    utf8_seen = False
    fallback = False
    for number, line in enumerate(lines, start=1):
        if fallback:
            text = line.decode(FALLBACK_ENCODING, errors="replace")
        else:
            try:
                text = line.decode(ENCODING)
            except UnicodeDecodeError:
                if utf8_seen:
                    raise RegularsError(
                        f"'{path}', line {number}: the text is not UTF-8 although earlier "
                        'lines are. Save the file as "CSV UTF-8" and import it again.'
                    ) from None
                fallback = True
                text = line.decode(FALLBACK_ENCODING, errors="replace")
            else:
                utf8_seen = utf8_seen or not line.isascii()
        yield text.removeprefix(BOM) if number == 1 else text


def _delimiter(first_line: str) -> str:
    """Comma, semicolon or tab: whichever the header row uses most outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else DELIMITERS[0]
