"""The demo shop's raw material, read from ``resources/demo/`` so it grows as data, not code.

Names per locale with the short forms people go by, streets and towns, the catalogue,
note wordings, staff, tags and a small hand-written cast that makes every feature show
up even in a tiny demo.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import Any

from app.paths import resources_dir


@dataclass(frozen=True)
class Locale:
    """Names common in one language; surnames as (masculine, feminine) forms."""

    name: str
    weight: float
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CatalogueItem:
    """One product the demo shop sells."""

    sku: str
    name: str
    category: str
    price_cents: int


@dataclass(frozen=True)
class Template:
    """A note wording and the placeholders it needs filled."""

    text: str
    needs: frozenset[str]


@dataclass(frozen=True)
class NoteTemplates:
    """Note wordings by what kind of note they make."""

    general: tuple[Template, ...]
    pinned: tuple[Template, ...]
    ask: tuple[Template, ...]
    private: tuple[Template, ...]
    dont_bring_up: tuple[Template, ...]


@dataclass(frozen=True)
class CastMember:
    """A hand-written customer; the generator fills in everything not given here."""

    first: str
    last: str
    female: bool
    locale: str
    rhythm: str
    preferred: str | None = None
    habits: tuple[str, ...] = ()
    durables: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class DemoData:
    """Everything the generator draws from, loaded once."""

    locales: tuple[Locale, ...]
    nicknames: dict[str, tuple[str, ...]]
    pets: dict[str, tuple[str, ...]]
    towns: tuple[str, ...]
    streets: tuple[str, ...]
    area_codes: tuple[str, ...]
    email_domains: tuple[str, ...]
    catalogue: tuple[CatalogueItem, ...]
    notes: NoteTemplates
    staff: tuple[tuple[str, str], ...]
    tags: tuple[str, ...]
    cast: tuple[CastMember, ...]


def _load(name: str) -> dict[str, Any]:
    with (resources_dir() / "demo" / name).open("rb") as fh:
        return tomllib.load(fh)


def _surname_forms(entry: str) -> tuple[str, str]:
    masculine, _, feminine = entry.partition("/")
    return masculine, feminine or masculine


def _templates(texts: list[str]) -> tuple[Template, ...]:
    return tuple(
        Template(text, frozenset(field for _, field, _, _ in Formatter().parse(text) if field))
        for text in texts
    )


def _catalogue(raw: dict[str, Any]) -> tuple[CatalogueItem, ...]:
    return tuple(
        CatalogueItem(f"{spec['prefix']}-{number:03d}", name, category, price)
        for category, spec in raw.items()
        for number, (name, price) in enumerate(spec["items"], start=1)
    )


@cache
def demo_data() -> DemoData:
    """The demo resources, parsed and frozen (cached: the files never change at run time)."""
    names = _load("names.toml")
    places = _load("places.toml")
    notes = _load("notes.toml")
    shop = _load("shop.toml")
    return DemoData(
        locales=tuple(
            Locale(
                name=key,
                weight=float(spec["weight"]),
                female=tuple(spec["female"]),
                male=tuple(spec["male"]),
                surnames=tuple(_surname_forms(s) for s in spec["surnames"]),
            )
            for key, spec in names["locales"].items()
        ),
        nicknames={name: tuple(short) for name, short in names["nicknames"].items()},
        pets={species: tuple(pet_names) for species, pet_names in names["pets"].items()},
        towns=tuple(places["towns"]),
        streets=tuple(places["streets"]),
        area_codes=tuple(places["area_codes"]),
        email_domains=tuple(places["email_domains"]),
        catalogue=_catalogue(_load("catalogue.toml")["categories"]),
        notes=NoteTemplates(
            general=_templates(notes["general"]),
            pinned=_templates(notes["pinned"]),
            ask=_templates(notes["ask"]),
            private=_templates(notes["private"]),
            dont_bring_up=_templates(notes["dont_bring_up"]),
        ),
        staff=tuple((member["name"], member["role"]) for member in shop["staff"]),
        tags=tuple(shop["tags"]),
        cast=tuple(
            CastMember(
                first=member["first"],
                last=member["last"],
                female=member["female"],
                locale=member["locale"],
                rhythm=member["rhythm"],
                preferred=member.get("preferred"),
                habits=tuple(member.get("habits", ())),
                durables=tuple((cat, int(days)) for cat, days in member.get("durables", ())),
            )
            for member in shop["cast"]
        ),
    )
