"""``regulars owner set-secret|status``, and the ``--owner`` access other commands ask for.

The owner's secret (the passphrase, the recovery code, or an old PIN until it is
replaced) is read without echo on a terminal, from stdin with ``--stdin`` (set-secret)
or from ``REGULARS_OWNER_PIN`` (everything else; the name is kept so existing scripts
work, it now holds the passphrase), so scripts never need a terminal and the secret never
appears in the process list as an argument.
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
from app.i18n import N_, _, format_moment
from app.safety.access import CLERK, Access
from app.safety.owner_secret import lockout, secret_kind, set_owner_secret, unlock
from app.safety.scrub import server_wal_note
from app.safety.sealed_copies import CopiesSecured, secure_plain_copies

PIN_ENV = "REGULARS_OWNER_PIN"
LOST_WARNING = N_(
    "Without the passphrase or this recovery code, private notes are gone for good: "
    "nobody, Regulars included, can open them."
)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``owner set-secret`` and ``owner status``."""
    parser = commands.add_parser(
        "owner",
        parents=[common],
        help=_("the owner's passphrase (private notes, restore, erasure)"),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_secret = actions.add_parser(
        "set-secret",
        parents=[common],
        help=_("set or change the owner's passphrase (8 characters or more)"),
        description=_(
            "On a terminal asks for the current secret (when one is set) and twice "
            "for the new passphrase. With --stdin reads the new passphrase from the first line "
            "of stdin and the current passphrase, recovery code or PIN from the second. Prints "
            "a new recovery code, once: write it down."
        ),
    )
    set_secret.add_argument("--stdin", action="store_true", help=_("read the secrets from stdin"))
    set_secret.add_argument(
        "--remove-plain-backups",
        action="store_true",
        help=_(
            "remove the older backups that still hold private notes in plain text, "
            "instead of sealing them with the passphrase"
        ),
    )
    set_secret.set_defaults(handler=run_set_secret)
    status = actions.add_parser(
        "status", parents=[common], help=_("what protects owner mode, and the wrong guesses")
    )
    status.set_defaults(handler=run_status)


def add_owner_flag(parser: argparse.ArgumentParser) -> None:
    """``--owner`` on a command that shows or writes what only the owner may see."""
    parser.add_argument(
        "--owner",
        action="store_true",
        help=_("owner access: asks for the passphrase on a terminal, else reads ${PIN_ENV}").format(
            PIN_ENV=PIN_ENV
        ),
    )


def _ask(prompt: str, *, setting: bool = False) -> str:
    """``prompt`` answered on a terminal, without echo; off a terminal, refused with the
    way a script gives it (``--stdin`` when ``setting`` the passphrase, else the
    environment variable)."""
    if not sys.stdin.isatty():
        if setting:
            raise RegularsError(
                _(
                    "Setting the passphrase asks for it on a terminal; a script gives it with "
                    "--stdin (the new passphrase on the first line, the current passphrase, "
                    "recovery code or PIN on the second)."
                )
            )
        raise RegularsError(
            _(
                "Owner access needs the passphrase: run on a terminal or set {PIN_ENV} for scripts."
            ).format(PIN_ENV=PIN_ENV)
        )
    return getpass.getpass(prompt)


def owner_access(database: Database, wanted: bool) -> Access:
    """The access this command runs with: the clerk's unless ``--owner`` was given, then
    the owner's once the secret is right (a wrong one is refused and counts towards the
    lockout). Unlocking with an old PIN on a terminal goes on to ask for a passphrase."""
    if not wanted:
        return CLERK
    if secret_kind(database) == "none":
        return Access(owner=True)
    access = unlock(database, os.environ.get(PIN_ENV) or _ask("Owner passphrase: "))
    if access.pin_only:
        return _replace_pin(database, access)
    return access


def require_owner(database: Database, wanted: bool, what: str) -> Access:
    """Owner access for ``what``, refused in clerk mode once owner mode is protected (with
    nothing protecting it, there is nobody to tell apart)."""
    access = owner_access(database, wanted)
    if not access.owner and secret_kind(database) == "none":
        return Access(owner=True)
    access.require_owner(what)
    return access


def _replace_pin(database: Database, access: Access) -> Access:
    """The old PIN worked once more; on a terminal the passphrase replaces it now."""
    if not sys.stdin.isatty():
        print(
            _(
                "regulars: the old owner PIN still works, but private notes stay unsealed until "
                "a passphrase replaces it: run 'regulars owner set-secret' on a terminal."
            ),
            file=sys.stderr,
        )
        return access
    print(_("The owner PIN is replaced by a passphrase now."), file=sys.stderr)
    passphrase = _new_passphrase()
    done = set_owner_secret(database, passphrase, access=access)
    _show_recovery_code(done.recovery_code)
    return done.access


def _new_passphrase() -> str:
    passphrase = _ask("New owner passphrase (8 characters or more): ", setting=True)
    if _ask("Type it again: ", setting=True) != passphrase:
        raise RegularsError(_("The two passphrases differ; nothing was changed."))
    return passphrase


def _show_recovery_code(code: str) -> None:
    print(_("Recovery code (shown once, write it down): {code}").format(code=code), file=sys.stderr)
    print(_(LOST_WARNING), file=sys.stderr)


def _secrets_from_stdin() -> tuple[str, str | None]:
    lines = sys.stdin.read().splitlines()
    if not lines or not lines[0].strip():
        raise RegularsError(_("--stdin: no passphrase on stdin."))
    return lines[0], lines[1] if len(lines) > 1 else None


def run_set_secret(args: argparse.Namespace, out: Output) -> int:
    """Set or change the passphrase, show the recovery code, and seal the copies taken
    before it that still hold private notes in plain text (or remove them, if asked)."""
    with open_db(args) as database:
        kind = secret_kind(database)
        if args.stdin:
            passphrase, current = _secrets_from_stdin()
        else:
            current = (
                _ask("Current passphrase, recovery code or PIN: ", setting=True)
                if kind != "none"
                else None
            )
            passphrase = _new_passphrase()
        access = CLERK if current is None else unlock(database, current)
        done = set_owner_secret(database, passphrase, access=access)
        copies = secure_plain_copies(database, remove=args.remove_plain_backups)
        wal = (
            [server_wal_note(done.wal_cleared)] if database.server and kind != "passphrase" else []
        )
    out.result(
        {
            "changed": kind == "passphrase",
            "recovery_code": done.recovery_code,
            "plain_backups": [str(p) for p in (*copies.sealed, *copies.removed, *copies.left)],
            "plain_backups_sealed": [str(p) for p in copies.sealed],
            "plain_backups_removed": [str(p) for p in copies.removed],
            "plain_backups_left": [str(p) for p in copies.left],
            "wal_cleared": done.wal_cleared,
        },
        [
            _("owner passphrase changed.")
            if kind == "passphrase"
            else _("owner passphrase set; private notes are sealed with it."),
            _("recovery code (shown once, write it down): {recovery_code}").format(
                recovery_code=done.recovery_code
            ),
            *wal,
            _(LOST_WARNING),
            *_copy_lines(copies),
        ],
    )
    return EXIT_OK


def _copy_lines(copies: CopiesSecured) -> list[str]:
    """One line for each copy that held private notes in plain text: what was done."""
    return [
        *(
            _("older backup sealed with the passphrase: {path}").format(path=p)
            for p in copies.sealed
        ),
        *(
            _("older backup with private notes in plain text removed: {path}").format(path=p)
            for p in copies.removed
        ),
        *(
            _(
                "could not seal this older backup; it still holds private notes in plain "
                "text (only the passphrase opens owner mode on it; remove it with "
                "--remove-plain-backups): {path}"
            ).format(path=p)
            for p in copies.left
        ),
    ]


def run_status(args: argparse.Namespace, out: Output) -> int:
    """Say what protects owner mode and how many guesses were made."""
    with open_db(args) as database:
        kind = secret_kind(database)
        state = lockout(database)
    locked = state.locked_until.isoformat(timespec="seconds") if state.locked_until else None
    out.result(
        {
            "protected_by": kind,
            "guesses": state.guesses,
            "failures": state.failures,
            "locked_until": locked,
        },
        [
            {
                "none": _("owner mode is open: no passphrase is set."),
                "pin": _("owner mode: old PIN (private notes not sealed yet)."),
                "passphrase": _("owner mode: passphrase (private notes sealed)."),
            }[kind],
            _("guesses: {guesses}, wrong since the last right one: {failures}").format(
                guesses=state.guesses, failures=state.failures
            )
            + (
                _(", locked until {locked} UTC").format(locked=format_moment(state.locked_until))
                if state.locked_until
                else ""
            ),
        ],
    )
    return EXIT_OK
