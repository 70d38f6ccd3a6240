"""``regulars customer add|edit|archive|unarchive``: maintain customers from scripts.

The same checks as the forms: phone normalised for the shop's region, email and birthday
validated, an edit refused when the customer changed since the version it names. Adding
someone who looks like an existing customer warns (on stderr) but still adds, because
two people may share a name.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from app.cli.common import EXIT_OK, Output, iso_date, open_db
from app.customers import (
    CustomerView,
    NewCustomer,
    add_customer,
    archive_customer,
    edit_customer,
    get_customer,
    likely_duplicates,
    unarchive_customer,
)

_CONSENT = {"yes": True, "no": False, "unknown": None}
_TEXT_OPTIONS = (
    ("--first", "first_name", "first name"),
    ("--last", "last_name", "last name"),
    ("--preferred", "preferred_name", "the name they go by"),
    ("--phone", "phone", "phone number, any format"),
    ("--email", "email", "email address"),
    ("--address", "address_line", "street address"),
    ("--town", "town", "town or city"),
    ("--birthday", "birthday", "YYYY-MM-DD, or MM-DD (or --birthday=--MM-DD) without the year"),
)


def _add_field_options(parser: argparse.ArgumentParser, *, clearing: bool) -> None:
    """The field options add and edit share; on edit an empty value clears the field."""
    suffix = " (empty to clear)" if clearing else ""
    for flag, field, help_text in _TEXT_OPTIONS:
        parser.add_argument(flag, dest=field, metavar="TEXT", help=help_text + suffix)
    parser.add_argument(
        "--since", dest="customer_since", metavar="DATE", type=iso_date, help="customer since"
    )
    parser.add_argument(
        "--consent",
        dest="contact_consent",
        choices=sorted(_CONSENT),
        help="whether they agreed to be contacted",
    )


def _given(args: argparse.Namespace) -> dict[str, Any]:
    fields = [field for _flag, field, _help in _TEXT_OPTIONS]
    changes: dict[str, Any] = {
        field: getattr(args, field) for field in fields if getattr(args, field) is not None
    }
    if args.customer_since is not None:
        changes["customer_since"] = args.customer_since
    if args.contact_consent is not None:
        changes["contact_consent"] = _CONSENT[args.contact_consent]
    return changes


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``customer`` command and its actions."""
    parser = commands.add_parser(
        "customer",
        parents=[common],
        help="add, edit or archive a customer",
        description="Maintain customers; every change goes to the change log.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add", parents=[common], help="add a customer (warns about likely duplicates)"
    )
    _add_field_options(add, clearing=False)
    add.set_defaults(handler=run_add)

    edit = actions.add_parser(
        "edit", parents=[common], help="change some fields; the others stay as they are"
    )
    edit.add_argument("customer_id", metavar="ID", type=int)
    _add_field_options(edit, clearing=True)
    edit.add_argument(
        "--expect-version",
        metavar="N",
        type=int,
        help="refuse if the customer is no longer at version N (default: the current one)",
    )
    edit.set_defaults(handler=run_edit)

    for name, handler, help_text in (
        ("archive", run_archive, "take a customer out of the lookup, keeping their history"),
        ("unarchive", run_unarchive, "bring an archived customer back"),
    ):
        action = actions.add_parser(name, parents=[common], help=help_text)
        action.add_argument("customer_id", metavar="ID", type=int)
        action.set_defaults(handler=handler)


def _describe(view: CustomerView) -> str:
    details = [p for p in (view.phone, view.email, view.address_line, view.town) if p]
    if view.birthday:
        details.append(f"birthday {view.birthday}")
    if view.archived:
        details.append("archived")
    extra = f": {', '.join(details)}" if details else ""
    return f"#{view.id} {view.display_name} (version {view.version}){extra}"


def run_add(args: argparse.Namespace, out: Output) -> int:
    """Add the customer, after warning about anyone they may already be."""
    new = NewCustomer(**_given(args))
    with open_db(args) as database:
        hints = likely_duplicates(
            database, new.first_name, new.last_name, phone=new.phone, email=new.email
        )
        customer_id = add_customer(database, new)
        view = get_customer(database, customer_id)
    for hint in hints:
        where = f", {hint.detail}" if hint.detail else ""
        out.info(f"note: {hint.display_name}{where} already exists (#{hint.id}, {hint.reason}).")
    out.result({**asdict(view), "possible_duplicates": hints}, f"added {_describe(view)}")
    return EXIT_OK


def run_edit(args: argparse.Namespace, out: Output) -> int:
    """Change the given fields, refused whole if the customer moved past the version."""
    with open_db(args) as database:
        version = args.expect_version
        if version is None:
            version = get_customer(database, args.customer_id).version
        view = edit_customer(database, args.customer_id, _given(args), version)
    out.result(view, f"saved {_describe(view)}")
    return EXIT_OK


def run_archive(args: argparse.Namespace, out: Output) -> int:
    """Archive the customer."""
    with open_db(args) as database:
        view = archive_customer(database, args.customer_id)
    out.result(view, f"archived {_describe(view)}")
    return EXIT_OK


def run_unarchive(args: argparse.Namespace, out: Output) -> int:
    """Bring the customer back."""
    with open_db(args) as database:
        view = unarchive_customer(database, args.customer_id)
    out.result(view, f"back in the lookup: {_describe(view)}")
    return EXIT_OK
