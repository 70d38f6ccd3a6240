"""The owner's passphrase for tests: set it the way a new shop does, in one call."""

from __future__ import annotations

from app.db import Database
from app.safety.access import CLERK
from app.safety.owner_secret import SecretSet, set_owner_secret

PASSPHRASE = "tea kettle harbour"


def protect(database: Database, passphrase: str = PASSPHRASE) -> SecretSet:
    """Set the owner's passphrase on a book that has none yet (seals its private notes)."""
    return set_owner_secret(database, passphrase, access=CLERK)
