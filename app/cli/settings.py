"""``regulars settings show|set``: the shop's settings file, from a script or a terminal.

``set`` changes what every register on this computer does (phones, money, owner mode's
timeout, backups), so once a passphrase protects owner mode it needs ``--owner``, as the
product rules do.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from app.cli.common import EXIT_OK, Output, open_db
from app.cli.owner import add_owner_flag, require_owner
from app.db import sqlite_path
from app.dialects import is_server
from app.i18n import N_, _
from app.owner_rules import EDITABLE, copy_for_editing
from app.paths import default_db_path, resolve_db
from app.settings import FIELDS, Settings, load_settings, save_settings, settings_path


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``settings`` command with its ``show`` and ``set`` actions."""
    parser = commands.add_parser(
        "settings",
        parents=[common],
        help=_("show or change the shop's settings (country, currency, backups...)"),
        description=_("The shop's settings live in settings.toml in the user config folder."),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", parents=[common], help=_("every setting and the file"))
    show.set_defaults(handler=run_show)
    change = actions.add_parser(
        "set",
        parents=[common],
        help=_("change one setting (refused, with what is allowed, if the value is wrong)"),
        description=_("Keys: ") + ", ".join(f"{f.key} ({_(f.help)})" for f in FIELDS) + ".",
    )
    change.add_argument("key", metavar="KEY", choices=[f.key for f in FIELDS])
    change.add_argument("value", metavar="VALUE", help=_("the new value; '' for empty"))
    add_owner_flag(change)
    change.set_defaults(handler=run_set)
    rules = actions.add_parser(
        "rules",
        parents=[common],
        help=_("copy the prompt rules and wordings into the config folder to edit them there"),
        description=_(
            "Makes your own copies of prompts/rules.toml, prompts/templates.toml and "
            "prompts/ageing.toml "
            "(never overwriting one you have) and prints where they are. Your copies win over "
            "the shipped ones and survive upgrades."
        ),
    )
    add_owner_flag(rules)
    rules.set_defaults(handler=run_rules)


def _shown(value: object) -> str:
    """A setting as the file would have it: ``5``, not ``5.0``, for whole minutes."""
    if isinstance(value, float) and value.is_integer():
        return repr(int(value))
    return repr(value)


def _lines(settings: Settings) -> list[str]:
    values = asdict(settings)
    return [f"{f.key} = {_shown(values[f.key])}  # {_(f.label)}: {_(f.help)}" for f in FIELDS]


def run_show(args: argparse.Namespace, out: Output) -> int:
    """Print every setting and where the file is."""
    settings = load_settings()
    path = settings_path()
    unwritten = "" if path.is_file() else " " + _("(not written yet: the defaults apply)")
    where = f"# {path}{unwritten}"
    out.result(
        {"file": str(path), "exists": path.is_file(), "settings": settings},
        [where, *_lines(settings)],
    )
    return EXIT_OK


def run_rules(args: argparse.Namespace, out: Output) -> int:
    """Make the owner's copies of the editable rule files and say where they are."""
    with open_db(args) as database:
        require_owner(database, args.owner, N_("edit the prompt rules"))
    copies = [copy_for_editing(relative) for relative in EDITABLE]
    out.result(
        [{"file": str(path), "made": made} for path, made in copies],
        [f"{'made' if made else 'yours already'}: {path}" for path, made in copies]
        + [_("Edit them in a text editor, save, and restart Regulars.")],
    )
    return EXIT_OK


def _no_book_yet(args: argparse.Namespace) -> bool:
    """Whether this computer has no book yet (the shop's first day): neither the one the
    command names, nor the default one, nor a server it joined. There is then no owner's
    secret to ask for, and a new shop chooses its language and country before its first
    customer. (The settings belong to the computer: naming a book that does not exist
    must not get round the owner's secret of the one that does.)"""
    target = resolve_db(args.db)
    return (
        not is_server(target)
        and not sqlite_path(target).exists()
        and not default_db_path().exists()
        and not load_settings().server
    )


def run_set(args: argparse.Namespace, out: Output) -> int:
    """Change one setting; a wrong value is refused (exit 1) and the file is untouched.
    Before the shop's first book exists there is no owner's secret to ask for, so a new
    shop can choose its language and country first."""
    if not _no_book_yet(args):
        with open_db(args) as database:
            require_owner(database, args.owner, N_("change the shop's settings"))
    settings = save_settings({args.key: args.value})
    value = asdict(settings)[args.key]
    out.result(
        {"file": str(settings_path()), "settings": settings},
        _("{key} = {value} (saved in {settings_path})").format(
            key=args.key, value=_shown(value), settings_path=settings_path()
        ),
    )
    return EXIT_OK
