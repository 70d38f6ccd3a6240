"""The prompts' wording as owner-editable text in ``resources/prompts/templates.toml``.

Several variants per prompt keep the card from sounding like a machine; the variant is
picked from a hash of the prompt's source, so one prompt always reads the same while
different customers hear different phrasings. Placeholders are checked on load, so a
mistyped ``{itme}`` is reported with its place instead of failing at the register.

The shipped wordings are English and their translations are in the catalogue, so a card
in German reads German; a wording the owner changed in their copy is not in the
catalogue and is shown as they wrote it, in whatever language they wrote it.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.catalog import category_key
from app.errors import RegularsError
from app.i18n import _
from app.owner_rules import PROMPT_TEMPLATES, Stamp, layered, read_toml, stamp
from app.prompts.resource_file import Section

_REASON = frozenset({"date", "ago"})

FIELDS: dict[tuple[str, str], frozenset[str]] = {
    ("follow_up", "variants"): frozenset({"item", "category"}),
    ("follow_up", "reason"): _REASON | {"item"},
    ("replenish", "variants"): frozenset({"category", "item"}),
    ("replenish", "reason_own"): _REASON | {"every"},
    ("replenish", "reason_default"): _REASON | {"every"},
    ("note", "variants"): frozenset({"note"}),
    ("note", "reason"): _REASON | {"ask_on"},
    ("birthday_self", "upcoming"): frozenset({"name", "when"}),
    ("birthday_self", "belated"): frozenset({"name", "when"}),
    ("birthday_self", "reason"): frozenset({"date"}),
    ("birthday_household", "upcoming"): frozenset({"name", "when", "relation"}),
    ("birthday_household", "belated"): frozenset({"name", "when", "relation"}),
    ("birthday_household", "reason"): frozenset({"name", "relation", "date"}),
    ("anniversary", "upcoming"): frozenset({"label", "when"}),
    ("anniversary", "belated"): frozenset({"label", "when"}),
    ("anniversary", "reason"): frozenset({"label", "date"}),
    ("customer_years", "variants"): frozenset({"years", "name"}),
    ("customer_years", "reason"): frozenset({"date"}),
    ("welcome_back", "variants"): frozenset({"name", "ago"}),
    ("welcome_back", "reason"): _REASON | {"every"},
    ("related", "variants"): frozenset({"item", "category", "anchor"}),
    ("related", "reason"): frozenset({"anchor", "date", "share"}),
    ("outcome", "note"): frozenset({"prompt", "outcome", "date"}),
}
PER_CATEGORY = ("follow_up", "replenish")


def _check(section: Section, key: str, text: str, allowed: frozenset[str]) -> None:
    try:
        names = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as exc:
        raise section.refuse(key, f"text with matched {{braces}} ({exc}) in {text!r}") from None
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise RegularsError(
            _(
                "'{path}', [{section}] {key}: unknown placeholder {{{unknown}}} in {text!r}; "
                "this one may use {allowed}."
            ).format(
                path=section.path,
                section=section.name,
                key=key,
                unknown=unknown[0],
                text=text,
                allowed=", ".join(f"{{{a}}}" for a in sorted(allowed)),
            )
        )


def checked_variants(section: Section, key: str, allowed: frozenset[str]) -> tuple[str, ...]:
    """One wording or a list of them, each using only the ``allowed`` placeholders, so a
    mistyped one is reported with file, table and key when the file is read."""
    value = section.data.get(key)
    if isinstance(value, str):
        texts: tuple[str, ...] = (section.text(key),)
    elif isinstance(value, list):
        texts = section.texts(key)
    else:
        raise section.refuse(key, "some text in quotes, or a list of them")
    for text in texts:
        _check(section, key, text, allowed)
    return texts


def pick(variants: tuple[str, ...], source_key: str) -> str:
    """The same variant for the same source every time, spread across sources, in the
    language in use (the catalogue's translation of a shipped wording)."""
    digest = hashlib.blake2b(source_key.encode("utf-8"), digest_size=4).digest()
    return _(variants[int.from_bytes(digest, "big") % len(variants)])


@dataclass(frozen=True)
class Templates:
    """All wordings, checked; ``say`` fills one in."""

    phrases: dict[tuple[str, str], tuple[str, ...]]
    by_category: dict[tuple[str, str], tuple[str, ...]]
    as_written_prefixes: tuple[str, ...]

    def say(
        self,
        section: str,
        key: str,
        source_key: str,
        *,
        for_category: str | None = None,
        **values: str,
    ) -> str:
        """A prompt's wording for ``section.key`` (a category's own when it has one), filled
        in and starting with a capital."""
        variants = self.phrases[(section, key)]
        if for_category is not None:
            variants = self.by_category.get((section, category_key(for_category)), variants)
        text = pick(variants, source_key).format_map(values)
        return text[:1].upper() + text[1:]

    def reason(self, section: str, key: str, source_key: str, **values: str) -> str:
        """A "why" line, filled in and left in lower case ("bought 12 Oct — 3 weeks ago")."""
        return pick(self.phrases[(section, key)], source_key).format_map(values)

    def reads_as_prompt(self, note: str) -> bool:
        """A note already worded as something to ask ("Ask how the surgery went")."""
        lowered = note.casefold()
        return any(lowered.startswith(prefix.casefold()) for prefix in self.as_written_prefixes)


def parse_templates(path: Path, data: dict[str, Any] | None = None) -> Templates:
    """The wordings in ``path`` (or ``data`` read from it); refused naming file, table and
    key if one is missing or mistyped."""
    root = Section(path, "templates", read_toml(path) if data is None else data)
    phrases = {
        (name, key): checked_variants(root.table(name), key, allowed)
        for (name, key), allowed in FIELDS.items()
    }
    by_category: dict[tuple[str, str], tuple[str, ...]] = {}
    for name in PER_CATEGORY:
        table = root.table(name).table("categories")
        allowed = FIELDS[(name, "variants")]
        for category in table.data:
            by_category[(name, category_key(category))] = checked_variants(table, category, allowed)
    return Templates(
        phrases=phrases,
        by_category=by_category,
        as_written_prefixes=root.table("note").texts("as_written_prefixes", allow_empty=True),
    )


def default_templates() -> Templates:
    """The shipped wordings with the owner's copy over them (read again once it changes)."""
    return _templates_as_of(stamp(PROMPT_TEMPLATES))


@lru_cache(maxsize=4)
def _templates_as_of(_stamp: Stamp) -> Templates:
    return parse_templates(*layered(PROMPT_TEMPLATES))
