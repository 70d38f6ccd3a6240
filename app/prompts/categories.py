"""The owner's say over categories: which are durable or consumable, and their day counts.

Categories decide which purchase prompts exist at all, so they are set here (products
screen and ``regulars products``) rather than in the rule files.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.catalog import category_key, new_category, remember_category
from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.models import Category, Product, ProductKind
from app.plain_text import refuse_hidden
from app.safety.access import Access
from app.safety.owner_secret import owner_only


@dataclass(frozen=True)
class CategoryInfo:
    """A category as the products screen lists it."""

    name: str
    kind: ProductKind
    follow_up_days: int | None
    replenish_days: int | None
    product_count: int


def _days(value: int | None, what: str) -> None:
    if value is not None and not 0 <= value <= 3650:
        raise RegularsError(
            _("{what} must be a whole number of days from 0 to 3650, not {value}.").format(
                what=what, value=value
            )
        )


def set_category_kind(
    database: Database,
    category_name: str,
    kind: ProductKind | str,
    *,
    follow_up_days: int | None = None,
    replenish_days: int | None = None,
    access: Access,
) -> CategoryInfo:
    """Set how a category is followed up (the owner's rule to change); an unknown category
    is created (with any other shipped defaults). Day counts not given are left as they were."""
    owner_only(database, access, "change the product rules")
    refuse_hidden(_("Category"), category_name)
    name = " ".join(category_name.split())
    if not name:
        raise RegularsError(_("Give the category a name."))
    if len(name) > 100:
        raise RegularsError(_("A category name can be at most 100 characters."))
    try:
        chosen = ProductKind(kind)
    except ValueError:
        choices = ", ".join(k.value for k in ProductKind)
        raise RegularsError(
            _("Unknown kind {kind!r}; use one of: {choices}.").format(kind=kind, choices=choices)
        ) from None
    _days(follow_up_days, "Follow-up days")
    _days(replenish_days, "Replenish days")
    with database.session() as session:
        key = category_key(name)
        category = next(
            (c for c in session.scalars(select(Category)) if category_key(c.name) == key), None
        )
        if category is None:
            category = new_category(name)
            session.add(category)
        category.kind = chosen
        if follow_up_days is not None:
            category.follow_up_days = follow_up_days
        if replenish_days is not None:
            category.replenish_days = replenish_days
        session.flush()
        remember_category(category.name, chosen, category.follow_up_days, category.replenish_days)
        count = session.scalar(
            select(func.count()).select_from(Product).where(Product.category_id == category.id)
        )
        return CategoryInfo(
            name=category.name,
            kind=category.kind,
            follow_up_days=category.follow_up_days,
            replenish_days=category.replenish_days,
            product_count=count or 0,
        )


def list_categories(database: Database) -> list[CategoryInfo]:
    """Every category with its rule and how many products it holds, by name."""
    with database.reading() as session:
        rows = session.execute(
            select(Category, func.count(Product.id))
            .outerjoin(Product, Product.category_id == Category.id)
            .group_by(Category.id)
        )
        found = [
            CategoryInfo(c.name, c.kind, c.follow_up_days, c.replenish_days, count)
            for c, count in rows
        ]
    return sorted(found, key=lambda info: category_key(info.name))
