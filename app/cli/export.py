"""``regulars export OUT``: all customers as CSV or vCard, or one customer's everything
as JSON.

The format is ``--format``, else JSON with ``--customer``, else the suffix of OUT
(``.vcf`` vCard), else CSV. OUT is replaced only once the whole file is written; an OUT
that cannot be written exits 1 and leaves nothing behind.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_OK, Output, open_db, positive_int
from app.cli.owner import add_owner_flag, require_owner
from app.i18n import N_, _

FORMAT_CHOICES = ("csv", "vcard", "json")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``export`` to the command line."""
    parser = commands.add_parser(
        "export",
        parents=[common],
        help=_("export all customers (CSV, vCard) or one customer's complete data (JSON)"),
        description=_(
            "Export all customers as the Regulars CSV (re-importable) or vCard 4.0, "
            "or everything the shop holds about one customer as JSON."
        ),
    )
    parser.add_argument("out", type=Path, metavar="OUT", help=_("the file to write"))
    parser.add_argument(
        "--format",
        dest="fmt",
        choices=FORMAT_CHOICES,
        help=_(
            "csv, vcard or json (default: json with --customer, else from OUT's suffix, else csv)"
        ),
    )
    parser.add_argument(
        "--customer",
        type=positive_int,
        metavar="ID",
        help=_("only this customer (JSON: their complete data)"),
    )
    add_owner_flag(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: Output) -> int:
    """Write the export and say what was written."""
    from app.exporting import export

    with open_db(args) as database:
        access = require_owner(database, args.owner, N_("export customers' data"))
        result = export(database, args.out, fmt=args.fmt, customer_id=args.customer, access=access)
    noun = _("customer") if result.customers == 1 else _("customers")
    out.result(
        result,
        _("{path}: {customers} {noun} exported as {format}").format(
            path=result.path, customers=result.customers, noun=noun, format=result.format
        ),
    )
    return EXIT_OK
