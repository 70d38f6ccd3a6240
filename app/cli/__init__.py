"""The ``regulars`` command: the GUI's twin for scripts, cron jobs and tests.

Global options (``--db``, ``--json``) work before or after the command. Exit codes are a
contract: 0 success, 1 input refused, a conflict or storage trouble (nothing written), 2 a
usage error or a bug (one line on stderr; the traceback goes to the log, ``app.crashlog``).
Headless commands never import Qt, so they start fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.cli.argparse_words import argparse_in_the_shops_language
from app.cli.common import EXIT_REFUSED, EXIT_USAGE, Output, add_global_options
from app.crashlog import plain_message
from app.errors import RegularsError
from app.i18n import N_, _, use_language
from app.paths import resolve_db
from app.settings import configured_language

COMMANDS = {
    "backup": "app.cli.backup",
    "bench": "app.cli.bench",
    "restore": "app.cli.backup",
    "check": "app.cli.backup",
    "card": "app.cli.card",
    "customer": "app.cli.customer",
    "demo": "app.cli.demo",
    "export": "app.cli.export",
    "import": "app.cli.importing",
    "note": "app.cli.note",
    "owner": "app.cli.owner",
    "practice": "app.cli.practice",
    "prompts": "app.cli.prompts",
    "products": "app.cli.products",
    "purchase": "app.cli.purchase",
    "search": "app.cli.search",
    "settings": "app.cli.settings",
    "server": "app.cli.server",
    "staff": "app.cli.staff",
    "today": "app.cli.today",
}
"""Each command and the module that registers it; only the one asked for is imported."""
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
SUMMARIES = {
    "backup": N_("write a verified copy of the database"),
    "restore": N_("replace the database with a backup (the current one is backed up first)"),
    "check": N_("look for damage and broken data; exit 1 while problems remain"),
    "bench": N_("print the performance table (median, p95) at a chosen scale"),
    "card": N_("show what the customer card shows"),
    "customer": N_("add, edit or archive a customer"),
    "demo": N_("write a realistic demo shop into an empty --db"),
    "export": N_("export all customers (CSV, vCard) or one customer's complete data (JSON)"),
    "import": N_("import customers or purchases from a file (all or nothing)"),
    "note": N_("add, list, edit, delete, restore and search notes"),
    "owner": N_("the owner's passphrase (private notes, restore, erasure)"),
    "practice": N_("learn the regulars' names (spaced repetition)"),
    "prompts": N_("the ask-about prompts for one customer, each with its reason"),
    "products": N_("set or list how product categories are followed up"),
    "purchase": N_("mark a purchase line as a gift for someone in the household"),
    "search": N_("find customers by name, nickname, typo, phone or email fragment"),
    "server": N_("run the shop's PostgreSQL server on this computer"),
    "settings": N_("show or change the shop's settings (country, currency, backups...)"),
    "staff": N_("add and list staff members"),
    "today": N_("occasions, follow-ups due, and regulars to check on"),
}
"""Each command's line in ``regulars --help``, so that listing imports no command module
(a test holds each equal to the help its module registers)."""
_OPTIONS_WITH_VALUES = {"--db"}


def modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The command modules a command line needs: the named command's alone (a script
    calling ``regulars today`` pays for nothing else), none for the window or the list of
    commands (``--help``), all for a mistyped command."""
    expects_value = False
    for token in argv:
        if expects_value:
            expects_value = False
        elif token in _OPTIONS_WITH_VALUES:
            expects_value = True
        elif token in ("-h", "--help"):
            return ()
        elif not token.startswith("-"):
            module = COMMANDS.get(token)
            return (module,) if module else COMMAND_MODULES
    return ()


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The command line; each of ``modules`` adds its own sub-parser."""
    argparse_in_the_shops_language()
    common = argparse.ArgumentParser(add_help=False)
    add_global_options(common, suppress_defaults=True)
    parser = argparse.ArgumentParser(
        prog="regulars",
        description=_(
            "Regulars: the customer book for one local shop. Without a command, opens the window."
        ),
    )
    add_global_options(parser, suppress_defaults=False)
    parser.add_argument("--version", action="version", version=f"regulars {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help=_("open the window on the demo shop (its own file)")
    )
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(commands, common)
    if not modules:
        for command, summary in SUMMARIES.items():
            commands.add_parser(command, help=_(summary))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    _choose_language()
    args = build_parser(modules_for(arguments)).parse_args(arguments)
    out = Output(json_mode=args.json)
    try:
        if args.command is None:
            from app.system_libs import missing_for_window

            missing = missing_for_window(os.environ)
            if missing is not None:
                out.error(missing)
                return EXIT_REFUSED
            from app.ui.launch import run_gui

            return run_gui(db=args.db, demo=args.demo, exit_when_shown=args.exit_when_shown)
        code: int = args.handler(args, out)
        return code
    except RegularsError as exc:
        out.error(str(exc))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        out.error(_("interrupted; nothing more was written."))
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as exc:
        message, bug = plain_message(exc, _db_folder(args))
        out.error(message)
        return EXIT_USAGE if bug else EXIT_REFUSED


def _choose_language() -> None:
    """The settings' language, else the computer's; a broken settings file is reported by
    the command that needs it, not here."""
    use_language(configured_language())


def _db_folder(args: argparse.Namespace) -> Path | None:
    """The folder of the database the command works on, to name in storage trouble."""
    from app.db import sqlite_path

    try:
        return sqlite_path(resolve_db(args.db)).parent
    except RegularsError:
        return None
