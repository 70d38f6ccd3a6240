"""Importing a file: checking it can be read, recognising its format, reading it (in a
second process when big, ``worker``) and landing its rows (``apply``); re-exported by the
package.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.importing import (
    address_books,
    lightspeed,
    regulars_csv,
    shopify,
    square,
    vcard,
    worker,
)
from app.importing import mapping as mapped_csv
from app.importing.apply import run_import
from app.importing.records import Format, ReadOptions
from app.importing.report import Counts, ImportReport, PreviewRow, RowProblem

FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        regulars_csv.FORMAT,
        shopify.CUSTOMERS_FORMAT,
        shopify.ORDERS_FORMAT,
        square.FORMAT,
        square.ITEM_SALES_FORMAT,
        lightspeed.FORMAT,
        vcard.FORMAT,
        *address_books.FORMATS,
        mapped_csv.FORMAT,
    )
}

__all__ = [
    "FORMATS",
    "Counts",
    "ImportReport",
    "PreviewRow",
    "RowProblem",
    "check_readable",
    "detect_format",
    "import_file",
    "needs_mapping",
]


def import_file(
    database: Database,
    path: Path | str,
    *,
    fmt: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    mapping: mapped_csv.Mapping | None = None,
    skip_bad: bool = False,
) -> ImportReport:
    """Import ``path`` into ``database``: everything when every row is clean, else nothing.
    With ``skip_bad`` the clean rows land and the rest are saved beside ``path`` with a
    reason each (``ImportReport.problems_file``; a dry run only counts them).

    A dry run reports the same counts, preview and problems, and writes nothing.
    (``set_aside`` is imported where it is used: it writes cells as the exporter does,
    and the exporter's module imports this package's column names.)
    Raises ``RegularsError`` for a file that cannot be read at all (missing, not a
    known format, not text); row-level problems come back in the report instead.
    ``progress`` hears how many rows have been read (a window's progress bar), and
    ``should_stop`` returning true abandons the import with nothing written.
    ``mapping`` maps a file no format knows to our fields (else the preset saved for
    its header is used); without either, such a file is refused with a guessed mapping.
    """
    path = Path(path)
    check_readable(path)
    if skip_bad and not dry_run:
        _check_problems_writable(path)
    chosen = mapped_csv.FORMAT if mapping is not None else _format(path, fmt)
    unknown = chosen is regulars_csv.FORMAT and fmt is None and not regulars_csv.detect(path)
    if unknown or (chosen is mapped_csv.FORMAT and mapping is None):
        mapping = mapped_csv.load_preset(database, path)
        chosen = mapped_csv.FORMAT if mapping is not None else chosen
    options = ReadOptions(mapped=mapping.pairs if mapping else ())
    try:
        source = worker.read(chosen, path, options)
    except RegularsError as exc:
        if not unknown or mapping is not None:
            raise
        raise RegularsError(f"{exc} {mapped_csv.refusal(path)}") from None
    report = run_import(
        database,
        source,
        file=str(path),
        dry_run=dry_run,
        progress=progress,
        should_stop=should_stop,
        skip_bad=skip_bad,
    )
    if report.set_aside and not dry_run:
        from app.importing.set_aside import save_rows_left_out

        saved = save_rows_left_out(path, report.set_aside)
        report = dataclasses.replace(report, problems_file=str(saved))
    return report


def _check_problems_writable(path: Path) -> None:
    """Refuse ``skip_bad`` before anything lands when the problem rows could not be saved
    beside the file afterwards (the good rows would be in, the bad ones nowhere)."""
    from app.importing.set_aside import problems_path

    out = problems_path(path)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise RegularsError(
            _(
                "Cannot save the problem rows to '{out}' (a folder you cannot write to). Move "
                "the file to a folder you can write to and import it from there."
            ).format(out=out)
        )


def detect_format(path: Path | str) -> str:
    """The label of the format ``path`` will be read as, so the owner sees it before any
    row is read (the import wizard's first page)."""
    path = Path(path)
    check_readable(path)
    return _format(path, None).label


def needs_mapping(path: Path | str) -> bool:
    """Whether no format recognises ``path``, so its columns must be mapped to ours (the
    import wizard then shows the mapping step)."""
    path = Path(path)
    check_readable(path)
    return not any(fmt.detect(path) for fmt in FORMATS.values())


def check_readable(path: Path) -> None:
    """Refuse a missing, unreadable or non-file path before anything else happens."""
    if not path.exists():
        raise RegularsError(_("'{path}' does not exist.").format(path=path))
    if not path.is_file():
        raise RegularsError(_("'{path}' is not a file.").format(path=path))
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise RegularsError(
            _("Cannot read '{path}': {strerror}.").format(path=path, strerror=exc.strerror)
        ) from exc


def _format(path: Path, name: str | None) -> Format:
    """The named format, else the first that recognises the file. The plain Regulars CSV
    is what any till can be mapped to, so a file nothing recognises is read as one and
    its header's shortfall explained."""
    if name is not None:
        if name not in FORMATS:
            raise RegularsError(
                _("Unknown import format '{name}'; known formats: {formats}.").format(
                    name=name, formats=", ".join(FORMATS)
                )
            )
        return FORMATS[name]
    return next((fmt for fmt in FORMATS.values() if fmt.detect(path)), regulars_csv.FORMAT)
