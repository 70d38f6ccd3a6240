"""The rows an import left out, saved beside the file so the owner fixes only those.

With "skip bad rows" the clean rows land and the others are written to
``<name>.problems.csv`` (or ``.vcf``) in the same folder, each with the reason it was left
out: a ``reason`` column for a CSV (headed in the shop's language; UTF-8 with a BOM,
each cell as the file had it but for an apostrophe before one a spreadsheet would run as
a formula, which a re-import takes off), an ``X-REGULARS-PROBLEM`` line after the card's
VERSION for a vCard. Fixed there, that file imports like any other (the reason is listed
as a column or property not imported).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import TextIO

from app.atomic import write_atomically
from app.exporting.regulars_csv import ENCODING, spreadsheet_safe
from app.i18n import N_, _
from app.importing import csvfile, textfile, vcard
from app.importing.report import RowProblem

REASON = N_("reason")
_PROBLEMS_STEM = re.compile(r"\.problems(-\d+)?$")
VCARD_REASON = "X-REGULARS-PROBLEM"
_AS_READ = "surrogateescape"


def problems_path(source: Path) -> Path:
    """Where the rows left out of ``source`` are saved: ``NAME.problems.csv`` (``.vcf``)
    beside it, never over a file already there (the owner may be fixing it: the next
    free ``NAME.problems-2.csv``…), and the problems of a problems file imported again
    beside it under its own name's stem, not ``NAME.problems.problems.csv``."""
    suffix = ".vcf" if vcard.detect(source) else ".csv"
    stem = _PROBLEMS_STEM.sub("", source.stem)
    out = source.with_name(f"{stem}.problems{suffix}")
    number = 2
    while out.exists():
        out = source.with_name(f"{stem}.problems-{number}{suffix}")
        number += 1
    return out


def save_rows_left_out(source: Path, left_out: Iterable[RowProblem]) -> Path:
    """Write the rows of ``source`` named in ``left_out``, with their reasons; the file."""
    reasons: dict[int, list[str]] = {}
    for problem in left_out:
        reasons.setdefault(problem.row, []).append(f"{problem.column}: {problem.reason}")
    out = problems_path(source)
    joined = {row: "; ".join(found) for row, found in reasons.items()}
    # A row left out for a byte that is not text keeps that byte, so it can be fixed.
    if out.suffix == ".vcf":
        write_atomically(
            out, lambda fh: _cards(source, joined, fh), encoding="utf-8", errors=_AS_READ
        )
    else:
        write_atomically(
            out, lambda fh: _rows(source, joined, fh), encoding=ENCODING, errors=_AS_READ
        )
    return out


def _rows(source: Path, reasons: dict[int, str], fh: TextIO) -> None:
    writer = csv.writer(fh)
    width, old_reason = 0, False
    for number, cells in csvfile.rows(source):
        if number == 1:
            # A problems file imported again: its reason column makes way for the new one.
            old_reason = bool(cells) and cells[-1] in (REASON, _(REASON))
            width = len(cells) - old_reason
            writer.writerow([*cells[:width], _(REASON)])
        elif number in reasons:
            if old_reason:
                cells = [*cells[:width], *cells[width + 1 :]]
            # A row cut short (trailing blank cells left off) still has its reason under
            # the reason column.
            padded = [*cells, *[""] * (width - len(cells)), reasons[number]]
            writer.writerow([spreadsheet_safe(cell) for cell in padded])


def _cards(source: Path, reasons: dict[int, str], fh: TextIO) -> None:
    """Each card whose BEGIN line is named, copied line for line with its reason right
    after its VERSION line (vCard 4.0 wants VERSION straight after BEGIN; before END
    when a card has none)."""
    copying = False
    pending = ""
    with source.open("rb") as raw, closing(textfile.text_lines(source, raw)) as lines:
        for number, line in enumerate(lines, start=1):
            text = line.rstrip("\r\n")
            word = text.strip().upper()
            if number in reasons and word == vcard.BEGIN:
                copying = True
                reason = reasons[number].replace("\\", "\\\\").replace(",", "\\,")
                pending = f"{VCARD_REASON}:{reason}\r\n"
                fh.write(text + "\r\n")
            elif copying:
                ended = word == vcard.END
                if ended:
                    fh.write(pending)
                    pending = ""
                fh.write(text + "\r\n")
                if word.startswith("VERSION:"):
                    fh.write(pending)
                    pending = ""
                copying = not ended
