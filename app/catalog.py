"""Products and categories as imports and the demo meet them, with sensible default rules.

A category seen for the first time takes its kind and follow-up days from
``resources/categories.toml``; after that the owner's settings in the database win.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Category, Product, ProductKind
from app.paths import resources_dir


@dataclass(frozen=True)
class CategoryDefaults:
    """The out-of-the-box rule for one category name."""

    kind: ProductKind
    follow_up_days: int | None = None
    replenish_days: int | None = None


def category_key(name: str) -> str:
    """Category names compare without case or surrounding blanks ("Kayaks " is "kayaks")."""
    return " ".join(name.split()).casefold()


@cache
def category_defaults() -> dict[str, CategoryDefaults]:
    """The default rules shipped in resources, keyed by ``category_key``."""
    with (resources_dir() / "categories.toml").open("rb") as fh:
        raw = tomllib.load(fh)["categories"]
    return {
        category_key(name): CategoryDefaults(
            kind=ProductKind(rule["kind"]),
            follow_up_days=rule.get("follow_up_days"),
            replenish_days=rule.get("replenish_days"),
        )
        for name, rule in raw.items()
    }


def new_category(name: str) -> Category:
    """A category row for ``name`` with the shipped defaults applied (not yet added)."""
    clean = " ".join(name.split())
    rule = category_defaults().get(category_key(clean), CategoryDefaults(ProductKind.OTHER))
    return Category(
        name=clean,
        kind=rule.kind,
        follow_up_days=rule.follow_up_days,
        replenish_days=rule.replenish_days,
    )


class CatalogCache:
    """Finds or creates categories and products within one session, without a query per line.

    Imports and demo generation meet the same few hundred products many thousands of
    times; this keeps them to one lookup each.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._categories = {category_key(c.name): c for c in session.scalars(select(Category))}
        self._by_sku: dict[str, Product] = {}
        self._by_name: dict[str, Product] = {}
        for product in session.scalars(select(Product)):
            if product.sku:
                self._by_sku[product.sku] = product
            self._by_name.setdefault(category_key(product.name), product)

    def category(self, name: str | None) -> Category | None:
        """The category called ``name`` (created with defaults if new); ``None`` if blank."""
        if not name or not name.strip():
            return None
        key = category_key(name)
        found = self._categories.get(key)
        if found is None:
            found = new_category(name)
            self._session.add(found)
            self._categories[key] = found
        return found

    def product(self, *, sku: str | None, name: str, category: str | None) -> Product:
        """The product with this SKU, else this name; created (with its category) if new."""
        sku = sku.strip() if sku else None
        found = self._by_sku.get(sku) if sku else self._by_name.get(category_key(name))
        if found is None:
            found = Product(sku=sku or None, name=name.strip(), category=self.category(category))
            self._session.add(found)
            if sku:
                self._by_sku[sku] = found
            self._by_name.setdefault(category_key(name), found)
        return found
