"""Products and categories as imports and the demo meet them, with sensible default rules.

A category seen for the first time takes its kind and follow-up days from
``resources/categories.toml`` with the owner's copy in the config folder over it; after
that the owner's settings in the database win. Each rule the owner sets is also written
into that copy, so a new database (a restore from before, a fresh import) and an upgraded
package start from the owner's rules, not the shipped ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import tomli_w
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.atomic import write_text_atomically
from app.errors import RegularsError
from app.i18n import _
from app.models import Category, Product, ProductKind
from app.owner_rules import CATEGORIES, Stamp, layered, owner_copy, read_toml, stamp


@dataclass(frozen=True)
class CategoryDefaults:
    """The out-of-the-box rule for one category name."""

    kind: ProductKind
    follow_up_days: int | None = None
    replenish_days: int | None = None


def category_key(name: str) -> str:
    """Category names compare without case or surrounding blanks ("Kayaks " is "kayaks")."""
    return " ".join(name.split()).casefold()


OWNER_HEADER = (
    "# The owner's own rules per product category, written by `regulars products kind` and\n"
    "# the products screen; they win over the shipped defaults of the same name.\n\n"
)


def category_defaults() -> dict[str, CategoryDefaults]:
    """The shipped rules with the owner's over them, keyed by ``category_key`` (read
    again once the owner's copy changes)."""
    return _defaults_as_of(stamp(CATEGORIES))


@lru_cache(maxsize=4)
def _defaults_as_of(_stamp: Stamp) -> dict[str, CategoryDefaults]:
    raw = layered(CATEGORIES)[1]["categories"]
    return {
        category_key(name): CategoryDefaults(
            kind=ProductKind(rule["kind"]),
            follow_up_days=rule.get("follow_up_days"),
            replenish_days=rule.get("replenish_days"),
        )
        for name, rule in raw.items()
    }


def remember_category(
    name: str, kind: ProductKind, follow_up_days: int | None, replenish_days: int | None
) -> None:
    """Keep the owner's rule for ``name`` in their copy of the categories file (made on
    the first change); a file that cannot be written is refused by name."""
    path = owner_copy(CATEGORIES)
    mine = read_toml(path) if path.is_file() else {}
    rule: dict[str, str | int] = {"kind": kind.value}
    if follow_up_days is not None:
        rule["follow_up_days"] = follow_up_days
    if replenish_days is not None:
        rule["replenish_days"] = replenish_days
    mine.setdefault("categories", {})[category_key(name)] = rule
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegularsError(
            _("Cannot create '{parent}': {strerror}.").format(
                parent=path.parent, strerror=exc.strerror
            )
        ) from exc
    text = OWNER_HEADER + tomli_w.dumps(mine)
    write_text_atomically(path, text)


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
