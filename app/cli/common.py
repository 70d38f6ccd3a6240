"""What every command shares: global options, date arguments, output in text or JSON.

Text for a terminal is made harmless on its way out: a name or note holding control
characters (an escape sequence that clears the screen, a carriage return that overwrites
the line, a right-to-left override that reverses it) is shown with them spelled out, so
what was typed into the book can never act on the clerk's terminal. JSON escapes them
itself.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import RegularsError
from app.i18n import _
from app.paths import default_db_path, make_data_dir, resolve_db
from app.read_only import as_it_stands_message

if TYPE_CHECKING:
    from app.db import Database

_ACTS_ON_TERMINALS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""Control characters (all but tab and newline) and the bidirectional overrides."""

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


def add_global_options(parser: argparse.ArgumentParser, *, suppress_defaults: bool) -> None:
    """``--db`` and ``--json``; on sub-parsers their defaults are suppressed so a value
    given before the command is not overwritten by the sub-parser's default."""
    default: Any = argparse.SUPPRESS if suppress_defaults else None
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help=_(
            "database file or server (else $REGULARS_DB, else the server saved by "
            "'regulars server connect', else the default file in the user data folder)"
        ),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress_defaults else False,
        help=_("machine-readable output on stdout; messages on stderr"),
    )


FIRST_YEAR, LAST_YEAR = 1900, 2999
"""The years a date on the command line may fall in: a shop's dates are within them, and
the weeks and years worked out around a date stay within what a date can be."""
LARGEST_ID = 2**63 - 1
"""The largest whole number the book stores (a 64-bit integer)."""


def iso_date(value: str) -> date:
    """An argparse type for ``YYYY-MM-DD`` from 1900 to 2999; anything else is a usage
    error (exit 2)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a date as YYYY-MM-DD").format(value=value)
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a date from {first} to {last}").format(
                value=value, first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return day


def int_at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type for whole numbers of at least ``minimum`` (else exit 2)."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("'{value}' is not a whole number").format(value=value)
            ) from None
        if number < minimum:
            raise argparse.ArgumentTypeError(
                _("'{value}' must be at least {minimum}").format(value=value, minimum=minimum)
            )
        if number > LARGEST_ID:
            raise argparse.ArgumentTypeError(_("'{value}' is too large").format(value=value))
        return number

    return parse


positive_int = int_at_least(0)


def printable(text: str) -> str:
    """``text`` with every character that would act on a terminal spelled out (``\\x1b``)."""
    return _ACTS_ON_TERMINALS.sub(lambda m: ascii(m[0])[1:-1], text)


def confirmed(question: str) -> bool:
    """Ask on a terminal; a script must say ``--yes`` instead of being asked."""
    if not sys.stdin.isatty():
        raise RegularsError(
            _("{question} Not on a terminal: add --yes to confirm.").format(question=question)
        )
    asked = _("{question} [y/N] ").format(question=question)
    print(printable(asked), end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in {"y", "yes"}


STARTS_A_BOOK = frozenset({"demo", "import", "customer", "staff", "owner", "products"})
"""Commands that may start a new book where none is yet; the others only read or change
one, so a typo in ``--db`` is refused instead of answering from an empty new file."""


def book_place(args: argparse.Namespace) -> Path:
    """Where the book the command names lives on this computer, known before it is
    opened: its file, or the local folder of a server's book. Words typed for a book
    that cannot be opened are kept by this name."""
    from app.db import server_place, sqlite_path  # here: `regulars --help` needs none
    from app.dialects import is_server

    target = resolve_db(args.db)
    return server_place(target) if is_server(target) else sqlite_path(target)


def _say(message: str) -> None:
    """A note for whoever runs the command (another register's migration is waited for,
    the book is read as it stands): on stderr, so the output stays the command's own."""
    print(message, file=sys.stderr, flush=True)


def open_db(args: argparse.Namespace) -> Database:
    """The database named by ``--db``/``REGULARS_DB``/default, checked and upgraded; the
    owner's public key is remembered on this computer (``sealing_key``), so a private
    note typed while the book cannot be read is still kept sealed."""
    from app.safety.owner_secret import sealing_key  # here: `regulars --help` needs none

    database = _open(args)
    sealing_key(database)
    return database


def _open(args: argparse.Namespace) -> Database:
    from app.db import open_database, sqlite_path  # here: `regulars --help` needs none
    from app.dialects import is_server

    target = resolve_db(args.db)
    if is_server(target):
        return open_database(target, waiting=_say)
    path = sqlite_path(target)
    if not path.exists() and getattr(args, "command", None) not in STARTS_A_BOOK:
        raise RegularsError(
            _(
                "There is no customer book at '{path}' (a typo in --db?). Nothing was "
                "created; 'regulars import', 'regulars customer add' or the window "
                "start a new one."
            ).format(path=path)
        )
    if path == default_db_path():
        make_data_dir()
    database = open_database(target, check_first=True, full_disk_reads=True)
    if database.disk_full is not None:
        _say(as_it_stands_message(path))
    return database


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class Output:
    """Results go to stdout (text or one JSON document); messages always go to stderr."""

    def __init__(self, *, json_mode: bool) -> None:
        self.json_mode = json_mode

    def result(self, data: Any, text: str | Iterable[str]) -> None:
        """Print ``data`` as JSON in ``--json`` mode, else the human-readable ``text``."""
        if self.json_mode:
            print(json.dumps(data, default=_plain, ensure_ascii=False))
            return
        lines = [text] if isinstance(text, str) else list(text)
        for line in lines:
            print(printable(line))

    def json_line(self, data: Any) -> None:
        """One compact JSON document on its own line (batch modes)."""
        print(json.dumps(data, default=_plain, ensure_ascii=False), flush=True)

    def info(self, message: str) -> None:
        """Progress and notes for a person watching; never mixed into stdout."""
        print(printable(message), file=sys.stderr)

    def error(self, message: str) -> None:
        """Why the command refused its input."""
        print(printable(_("regulars: error: {message}").format(message=message)), file=sys.stderr)
