"""``regulars staff add|list``: the people behind the counter, so each can practise
names under their own progress and owners can shape the practice deck."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import EXIT_OK, Output, open_db
from app.cli.owner import add_owner_flag, owner_access
from app.i18n import _
from app.models import StaffRole
from app.practice import add_staff, list_staff


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``staff`` command and its actions."""
    parser = commands.add_parser(
        "staff",
        parents=[common],
        help=_("add and list staff members"),
        description=_("Staff members: clerks and owners, each with their own name practice."),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help=_("add a staff member"))
    add.add_argument("name", metavar="NAME", help=_("how they pick themselves"))
    add.add_argument(
        "--role", choices=[role.value for role in StaffRole], default=StaffRole.CLERK.value
    )
    add_owner_flag(add)
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", parents=[common], help=_("everyone on the staff list"))
    listing.set_defaults(handler=run_list)


def run_add(args: argparse.Namespace, out: Output) -> int:
    """Add the member; an empty or taken name is refused (exit 1)."""
    with open_db(args) as database:
        access = owner_access(database, args.owner)
        member = add_staff(database, args.name, args.role, access=access)
    out.result(
        member,
        _("added #{id} {name} ({role})").format(id=member.id, name=member.name, role=member.role),
    )
    return EXIT_OK


def run_list(args: argparse.Namespace, out: Output) -> int:
    """Print the staff list, one member a line."""
    with open_db(args) as database:
        members = list_staff(database)
    lines = [f"#{m.id} {m.name} ({m.role}){'' if m.active else ' [inactive]'}" for m in members]
    out.result(members, lines or [_("no staff yet; add one with 'regulars staff add NAME'")])
    return EXIT_OK
