"""The ``regulars`` command: the GUI's twin for scripts, cron jobs and tests.

Global options (``--db``, ``--json``) work before or after the command. Exit codes are a
contract: 0 success, 1 input refused (nothing written), 2 usage error. Headless commands
never import Qt, so they start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from app import __version__
from app.cli.common import EXIT_REFUSED, Output, add_global_options
from app.errors import RegularsError

COMMAND_MODULES = (
    "app.cli.backup",
    "app.cli.card",
    "app.cli.customer",
    "app.cli.demo",
    "app.cli.export",
    "app.cli.importing",
    "app.cli.note",
    "app.cli.owner",
    "app.cli.practice",
    "app.cli.prompts",
    "app.cli.products",
    "app.cli.search",
    "app.cli.staff",
    "app.cli.today",
)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; each command module adds its own sub-parser."""
    common = argparse.ArgumentParser(add_help=False)
    add_global_options(common, suppress_defaults=True)
    parser = argparse.ArgumentParser(
        prog="regulars",
        description="Regulars: the customer book for one local shop. "
        "Without a command, opens the window.",
    )
    add_global_options(parser, suppress_defaults=False)
    parser.add_argument("--version", action="version", version=f"regulars {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open the window on the demo shop (its own file)"
    )
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    out = Output(json_mode=args.json)
    try:
        if args.command is None:
            from app.ui.launch import run_gui

            return run_gui(db=args.db, demo=args.demo, exit_when_shown=args.exit_when_shown)
        code: int = args.handler(args, out)
        return code
    except RegularsError as exc:
        out.error(str(exc))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        out.error("interrupted; nothing more was written.")
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
