"""Reading a CSV file as a stream of rows, whatever format and whatever till saved it.

Every CSV format (the plain Regulars CSV, till exports) starts the same way: find the
text's encoding (``textfile``) and its delimiter (comma, semicolon or tab, from the first
row), read the first row as column names, then stream the rest without holding the file
in memory. A cell holding something that is not text (a broken byte, a NUL) is refused
naming its row and column, and nothing is written.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path

from app.errors import RegularsError
from app.i18n import _
from app.importing.records import ParsedRow
from app.importing.report import RowProblem
from app.importing.textfile import BOM, Reading, damage, text_lines
from app.plain_text import hidden_character

DELIMITERS = (",", ";", "\t")
GUARD = "'"
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
"""First characters a spreadsheet may run a cell as a formula for: ``= + - @``, tab and
line breaks, and the full-width ``＝ ＋ － ＠`` that East Asian spreadsheets read alike."""


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
    in a problem the way the owner sees it in a spreadsheet; a name that is not text
    refuses the file."""
    reading = Reading()
    with closing(rows(path, reading)) as stream:
        first = next(stream, None)
    if first is None:
        return []
    damaged = damaged_cells(1, first[1], ()) if reading.damaged else ()
    if damaged:
        raise RegularsError(
            _("'{path}', row 1, {column}: {reason}.").format(
                path=path, column=damaged[0].column, reason=damaged[0].reason
            )
        )
    return _names(first[1])


def _names(cells: list[str]) -> list[str]:
    return [cell.replace(BOM, "").strip() for cell in cells]


def damaged_cells(
    row: int, cells: Sequence[str], names: Sequence[str], used: Iterable[int] | None = None
) -> tuple[RowProblem, ...]:
    """Every cell of a row (or its ``used`` ones: a column nobody imports may hold what
    it likes) that holds something that is not text, named by its column (by its place
    when ``names`` has none for it)."""
    found = []
    for index in range(len(cells)) if used is None else used:
        reason = damage(cells[index]) if index < len(cells) else None
        if reason is not None:
            found.append(RowProblem(row, _column_name(names, index), reason))
    return tuple(found)


def _column_name(names: Sequence[str], index: int) -> str:
    """A column as the header writes it, or by its place when the header has no name
    for it."""
    return names[index] if index < len(names) else f"column {index + 1}"


def rows(
    path: Path, reading: Reading | None = None
) -> Generator[tuple[int, list[str]], None, None]:
    """Every row with its number as a spreadsheet shows it (the header is row 1);
    ``reading`` hears what decoding found (a notice, a damaged line)."""
    number = 0
    try:
        with path.open("rb") as fh, closing(text_lines(path, fh, reading)) as lines:
            first = next(lines, None)
            if first is None:
                return
            reader = csv.reader(
                itertools.chain([first], lines), delimiter=_delimiter(first), strict=True
            )
            for number, cells in enumerate(reader, start=1):
                yield number, cells
    except csv.Error as exc:
        if str(exc).startswith("field larger than field limit"):
            raise RegularsError(
                _(
                    "'{path}', row {row}: a cell is over {limit:,} characters long, far more "
                    "than any field holds. Shorten it and import again."
                ).format(path=path, row=number + 1, limit=csv.field_size_limit())
            ) from None
        raise RegularsError(
            _("'{path}', row {row}: not readable as CSV ({exc}).").format(
                path=path, row=number + 1, exc=exc
            )
        ) from None
    except OSError as exc:
        raise RegularsError(
            _("Cannot read '{path}': {strerror}.").format(path=path, strerror=exc.strerror)
        ) from exc


def named_rows(
    path: Path,
    width: int,
    positions: Mapping[str, int],
    parse: Callable[[int, dict[str, str]], ParsedRow],
    unguarded: Callable[[str], str] = unguard,
    notices: list[str] | None = None,
) -> Iterator[ParsedRow]:
    """Every row after the header handed to ``parse`` as its cells by name (trimmed, an
    export's apostrophe guard removed by ``unguarded``; a name without a position reads
    as blank), as ``positional_rows`` reads them."""
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
        notices,
    )


def positional_rows(
    path: Path,
    width: int,
    used: Sequence[int],
    parse: Callable[[int, list[str]], ParsedRow],
    unguarded: Callable[[str], str] = unguard,
    notices: list[str] | None = None,
) -> Iterator[ParsedRow]:
    """Every row after the header handed to ``parse`` as its list of cells, ``width``
    long, the ``used`` positions trimmed and ``unguarded`` (the header is resolved to
    positions once, so a million rows cost no dictionary each). Blank rows come back
    empty (skipped); a row wider than the header, or holding something that is not text,
    is a problem; ``notices`` hears how the file was read when the owner should know."""
    reading = Reading([] if notices is None else notices)
    damaged = 0
    names: list[str] = []
    for number, cells in rows(path, reading):
        if number == 1:
            names = _names(cells)
            continue
        if reading.damaged != damaged:
            damaged = reading.damaged
            problems = damaged_cells(number, cells, names, used)
            if problems:
                yield ParsedRow(number, problems=problems)
                continue
        if not any(map(str.strip, cells)):  # stops at the first cell with text in it
            yield ParsedRow(number)
            continue
        wider: tuple[RowProblem, ...] = ()
        if len(cells) > width and "".join(cells[width:]).strip():
            reason = _("has {cells} cells but row 1 names {width} columns").format(
                cells=len(cells), width=width
            )
            wider = (RowProblem(number, _("(after the last column)"), reason),)
        elif len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        for index in used:
            raw = cells[index]
            if raw:
                cell = raw.strip()
                cells[index] = unguarded(raw) if cell[:1] == GUARD else cell
        parsed = parse(number, cells)
        if wider or parsed.problems:
            hidden = [
                p for p in hidden_cells(number, cells, names, used) if p not in parsed.problems
            ]
            parsed = ParsedRow(number, problems=(*parsed.problems, *hidden, *wider))
        yield parsed


def hidden_problem(row: int, column: str, code: str) -> RowProblem:
    """A cell refused for the invisible character ``code`` it holds (``U+001B``)."""
    return RowProblem(
        row,
        column,
        _(
            "it holds an invisible control character ({code}); "
            "remove it in the file and import again"
        ).format(code=code),
    )


def hidden_cells(
    row: int, cells: Sequence[str], names: Sequence[str], used: Iterable[int]
) -> tuple[RowProblem, ...]:
    """The ``used`` cells of a row that hold an invisible control character (tabs and
    line breaks pass), named by their column. Every refused row is read for them, so the
    owner fixes them in the same pass as the row's other problems; a row that lands is
    checked where it lands (``limits``), or by a reader whose cells do not map one to
    one onto the record's fields (an address book's many phone columns)."""
    return tuple(
        hidden_problem(row, _column_name(names, index), code)
        for index in used
        if (code := hidden_character(cells[index], lines=True))
    )


def column(path: Path, index: int, unguarded: Callable[[str], str] = unguard) -> Iterator[str]:
    """One column's non-blank cells below the header, for values that are read the same
    way down the whole column (whether 03/04 is March or April)."""
    for number, cells in rows(path):
        if number > 1 and index < len(cells) and cells[index].strip():
            yield unguarded(cells[index])


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
