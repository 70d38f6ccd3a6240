"""What the demo shop's staff wrote down about customers, as the owner would.

Everyday notes, pinned ones every clerk should see, follow-ups with an ask-on date near
the demo's "today", private notes and "don't bring it up" notes. Wordings come from
``resources/demo/notes.toml`` and are filled from the customer's household and purchases.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.demo.data import NoteTemplates, Template

# Share of customers with each kind of note.
_SHARES = {"general": 0.25, "pinned": 0.04, "ask": 0.07, "private": 0.02, "dont_bring_up": 0.015}
# Ask-on dates fall this many days around the demo's last day.
ASK_ON_WINDOW = (-14, 30)
_OPEN_MINUTES = (8 * 60, 18 * 60)


@dataclass(frozen=True)
class NoteDraft:
    """A note as first written (its revision 1 says the same)."""

    body: str
    author: str
    created_at: datetime
    pinned: bool = False
    private: bool = False
    dont_bring_up: bool = False
    ask_on: date | None = None


class NoteWriter:
    """Writes a customer's notes from templates with one seeded generator."""

    def __init__(self, rng: random.Random, templates: NoteTemplates, authors: list[str]) -> None:
        self._rng = rng
        self._groups = {
            "general": templates.general,
            "pinned": templates.pinned,
            "ask": templates.ask,
            "private": templates.private,
            "dont_bring_up": templates.dont_bring_up,
        }
        self._authors = authors
        self._fitting: dict[tuple[str, frozenset[str]], list[Template]] = {}

    def notes(self, facts: Mapping[str, str], first: int, end: int) -> list[NoteDraft]:
        """The notes for one customer known since day ``first``; ``facts`` fill placeholders."""
        rng = self._rng
        drafts = []
        for group, share in _SHARES.items():
            if rng.random() >= share:
                continue
            body = self._body(group, facts)
            if group == "ask":
                ask_on = end + rng.randint(*ASK_ON_WINDOW)
                earliest = max(first, ask_on - 60)
                written = rng.randint(earliest, max(earliest, min(end, ask_on - 1)))
                drafts.append(self._draft(body, written, ask_on=date.fromordinal(ask_on)))
            else:
                drafts.append(
                    self._draft(
                        body,
                        rng.randint(first, end),
                        pinned=group == "pinned",
                        private=group == "private",
                        dont_bring_up=group == "dont_bring_up",
                    )
                )
        return drafts

    def _body(self, group: str, facts: Mapping[str, str]) -> str:
        key = (group, frozenset(facts))
        fitting = self._fitting.get(key)
        if fitting is None:
            fitting = [t for t in self._groups[group] if t.needs <= key[1]]
            self._fitting[key] = fitting
        return self._rng.choice(fitting).text.format_map(facts)

    def _draft(
        self,
        body: str,
        day: int,
        *,
        pinned: bool = False,
        private: bool = False,
        dont_bring_up: bool = False,
        ask_on: date | None = None,
    ) -> NoteDraft:
        rng = self._rng
        written = datetime.fromordinal(day) + timedelta(minutes=rng.randint(*_OPEN_MINUTES))
        return NoteDraft(
            body, rng.choice(self._authors), written, pinned, private, dont_bring_up, ask_on
        )
