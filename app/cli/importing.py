"""``regulars import FILE``: customers or purchases from a file, all or nothing.

The report names every problem (file, row, column, reason) so a file is fixed in one
pass; ``--dry-run`` shows what would land without writing; ``--skip-bad`` brings in the
good rows and saves the others beside the file, a reason each. Exit 0 when the file was
(or, in a dry run, would be) imported, 1 when it was refused.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, EXIT_REFUSED, Output, open_db
from app.i18n import _, ngettext
from app.importing.preview_words import preview_words

if TYPE_CHECKING:
    from app.importing import ImportReport, RowProblem


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``import`` to the command line."""
    parser = commands.add_parser(
        "import",
        parents=[common],
        help=_("import customers or purchases from a file (all or nothing)"),
        description=_(
            "Import a customers or purchases file. Nothing is written unless "
            "every row is clean; every problem is listed with its row and column."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FILE", help=_("the file to import"))
    parser.add_argument(
        "--format",
        dest="fmt",
        type=_format_name,
        metavar="F",
        help=_(
            "the file's format (default: recognised from the file; 'regulars' is the "
            "plain Regulars CSV)"
        ),
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check the file and show what would change, without writing anything"),
    )
    parser.add_argument(
        "--map",
        dest="mapping",
        metavar="FIELD=COLUMN,...",
        help=_(
            "read a CSV no format knows through this column mapping "
            "(e.g. first_name=Given,last_name=Surname,email=E-mail)"
        ),
    )
    parser.add_argument(
        "--skip-bad",
        action="store_true",
        help=_(
            "import the good rows and save the problem rows, each with its reason, "
            "beside FILE as NAME.problems.csv (or .vcf) to fix and import again"
        ),
    )
    parser.add_argument(
        "--save-preset",
        action="store_true",
        help=_("remember the --map mapping for files with this header"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: Output) -> int:
    """Import the file and print the report; problems refuse the whole file."""
    from app.importing import check_readable, import_file, mapping

    check_readable(args.file)
    columns = mapping.parse_mapping(args.mapping) if args.mapping else None
    with open_db(args) as database:
        report = import_file(
            database,
            args.file,
            fmt=args.fmt,
            dry_run=args.dry_run,
            mapping=columns,
            skip_bad=args.skip_bad,
        )
        if columns is not None and args.save_preset and report.ok:
            mapping.save_preset(database, args.file, columns)
    out.result(asdict(report) | {"ok": report.ok}, report_lines(report))
    if report.ok:
        return EXIT_OK
    out.error(
        _(
            "{len} problem(s) in '{file}'; nothing was written. Fix them, or import"
            " with --skip-bad to bring in the good rows and save the others to a "
            "file to fix."
        ).format(len=len(report.problems), file=report.file)
    )
    return EXIT_REFUSED


def report_lines(report: ImportReport) -> list[str]:
    """The report as a person reads it: outcome, counts, notices, preview, problems."""
    if report.written:
        outcome = _("imported")
    elif report.problems:
        outcome = _("refused, nothing was written")
    elif report.dry_run:
        outcome = _("dry run, nothing was written")
    elif report.unchanged:
        outcome = _("already imported, nothing to change")
    else:
        outcome = _("no rows to import")
    lines = [f"{report.file} ({report.format}): {outcome}"]
    for label, counts in (
        (_("customers"), report.customers),
        (_("purchase lines"), report.purchases),
    ):
        if counts.new or counts.updated or counts.unchanged:
            lines.append(
                _("  {label}: {new} new, {updated} updated, {unchanged} unchanged").format(
                    label=label, new=counts.new, updated=counts.updated, unchanged=counts.unchanged
                )
            )
    lines.append(
        _("  rows skipped (blank, or with nobody to belong to): {skipped}").format(
            skipped=report.skipped
        )
    )
    lines.extend(_("  note: {notice}").format(notice=notice) for notice in report.notices)
    if report.dry_run and report.preview:
        lines.append(_("First rows as they will land:"))
        for shown in report.preview:
            kind, action, described = preview_words(shown)
            lines.append(
                _("  row {row} ({kind}, {action}) {described}").format(
                    row=shown.row, kind=kind, action=action, described=described
                )
            )
    if report.set_aside:
        rows = len({p.row for p in report.set_aside})
        where = (
            _("saved with a reason each to {problems_file}").format(
                problems_file=report.problems_file
            )
            if report.problems_file
            else _("would be saved with a reason each beside the file")
        )
        lines.append(
            ngettext(
                "Left out {rows} problem row, {where}:",
                "Left out {rows} problem rows, {where}:",
                rows,
            ).format(rows=rows, where=where)
        )
        lines.extend("  " + _problem(p) for p in report.set_aside)
    if report.problems:
        lines.append(_("Problems ({len}):").format(len=len(report.problems)))
        lines.extend(f"  {report.file}, {_problem(p)}" for p in report.problems)
    return lines


def _problem(problem: RowProblem) -> str:
    return _("row {row}, column {column}: {reason}").format(
        row=problem.row, column=problem.column, reason=problem.reason
    )


def _format_name(value: str) -> str:
    """An argparse type: an unknown format is a usage error (exit 2)."""
    from app.importing import FORMATS

    if value not in FORMATS:
        raise argparse.ArgumentTypeError(
            _("unknown format '{value}' (known: {known})").format(
                value=value, known=", ".join(sorted(FORMATS))
            )
        )
    return value
