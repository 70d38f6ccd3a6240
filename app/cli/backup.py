"""``regulars backup|restore|check``: the owner's safety net, scriptable from cron.

``backup`` writes nothing when nothing changed, so it can run every hour; ``restore``
replaces the database only after backing it up and, on a terminal, asking first;
``check`` exits 1 while problems remain, so a script notices. The services (and alembic
behind them) are imported only when one of these commands runs, so they add nothing to the
start-up of every other command.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, EXIT_REFUSED, Output, confirmed
from app.cli.owner import add_owner_flag, require_owner
from app.db import open_database, sqlite_path
from app.errors import RegularsError
from app.i18n import N_, _, format_count, ngettext
from app.paths import resolve_db
from app.safety.access import CLERK, Access

if TYPE_CHECKING:
    from app.safety.backups import BackupOutcome


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``backup``, ``restore`` and ``check`` commands."""
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help=_("write a verified copy of the database"),
        description=_(
            "Without OUT, into the 'backups' folder beside the database (skipped "
            "when nothing changed; old ones pruned to 7 daily, 4 weekly, 12 monthly)."
        ),
    )
    backup.add_argument(
        "out", metavar="OUT", nargs="?", help=_("file or folder (a folder ends with /)")
    )
    backup.add_argument("--list", action="store_true", help=_("list the backups, newest first"))
    backup.set_defaults(handler=run_backup)
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help=_("replace the database with a backup (the current one is backed up first)"),
    )
    restore.add_argument("file", metavar="FILE", type=Path, help=_("the backup to restore"))
    restore.add_argument("--yes", action="store_true", help=_("do not ask (for scripts)"))
    add_owner_flag(restore)
    restore.set_defaults(handler=run_restore)
    check = commands.add_parser(
        "check",
        parents=[common],
        help=_("look for damage and broken data; exit 1 while problems remain"),
    )
    check.add_argument(
        "--repair", action="store_true", help=_("back up, then fix what can be fixed")
    )
    check.set_defaults(handler=run_check)


def _db_path(args: argparse.Namespace) -> Path:
    return sqlite_path(resolve_db(args.db))


def run_backup(args: argparse.Namespace, out: Output) -> int:
    """Take, or list, backups (of a file, or with ``pg_dump`` of a server's book)."""
    from app.dialects import is_server
    from app.safety.backups import DUMP_SUFFIX, FILE_SUFFIX, backup_to, take_backup

    target = resolve_db(args.db)
    if is_server(target):
        from app.safety.server_backups import dump_to, take_server_backup

        with open_database(target) as database:
            return _backup(
                args,
                out,
                (database.path, DUMP_SUFFIX),
                partial(dump_to, database),
                partial(take_server_backup, database),
            )
    db_path = _db_path(args)
    return _backup(
        args,
        out,
        (db_path, FILE_SUFFIX),
        partial(backup_to, db_path),
        partial(take_backup, db_path),
    )


def _backup(
    args: argparse.Namespace,
    out: Output,
    book: tuple[Path, str],
    copy_to: Callable[[Path], Path],
    take: Callable[[], BackupOutcome],
) -> int:
    from app.safety.backups import list_backups

    db_path, suffix = book
    if args.list:
        backups = list_backups(db_path, suffix)
        out.result(
            [{"path": str(b.path), "taken_at": b.taken_at, "size": b.size} for b in backups],
            [
                _("{taken_at:%Y-%m-%d %H:%M:%S}  {size:>12} bytes  {path}").format(
                    taken_at=b.taken_at, size=format_count(b.size), path=b.path
                )
                for b in backups
            ]
            or [_("no backups of '{db_path}' yet.").format(db_path=db_path)],
        )
        return EXIT_OK
    if args.out is not None:
        if args.out.endswith(("/", os.sep)) and not Path(args.out).is_dir():
            raise RegularsError(
                _(
                    "The folder '{out}' does not exist; create it (or plug in the USB "
                    "stick) first. Nothing was written."
                ).format(out=args.out)
            )
        path = copy_to(Path(args.out))
        out.result(
            {"path": str(path), "written": True, "removed": []},
            _("backed up to {path}").format(path=path),
        )
        return EXIT_OK
    outcome = take()
    text = (
        _("backed up to {path}").format(path=outcome.path)
        if outcome.written
        else _("nothing changed since the newest backup ({path}); none written.").format(
            path=outcome.path
        )
    )
    if outcome.removed:
        text += "\n" + ngettext(
            "{len} older backup pruned by the schedule.",
            "{len} older backups pruned by the schedule.",
            len(outcome.removed),
        ).format(len=len(outcome.removed))
    out.result(
        {
            "path": str(outcome.path),
            "written": outcome.written,
            "removed": [str(p) for p in outcome.removed],
        },
        text,
    )
    return EXIT_OK


def _owner_to_replace(db_path: Path, wanted: bool) -> Access:
    """Restoring replaces everything, so once a passphrase protects owner mode it needs the
    owner (asked before the confirmation); a book too damaged to open has none to ask for."""
    if not db_path.exists():
        return CLERK
    try:
        database = open_database(str(db_path))
    except RegularsError:
        return CLERK
    with database:
        return require_owner(database, wanted, N_("restore a backup over the shop's database"))


