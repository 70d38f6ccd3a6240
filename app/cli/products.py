"""``regulars products kind|list``: how each category is followed up.

Durable categories are asked about after purchase and then count as owned; consumables
are remembered near their reorder time. The owner sets this once per category.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import EXIT_OK, Output, open_db, positive_int
from app.cli.owner import add_owner_flag, require_owner
from app.i18n import N_, _
from app.models import ProductKind
from app.prompts import CategoryInfo, list_categories, set_category_kind


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``products`` command with its ``kind`` and ``list`` actions."""
    parser = commands.add_parser(
        "products",
        parents=[common],
        help=_("set or list how product categories are followed up"),
        description=_("Product categories and their follow-up rules."),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    kind = actions.add_parser(
        "kind",
        parents=[common],
        help=_("set a category's kind (created if new)"),
        description=_(
            "durable: asked about after purchase, then owned (never suggested "
            "again); consumable: 'running low?' near the reorder time; service; other: no prompts."
        ),
    )
    kind.add_argument("category", metavar="CATEGORY", help=_("category name, e.g. 'Kayaks'"))
    kind.add_argument("kind", metavar="KIND", choices=[k.value for k in ProductKind])
    kind.add_argument(
        "--follow-up-days",
        type=positive_int,
        metavar="N",
        help=_("durables: start asking N days after purchase"),
    )
    kind.add_argument(
        "--replenish-days",
        type=positive_int,
        metavar="N",
        help=_("consumables: usual reorder interval when the customer's own history is short"),
    )
    add_owner_flag(kind)
    kind.set_defaults(handler=run_kind)
    listing = actions.add_parser("list", parents=[common], help=_("every category and its rule"))
    listing.set_defaults(handler=run_list)


def _describe(info: CategoryInfo) -> str:
    days = []
    if info.follow_up_days is not None:
        days.append(
            _("follow up after {follow_up_days} days").format(follow_up_days=info.follow_up_days)
        )
    if info.replenish_days is not None:
        days.append(
            _("reorder every {replenish_days} days").format(replenish_days=info.replenish_days)
        )
    extra = f" ({'; '.join(days)})" if days else ""
    return f"{info.name}: {info.kind.value}{extra}, {info.product_count} products"


def run_kind(args: argparse.Namespace, out: Output) -> int:
    """Set the kind and days; a bad value is refused (exit 1) with nothing written."""
    with open_db(args) as database:
        info = set_category_kind(
            database,
            args.category,
            args.kind,
            follow_up_days=args.follow_up_days,
            replenish_days=args.replenish_days,
            access=require_owner(database, args.owner, N_("change the product rules")),
        )
    out.result(info, _describe(info))
    return EXIT_OK


def run_list(args: argparse.Namespace, out: Output) -> int:
    """List the categories by name."""
    with open_db(args) as database:
        infos = list_categories(database)
    out.result(infos, [_describe(info) for info in infos] or [_("no categories yet.")])
    return EXIT_OK
