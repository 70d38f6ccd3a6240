"""A phone number's bare digits, without the numbering plan.

Kept apart from ``app.phones`` so that what only needs the digits (an import's reader,
deciding whether a row gives a phone at all) does not load ``phonenumbers`` and the
settings: the process that reads a big import file (``app.importing.worker``) starts
that much sooner.
"""

from __future__ import annotations


def bare_digits(text: str) -> str:
    """The digits of ``text`` and nothing else: whether a number was given at all, and
    how a number the numbering plan does not know is still matched."""
    return "".join(ch for ch in text if "0" <= ch <= "9")