def run_restore(args: argparse.Namespace, out: Output) -> int:
    """Check the file, confirm, then restore."""
    from app.dialects import is_server
    from app.safety.restore import check_restorable, restore_database

    if is_server(resolve_db(args.db)):
        return _restore_server(args, out)
    db_path = _db_path(args)
    check_restorable(db_path, args.file)
    access = _owner_to_replace(db_path, args.owner)
    question = _(
        "Replace '{db_path}' with '{file}'? The current database is backed up first."
    ).format(db_path=db_path, file=args.file)
    if not args.yes and not confirmed(question):
        out.error(_("restore cancelled; nothing was changed."))
        return EXIT_REFUSED
    outcome = restore_database(db_path, args.file, access=access)
    if outcome.previous is None:
        kept = _("there was no database before.")
    elif outcome.moved_aside:
        kept = _("the replaced file could not be copied and was moved to {previous}.").format(
            previous=outcome.previous
        )
    else:
        kept = _("the replaced database is backed up at {previous}.").format(
            previous=outcome.previous
        )
    out.result(
        {
            "restored_from": str(outcome.restored_from),
            "database": str(db_path),
            "revision": outcome.revision,
            "previous": str(outcome.previous) if outcome.previous else None,
            "moved_aside": outcome.moved_aside,
        },
        _("restored '{db_path}' from '{restored_from}'; {kept}").format(
            db_path=db_path, restored_from=outcome.restored_from, kept=kept
        ),
    )
    return EXIT_OK


def _restore_server(args: argparse.Namespace, out: Output) -> int:
    """``restore`` of a ``pg_dump`` archive into the server's book."""
    from app.dialects import shown
    from app.safety.server_restore import check_server_restorable, restore_server

    check_server_restorable(args.file)
    with open_database(resolve_db(args.db)) as database:
        access = require_owner(
            database, args.owner, N_("restore a backup over the shop's database")
        )
        question = _(
            "Replace the book on {server} with '{file}'? The book as it is is dumped first."
        ).format(server=shown(database.target), file=args.file)
        if not args.yes and not confirmed(question):
            out.error(_("restore cancelled; nothing was changed."))
            return EXIT_REFUSED
        outcome = restore_server(database, args.file, access=access)
        out.result(
            {
                "restored_from": str(outcome.restored_from),
                "database": shown(database.target),
                "revision": outcome.revision,
                "previous": str(outcome.previous),
                "erased_again": list(outcome.erased_again),
            },
            _(
                "restored the book on {server} from '{restored_from}'; the replaced book is "
                "backed up at {previous}; {erased} customer(s) erased since were erased again."
            ).format(
                server=shown(database.target),
                restored_from=outcome.restored_from,
                previous=outcome.previous,
                erased=len(outcome.erased_again),
            ),
        )
    return EXIT_OK


def run_check(args: argparse.Namespace, out: Output) -> int:
    """Check (and repair); exit 1 while problems remain."""
    from app.dialects import is_server, shown
    from app.read_only import as_it_stands_message
    from app.safety.backups import list_backups
    from app.safety.check import INTEGRITY, check_database

    target = resolve_db(args.db)
    if is_server(target):
        from app.safety.check import check_server

        with open_database(target) as database:
            report = check_server(database, repair=args.repair)
            where = shown(database.target)
    else:
        report = check_database(_db_path(args), repair=args.repair)
        where = str(report.path)
    lines = [f"- [{p.rule}] {p.detail}" for p in report.remaining]
    if report.backup is not None:
        fixed = len(report.found) - len(report.remaining)
        lines[:0] = [
            _("repaired {fixed} of {len} problem(s).").format(fixed=fixed, len=len(report.found)),
            _("backup taken first: {backup}").format(backup=report.backup),
        ]
    if not report.remaining:
        lines.append(_("ok: no problems in '{path}'.").format(path=where))
    else:
        lines.append(
            _("{len} problem(s) remain in '{path}'.").format(len=len(report.remaining), path=where)
        )
        if any(p.fixable for p in report.remaining) and not args.repair:
            lines.append(_("run 'regulars check --repair' to back up and fix what can be fixed."))
        if any(p.rule == INTEGRITY and not p.fixable for p in report.remaining):
            backups = list_backups(report.path)
            lines.append(
                _(
                    "the file is damaged; restore the newest backup with regulars restore "
                    "'{path}' --db '{path2}'"
                ).format(path=backups[0].path, path2=report.path)
                if backups
                else _("the file is damaged and has no backup; keep a copy of it as it is.")
            )
    if report.disk_full:
        out.info(as_it_stands_message(report.path))
    out.result(
        {
            "path": where,
            "ok": not report.remaining,
            "found": report.found,
            "remaining": report.remaining,
            "backup": str(report.backup) if report.backup else None,
        },
        lines,
    )
    return EXIT_OK if not report.remaining else EXIT_REFUSED
