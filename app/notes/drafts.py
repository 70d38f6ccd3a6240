"""Notes being typed, kept on disk so a crash or power cut does not lose them.

The note box saves its text every few seconds as one small JSON file per customer in a
``drafts`` folder beside the database (one sub-folder per database file, so the demo shop's
drafts are never offered against the real shop's customers). Each save writes a
temporary file, forces it to disk and renames it over the old one, so a file is always
either the previous draft or the new one, never half of each. At the next start the
window offers every draft found back to the owner.

A draft of a private note is sealed to the owner's key like the note itself (once a
passphrase is set), is never offered in clerk mode, and reopens with Private ticked when
owner mode begins.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.models import utcnow
from app.safety.access import CLERK, Access
from app.safety.sealing import seal

_PREFIX = "customer-"


@dataclass(frozen=True)
class Draft:
    """Text typed for a customer's note and not yet saved as a note."""

    customer_id: int
    text: str
    saved_at: datetime
    private: bool = False


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


def save_draft(
    db_path: Path,
    customer_id: int,
    text: str,
    *,
    private: bool = False,
    seal_to: bytes | None = None,
) -> None:
    """Keep ``text`` as the customer's draft; blank text removes the draft instead. A
    private note's draft is sealed to ``seal_to`` (the owner's public key) when given."""
    if not text.strip():
        discard_draft(db_path, customer_id)
        return
    folder = drafts_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    document: dict[str, object] = {
        "customer_id": customer_id,
        "saved_at": utcnow().isoformat(),
        "private": private,
    }
    if private and seal_to is not None:
        document["sealed"] = base64.b64encode(seal(seal_to, text)).decode("ascii")
    else:
        document["text"] = text
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


def _read(path: Path, access: Access) -> Draft | None:
    """A draft file's content as ``access`` may see it; one that cannot be read as a
    draft, or a private one in clerk mode, is passed over."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        private = bool(document.get("private", False))
        if private and not access.owner:
            return None
        sealed = document.get("sealed")
        return Draft(
            customer_id=int(document["customer_id"]),
            text=access.read(str(document.get("text", "")), base64.b64decode(sealed))
            if sealed is not None
            else str(document["text"]),
            saved_at=datetime.fromisoformat(document["saved_at"]),
            private=private,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_drafts(db_path: Path, *, access: Access = CLERK) -> list[Draft]:
    """Every draft left behind that ``access`` may see, oldest first, for the window to
    offer back (private ones only to the owner)."""
    folder = drafts_dir(db_path)
    if not folder.is_dir():
        return []
    found = (_read(path, access) for path in folder.glob(f"{_PREFIX}*.json"))
    return sorted((d for d in found if d is not None), key=lambda d: d.saved_at)


def seal_private_drafts(db_path: Path, seal_to: bytes) -> int:
    """When the passphrase is first set: seal the private drafts kept in plain text until
    then; how many were sealed."""
    owner = Access(owner=True)
    folder = drafts_dir(db_path)
    plain = (
        [
            d
            for d in (_read(path, owner) for path in sorted(folder.glob(f"{_PREFIX}*.json")))
            if d is not None and d.private
        ]
        if folder.is_dir()
        else []
    )
    for draft in plain:
        save_draft(db_path, draft.customer_id, draft.text, private=True, seal_to=seal_to)
    return len(plain)


def discard_draft(db_path: Path, customer_id: int) -> None:
    """Forget the customer's draft once it became a note or was thrown away on purpose."""
    _draft_path(db_path, customer_id).unlink(missing_ok=True)
