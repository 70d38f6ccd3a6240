"""Years of shopping for one demo customer, with the rhythms a real shop sees.

A few weekly regulars, some monthly ones, many occasional visitors, some who stopped
coming; durables (a kayak, a chainsaw) bought once in a long while, consumables (chicken
feed, propane) bought again on the customer's own interval. Days are date ordinals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

from app.catalog import category_defaults, category_key

# Visit rhythms and how common each is among customers.
RHYTHM_WEIGHTS = {"weekly": 0.5, "regular": 3.5, "occasional": 50, "lapsed": 8, "rare": 38}
# Mean days between visits for the rhythms that keep coming.
_MEAN_GAP = {"regular": 35.0, "occasional": 400.0, "lapsed": 70.0}
# Lapsed customers stopped coming this many days before the demo's last day.
LAPSED_DAYS = (120, 540)

# What people pick up on an ordinary visit (category: relative weight).
_EXTRAS = {
    "hardware": 40,
    "hand tools": 14,
    "coffee": 8,
    "batteries": 8,
    "seed": 5,
    "bird seed": 5,
    "propane": 4,
    "paddles & accessories": 4,
    "sharpening": 4,
    "chicken feed": 3,
    "animal feed": 3,
    "repairs": 3,
}
# Share of customers who rebuy each consumable on a personal interval, scaled by how
# likely someone with that rhythm is to come in for supplies at all.
_HABIT_LIKELIHOOD = {"weekly": 1.0, "regular": 1.0, "lapsed": 0.6, "occasional": 0.08, "rare": 0.0}
_HABITS = {
    "chicken feed": 0.07,
    "bird seed": 0.07,
    "propane": 0.06,
    "animal feed": 0.05,
    "seed": 0.05,
    "coffee": 0.04,
    "batteries": 0.03,
}
_BULK_HABITS = frozenset({"chicken feed", "animal feed", "bird seed"})
# Durables by how often they sell, and how many a customer buys over the years.
_DURABLES = {
    "power tools": 25,
    "grills": 20,
    "mowers": 20,
    "chainsaws": 10,
    "kayaks": 8,
    "bikes": 8,
    "tents": 6,
    "paddleboards": 4,
    "canoes": 3,
}
_DURABLE_COUNT_WEIGHTS = (68, 25, 7)
# A durable often brings its gear along, or a consumable habit with it.
_GEAR = {"kayaks": "paddles & accessories", "canoes": "paddles & accessories"}
_GEAR_SHARE = 0.7
_FOLLOW_ON_HABIT = {"chainsaws": ("bar & chain oil", 0.6), "grills": ("propane", 0.5)}


class Rhythm(StrEnum):
    """How often a customer comes in."""

    WEEKLY = "weekly"
    REGULAR = "regular"
    OCCASIONAL = "occasional"
    LAPSED = "lapsed"
    RARE = "rare"


@dataclass(frozen=True)
class Stock:
    """A product as the generator needs it: its row id, till name and price."""

    product_id: int
    name: str
    price_cents: int


@dataclass(frozen=True)
class Habit:
    """A consumable bought again every ``interval`` days from day ``start``."""

    category: str
    interval: int
    start: int | None = None


Line = tuple[Stock, float]
Visit = tuple[int, list[Line]]


def _open_day(day: int, last: int) -> int:
    """The shop is closed on Sundays (ordinal % 7 == 0): come Monday, or Saturday at the end."""
    if day % 7:
        return day
    return day + 1 if day < last else day - 1


class Shopper:
    """Plans purchase histories from the shop's shelves with one seeded generator."""

    def __init__(self, rng: random.Random, shelves: dict[str, tuple[Stock, ...]]) -> None:
        self._rng = rng
        self._shelves = shelves
        self._extras = [
            shelves[category][i % len(shelves[category])]
            for category, weight in _EXTRAS.items()
            for i in range(weight)
        ]
        self._rhythms = [Rhythm(name) for name in RHYTHM_WEIGHTS]
        self._rhythm_weights = list(RHYTHM_WEIGHTS.values())
        self._durables = list(_DURABLES)
        self._durable_weights = list(_DURABLES.values())
        self._intervals = {
            category: category_defaults()[category_key(category)].replenish_days or 30
            for category in _HABITS.keys() | {habit for habit, _ in _FOLLOW_ON_HABIT.values()}
        }

    def rhythm(self) -> Rhythm:
        """A customer's rhythm, drawn by how common each is."""
        return self._rng.choices(self._rhythms, weights=self._rhythm_weights)[0]

    def last_visit_bound(self, rhythm: Rhythm, end: int) -> int:
        """The last day this customer may come: lapsed customers stopped months ago."""
        if rhythm is Rhythm.LAPSED:
            return end - self._rng.randint(*LAPSED_DAYS)
        return end

    def habit(self, category: str, start: int | None = None) -> Habit:
        """A personal reorder interval around the category's usual one."""
        usual = self._intervals[category]
        return Habit(category, round(usual * self._rng.uniform(0.8, 1.25)), start)

    def habits(self, rhythm: Rhythm) -> list[Habit]:
        """The consumables a random customer with this rhythm rebuys, if any."""
        rng = self._rng
        likelihood = _HABIT_LIKELIHOOD[rhythm]
        return [
            self.habit(category)
            for category, share in _HABITS.items()
            if rng.random() < share * likelihood
        ]

    def durables(self, first: int, last: int) -> list[tuple[str, int]]:
        """Durables bought rarely, each of a different kind, on random days."""
        rng = self._rng
        count = rng.choices((0, 1, 2), weights=_DURABLE_COUNT_WEIGHTS)[0]
        chosen: list[str] = []
        while len(chosen) < count:
            category = rng.choices(self._durables, weights=self._durable_weights)[0]
            if category not in chosen:
                chosen.append(category)
        return [(category, rng.randint(first, last)) for category in chosen]

    def history(
        self,
        rhythm: Rhythm,
        first: int,
        last: int,
        *,
        habits: list[Habit],
        durables: list[tuple[str, int]],
    ) -> list[Visit]:
        """Every visit between days ``first`` and ``last``, oldest first, with its lines."""
        rng = self._rng
        basket: dict[int, list[Line]] = {}
        extras = self._extras
        for day in self._visit_days(rhythm, first, last):
            lines = basket.setdefault(_open_day(day, last), [])
            lines.append((extras[int(rng.random() * len(extras))], 1.0))
            if rng.random() < 0.35:
                lines.append((extras[int(rng.random() * len(extras))], 1.0))
        for category, day in durables:
            lines = basket.setdefault(_open_day(day, last), [])
            lines.append((rng.choice(self._shelves[category]), 1.0))
            gear = _GEAR.get(category)
            if gear and rng.random() < _GEAR_SHARE:
                lines.append((rng.choice(self._shelves[gear]), 1.0))
            follow_on = _FOLLOW_ON_HABIT.get(category)
            if follow_on and rng.random() < follow_on[1]:
                habits = [*habits, self.habit(follow_on[0], start=day)]
        for habit in habits:
            self._rebuy(basket, habit, first, last)
        return sorted(basket.items())

    def _visit_days(self, rhythm: Rhythm, first: int, last: int) -> list[int]:
        rng = self._rng
        if rhythm is Rhythm.RARE:
            return [rng.randint(first, last) for _ in range(rng.randint(1, 3))]
        days = []
        if rhythm is Rhythm.WEEKLY:
            day = first + rng.randrange(7)
            while day <= last:
                days.append(day)
                roll = rng.random()
                day += 14 if roll < 0.08 else 6 if roll < 0.14 else 8 if roll < 0.2 else 7
            return days
        mean = _MEAN_GAP[rhythm]
        steady = rhythm is not Rhythm.OCCASIONAL
        day = first + int(rng.random() * mean)
        while day <= last:
            days.append(day)
            gap = rng.gauss(mean, mean * 0.3) if steady else rng.expovariate(1 / mean)
            day += max(3, int(gap))
        return days

    def _rebuy(self, basket: dict[int, list[Line]], habit: Habit, first: int, last: int) -> None:
        rng = self._rng
        stock = rng.choice(self._shelves[habit.category])
        quantity = float(rng.choice((1, 1, 2, 3))) if habit.category in _BULK_HABITS else 1.0
        day = (habit.start or first) + (0 if habit.start else rng.randrange(habit.interval))
        while day <= last:
            basket.setdefault(_open_day(day, last), []).append((stock, quantity))
            day += max(7, round(habit.interval * rng.uniform(0.85, 1.15)))
