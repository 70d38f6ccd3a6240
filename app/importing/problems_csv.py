"""An import's problems as a CSV the owner opens beside the file to fix it in one pass.

A spreadsheet is where till exports get fixed, so the list goes there: file, row, column
and reason (headed in the shop's language), one problem a line, cells guarded against
being run as formulas, written whole or not at all.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from app.atomic import write_atomically
from app.exporting.regulars_csv import ENCODING, spreadsheet_safe
from app.i18n import N_, _
from app.importing.report import ImportReport

HEADER = (N_("file"), N_("row"), N_("column"), N_("reason"))


def save_problems(report: ImportReport, out: Path) -> int:
    """Write every problem of ``report`` to ``out``; the number written."""

    def write(fh: TextIO) -> None:
        writer = csv.writer(fh)
        writer.writerow([_(word) for word in HEADER])
        for problem in report.problems:
            cells = (report.file, str(problem.row), problem.column, problem.reason)
            writer.writerow([spreadsheet_safe(cell) for cell in cells])

    write_atomically(out, write, encoding=ENCODING)
    return len(report.problems)
