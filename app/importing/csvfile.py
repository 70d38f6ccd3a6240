"""Reading a CSV file as a stream of rows, whatever format it turns out to be.

Every CSV format (the plain Regulars CSV now, till exports later) starts the same way:
open the text, read the first row as column names, then stream the rest without
holding the file in memory. Text that cannot be read stops the import with the file
and row named, and nothing written.
"""

from __future__ import annotations

import csv
from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from pathlib import Path

from app.errors import RegularsError

ENCODING = "utf-8"
BOM = "\ufeff"


def column_key(name: str) -> str:
    """Column names compare without case, blanks or a stray BOM ("Customer Ref" is
    "customer_ref")."""
    return "_".join(name.replace(BOM, "").replace("-", " ").split()).casefold()


def header(path: Path) -> list[str]:
    """The first row's column names as ``column_key`` spells them (empty if no rows)."""
    with closing(rows(path)) as stream:
        first = next(stream, None)
    return [] if first is None else [column_key(cell) for cell in first[1]]


def rows(path: Path) -> Generator[tuple[int, list[str]], None, None]:
    """Every row with its number as a spreadsheet shows it (the header is row 1)."""
    number = 0
    try:
        with path.open("rb") as fh:
            reader = csv.reader(_decoded(path, fh), strict=True)
            for number, cells in enumerate(reader, start=1):
                yield number, cells
    except csv.Error as exc:
        raise RegularsError(f"'{path}', row {number + 1}: not readable as CSV ({exc}).") from None
    except OSError as exc:
        raise RegularsError(f"Cannot read '{path}': {exc.strerror}.") from exc


def _decoded(path: Path, lines: Iterable[bytes]) -> Iterator[str]:
    """Text line by line, so a line that is not UTF-8 is named exactly."""
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode(ENCODING)
        except UnicodeDecodeError:
            raise RegularsError(
                f"'{path}', line {number}: the text is not UTF-8. "
                'Save the file as "CSV UTF-8" and import it again.'
            ) from None
        yield text.removeprefix(BOM) if number == 1 else text
