"""``regulars today [--on DATE]``: the owner's start of the day, for a morning cron job
or a quick look; ``--done KEY`` and ``--snooze KEY`` act on a row as the window does, and
``--undo`` takes the newest of them back as Ctrl+Z does there."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import date
from typing import Any

from app.cli.common import EXIT_OK, Output, int_at_least, iso_date, open_db
from app.cli.owner import add_owner_flag, owner_access
from app.db import Database
from app.errors import RegularsError
from app.i18n import _, format_count, format_weekday
from app.prompts.undo_file import keep_mark, undo_last_mark
from app.safety.access import Access
from app.today import TodayView, mark_today_row, today_view
from app.today.view import NOTHING_TODAY


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``today`` command."""
    parser = commands.add_parser(
        "today",
        parents=[common],
        help=_("occasions, follow-ups due, and regulars to check on"),
        description=_(
            "What to notice today: birthdays and anniversaries this week, notes to "
            "follow up, regulars who are overdue against their own rhythm, new customers, and "
            "who is likely in today. --keys shows each row's key for --done and --snooze; "
            "--undo takes back the last of them (within 15 minutes)."
        ),
    )
    parser.add_argument(
        "--on", metavar="DATE", type=iso_date, help=_("pretend today is DATE (YYYY-MM-DD)")
    )
    parser.add_argument(
        "--limit", metavar="N", type=int_at_least(1), default=30, help=_("rows a section (30)")
    )
    parser.add_argument(
        "--keys", action="store_true", help=_("show each row's key (for --done and --snooze)")
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--done", metavar="KEY", help=_("mark the row KEY done for good first"))
    action.add_argument("--snooze", metavar="KEY", help=_("hide the row KEY until --until first"))
    action.add_argument(
        "--undo", action="store_true", help=_("take back the last --done or --snooze first")
    )
    parser.add_argument(
        "--until", metavar="DATE", type=iso_date, help=_("with --snooze: back on DATE (tomorrow)")
    )
    add_owner_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: Output) -> int:
    """Mark a row if asked, then print the view; a bad key or date is refused (exit 1)."""
    today = args.on or date.today()
    if args.until and not args.snooze:
        raise RegularsError(_("--until only goes with --snooze."))
    with open_db(args) as database:
        access = owner_access(database, args.owner)
        key = args.done or args.snooze
        if key:
            action = "done" if args.done else "snooze"
            what = _row_words(database, key, action, today, access, args.limit)
            mark = mark_today_row(
                database, key, action, today=today, until=args.until, access=access
            )
            keep_mark(database, what, mark)
            out.info(_("Marked: {what}.").format(what=what))
        if args.undo:
            out.info(_("Undone: {what}.").format(what=undo_last_mark(database)))
        view = today_view(database, today=today, limit=args.limit, access=access)
    out.result(view, _lines(view, keys=args.keys))
    if view.empty:
        out.info(_(NOTHING_TODAY))
    return EXIT_OK


def _row_words(
    database: Database, key: str, action: str, today: date, access: Access, limit: int
) -> str:
    """The row ``key`` as the view lists it, for the undo list ("done — Anna Berg:
    Birthday today"); just its key when it is not among the rows listed."""
    view = today_view(database, today=today, limit=limit, access=access)
    rows = {row.key: row for section in view.sections for row in section.rows}
    row = rows.get(key)
    shown = f"{row.display_name}: {row.text}" if row is not None else key
    return (_("done") if action == "done" else _("snoozed")) + f" — {shown}"


def _lines(view: TodayView, *, keys: bool) -> Iterator[str]:
    yield _("Today: {day}").format(day=format_weekday(view.on))
    for section in view.sections:
        shown = (
            format_count(section.total)
            if section.total == len(section.rows)
            else _("{len} of {total}").format(
                len=format_count(len(section.rows)), total=format_count(section.total)
            )
        )
        yield ""
        yield f"{section.title} ({shown}):"
        for row in section.rows:
            private = _(" [private]") if row.private else ""
            detail = f"  ({row.detail})" if row.detail else ""
            yield f"  #{row.customer_id} {row.display_name}: {row.text}{private}{detail}"
            if keys:
                yield _("      key {key}").format(key=row.key)
        if not section.rows:
            yield _("  nothing")
