"""Backups taken before the private notes were sealed still hold them in plain text.

Sealing the notes cannot reach into copies already made, so after the passphrase is set
the owner is told which backups still hold private notes in plain bytes, and may have
them removed (newer, sealed backups keep the shop safe).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.safety.backups import list_backups

_PLAIN_PRIVATE = (
    "SELECT EXISTS(SELECT 1 FROM note WHERE private = 1 AND body != '') "
    "OR EXISTS(SELECT 1 FROM note_revision r JOIN note n ON n.id = r.note_id "
    "WHERE (n.private = 1 OR r.private = 1) AND r.body != '')"
)


def holds_plain_private_notes(path: Path) -> bool:
    """Whether the database file at ``path`` holds a private note or wording unsealed; a
    file that cannot be read as a Regulars database is counted as holding them."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return bool(conn.execute(_PLAIN_PRIVATE).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return True


def plain_backups(db_path: Path) -> list[Path]:
    """The backups of ``db_path`` that still hold private notes in plain text, newest first."""
    return [b.path for b in list_backups(db_path) if holds_plain_private_notes(b.path)]


def remove_backups(paths: list[Path]) -> None:
    """Delete the given backups (after the owner agreed); one already gone is passed over."""
    for path in paths:
        path.unlink(missing_ok=True)
