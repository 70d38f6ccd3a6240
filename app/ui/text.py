"""Small wording helpers for what the window shows (dates, quantities, initials)."""

from __future__ import annotations

from datetime import date


def initials(name: str) -> str:
    """Up to two initials for the photo placeholder."""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    return "".join(p[0].upper() for p in parts[:1] + parts[1:][-1:]) or "?"


def short_date(day: date, today: date) -> str:
    """"today", "yesterday", "12 Oct", or "12 Oct 2024" for other years."""
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if day.year == today.year:
        return f"{day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


def quantity_text(quantity: float) -> str:
    """" × 3" for more than one; nothing for a single item."""
    if quantity == 1:
        return ""
    shown = int(quantity) if float(quantity).is_integer() else quantity
    return f" × {shown}"
