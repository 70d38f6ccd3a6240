"""The rules an owner may edit: the package's read-only defaults with the owner's copy over them.

``resources/categories.toml`` and ``resources/prompts/{rules,templates,ageing}.toml`` ship with
the package, which an upgrade replaces and a shop computer may not let anyone write to.
The owner's own copies live under the same names in the user config folder
(``app.paths.config_dir``); reading lays the owner's copy over the defaults table by
table, so an upgrade keeps every edited value and still brings the keys it adds.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from app.atomic import write_text_atomically
from app.errors import RegularsError
from app.i18n import _
from app.paths import config_dir, resources_dir

CATEGORIES = "categories.toml"
PROMPT_RULES = "prompts/rules.toml"
PROMPT_TEMPLATES = "prompts/templates.toml"
FACT_AGEING = "prompts/ageing.toml"
EDITABLE = (PROMPT_RULES, PROMPT_TEMPLATES, FACT_AGEING)
"""The files the owner edits in a text editor (categories are set with ``products kind``)."""


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed file; a missing or mistyped file is refused naming the file and line."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise RegularsError(
            _("Cannot read '{path}': {strerror}.").format(path=path, strerror=exc.strerror)
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegularsError(
            _("'{path}' is not valid TOML: {exc}.").format(path=path, exc=exc)
        ) from exc


def owner_copy(relative: str) -> Path:
    """Where the owner's copy of ``relative`` lives (it may not exist yet)."""
    return config_dir() / relative


Stamp = tuple[str, str, int, int]


def stamp(relative: str) -> Stamp:
    """What the rules read from ``relative`` depend on: the package folder and the owner's
    copy as it is now (path, modification time, size; zeros while there is none). Parsed
    rules are cached under it, so an edited copy is read again and nothing else is."""
    mine = owner_copy(relative)
    try:
        info = mine.stat()
    except FileNotFoundError:
        return (str(resources_dir()), str(mine), 0, 0)
    return (str(resources_dir()), str(mine), info.st_mtime_ns, info.st_size)


def _over(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        below = merged.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            merged[key] = _over(below, value)
        else:
            merged[key] = value
    return merged


def layered(relative: str) -> tuple[Path, dict[str, Any]]:
    """The package's ``relative`` with the owner's copy over it, and the file a mistake is
    to be reported in (the owner's copy once there is one)."""
    defaults = read_toml(resources_dir() / relative)
    mine = owner_copy(relative)
    if not mine.is_file():
        return resources_dir() / relative, defaults
    return mine, _over(defaults, read_toml(mine))


def copy_for_editing(relative: str) -> tuple[Path, bool]:
    """The owner's copy of ``relative``, made from the package's defaults if there is none
    yet; ``True`` when it was made now (an existing copy is never overwritten)."""
    mine = owner_copy(relative)
    if mine.is_file():
        return mine, False
    text = (resources_dir() / relative).read_text(encoding="utf-8")
    try:
        mine.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegularsError(
            _("Cannot create '{parent}': {strerror}.").format(
                parent=mine.parent, strerror=exc.strerror
            )
        ) from exc
    write_text_atomically(mine, text)
    return mine, True
