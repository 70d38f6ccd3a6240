"""``regulars owner set-pin``, and the ``--owner`` access that other commands ask for.

A PIN is read without echo on a terminal, from stdin with ``--pin-stdin`` (set-pin) or
from ``REGULARS_OWNER_PIN`` (everything else), so scripts never need a terminal and the
PIN never appears in the process list as an argument.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from app.cli.common import EXIT_OK, Output, open_db
from app.db import Database
from app.errors import RegularsError
from app.safety.access import pin_is_set, set_owner_pin, verify_owner_pin

PIN_ENV = "REGULARS_OWNER_PIN"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``owner set-pin``."""
    parser = commands.add_parser(
        "owner", parents=[common], help="protect owner mode (private notes, exports, erasure)"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_pin = actions.add_parser(
        "set-pin",
        parents=[common],
        help="set or change the owner PIN (4-12 digits)",
        description="On a terminal asks twice (and for the current PIN when changing it). "
        "With --pin-stdin reads the new PIN from the first line of stdin and the current "
        "one, when changing, from the second.",
    )
    set_pin.add_argument("--pin-stdin", action="store_true", help="read the PIN(s) from stdin")
    set_pin.set_defaults(handler=run_set_pin)


def add_owner_flag(parser: argparse.ArgumentParser) -> None:
    """``--owner`` on a command that shows or writes what only the owner may see."""
    parser.add_argument(
        "--owner",
        action="store_true",
        help=f"owner access: asks for the PIN on a terminal, else reads ${PIN_ENV}",
    )


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise RegularsError(
            f"Owner access needs the PIN: run on a terminal or set {PIN_ENV} for scripts."
        )
    return getpass.getpass(prompt)


def owner_granted(database: Database, wanted: bool) -> bool:
    """Whether this command runs in owner mode: only if asked for, and with the right PIN
    when one is set (a wrong one is refused, and counts towards the lockout)."""
    if not wanted:
        return False
    if not pin_is_set(database):
        return True
    pin = os.environ.get(PIN_ENV) or _ask("Owner PIN: ")
    if not verify_owner_pin(database, pin):
        raise RegularsError("Wrong owner PIN; nothing was shown or written.")
    return True


def require_owner(database: Database, wanted: bool, what: str) -> None:
    """Refuse ``what`` in clerk mode once the owner has protected owner mode with a PIN."""
    if not owner_granted(database, wanted) and pin_is_set(database):
        raise RegularsError(f"Only the owner may {what}: add --owner and give the owner PIN.")


def _pins_from_stdin() -> tuple[str, str | None]:
    lines = sys.stdin.read().splitlines()
    if not lines:
        raise RegularsError("--pin-stdin: no PIN on stdin.")
    return lines[0].strip(), lines[1].strip() if len(lines) > 1 else None


def _pins_from_terminal(database: Database) -> tuple[str, str | None]:
    current = _ask("Current owner PIN: ") if pin_is_set(database) else None
    pin = _ask("New owner PIN (4-12 digits): ")
    if _ask("Type it again: ") != pin:
        raise RegularsError("The two PINs differ; the PIN was not changed.")
    return pin, current


def run_set_pin(args: argparse.Namespace, out: Output) -> int:
    """Set or change the PIN."""
    with open_db(args) as database:
        changing = pin_is_set(database)
        pin, current = _pins_from_stdin() if args.pin_stdin else _pins_from_terminal(database)
        set_owner_pin(database, pin, current_pin=current)
    out.result(
        {"changed": changing},
        "owner PIN changed." if changing else "owner PIN set; owner mode now needs it.",
    )
    return EXIT_OK
