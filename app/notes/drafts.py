"""Notes being typed, kept on disk so a crash or power cut does not lose them.

The note box saves its text every few seconds as one small JSON file per customer in a
``drafts`` folder beside the database (one sub-folder per database file, so the demo shop's
drafts are never offered against the real shop's customers). Each save writes a
temporary file, forces it to disk and renames it over the old one, so a file is always
either the previous draft or the new one, never half of each. At the next start the
window offers every draft found back to the owner.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.models import utcnow

_PREFIX = "customer-"


@dataclass(frozen=True)
class Draft:
    """Text typed for a customer's note and not yet saved as a note."""

    customer_id: int
    text: str
    saved_at: datetime


def drafts_dir(db_path: Path) -> Path:
    """Where the drafts for the database at ``db_path`` are kept."""
    return db_path.parent / "drafts" / db_path.stem


def _draft_path(db_path: Path, customer_id: int) -> Path:
    return drafts_dir(db_path) / f"{_PREFIX}{customer_id}.json"


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def save_draft(db_path: Path, customer_id: int, text: str) -> None:
    """Keep ``text`` as the customer's draft; blank text removes the draft instead."""
    if not text.strip():
        discard_draft(db_path, customer_id)
        return
    folder = drafts_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    document = {"customer_id": customer_id, "text": text, "saved_at": utcnow().isoformat()}
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".draft-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            json.dump(document, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        Path(temporary).replace(_draft_path(db_path, customer_id))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def _read(path: Path) -> Draft | None:
    """A draft file's content; one that cannot be read as a draft is passed over."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Draft(
            customer_id=int(document["customer_id"]),
            text=str(document["text"]),
            saved_at=datetime.fromisoformat(document["saved_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_drafts(db_path: Path) -> list[Draft]:
    """Every draft left behind, oldest first, for the window to offer back at start."""
    folder = drafts_dir(db_path)
    if not folder.is_dir():
        return []
    found = (_read(path) for path in folder.glob(f"{_PREFIX}*.json"))
    return sorted((d for d in found if d is not None), key=lambda d: d.saved_at)


def discard_draft(db_path: Path, customer_id: int) -> None:
    """Forget the customer's draft once it became a note or was thrown away on purpose."""
    _draft_path(db_path, customer_id).unlink(missing_ok=True)
