"""Reading the owner-editable TOML files, so a typo is reported with its place, not a crash."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.errors import RegularsError
from app.i18n import _


class Section:
    """One ``[table]`` of a file, read with type checks that name file, table and key."""

    def __init__(self, path: Path, name: str, data: Mapping[str, Any]) -> None:
        self.path = path
        self.name = name
        self.data = data

    def refuse(self, key: str, wanted: str) -> RegularsError:
        """The error for a value that is missing or of the wrong type."""
        return RegularsError(
            _("'{path}', [{section}] {key}: expected {wanted}.").format(
                path=self.path, section=self.name, key=key, wanted=wanted
            )
        )

    def table(self, key: str) -> Section:
        """A nested table; missing means empty."""
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.refuse(key, "a table")
        return Section(self.path, f"{self.name}.{key}", value)

    def number(self, key: str, *, minimum: float = 0.0) -> float:
        """A number no smaller than ``minimum``."""
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.refuse(key, f"a number of at least {minimum:g}")
        return float(value)

    def whole(self, key: str, *, minimum: int = 0) -> int:
        """A whole number no smaller than ``minimum``."""
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.refuse(key, f"a whole number of at least {minimum}")
        return value

    def flag(self, key: str) -> bool:
        """``true`` or ``false``."""
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.refuse(key, "true or false")
        return value

    def text(self, key: str) -> str:
        """A non-empty string."""
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.refuse(key, "some text in quotes")
        return value

    def texts(self, key: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        """A list of non-empty strings."""
        value = self.data.get(key)
        if (
            not isinstance(value, list)
            or (not value and not allow_empty)
            or not all(isinstance(item, str) and item.strip() for item in value)
        ):
            raise self.refuse(key, "a list of texts in quotes")
        return tuple(value)

    def wholes(self, key: str) -> tuple[int, ...]:
        """A list of whole numbers above zero."""
        value = self.data.get(key)
        if not isinstance(value, list) or not all(
            isinstance(item, int) and not isinstance(item, bool) and item > 0 for item in value
        ):
            raise self.refuse(key, "a list of whole numbers above 0")
        return tuple(value)
