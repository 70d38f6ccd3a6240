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

When the book's folder cannot take a draft (disk full, read-only, an I/O error), the draft
goes to a folder of its own in the user data folder, else in the system's temporary
folder: ``save_draft`` says where it landed, every place is read back, and a note that
could not be saved for storage trouble is kept the same way (``keep_unsaved``), so the
words typed survive the error that refused them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.kept import keeping_typed, kept_folders
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


def draft_folders(db_path: Path) -> list[Path]:
    """Every place a draft for ``db_path`` may be, in the order they are tried: beside
    the book, then the user data folder, then the system's temporary folder (each named
    for this very file, so another shop's drafts never mix in)."""
    own = f"{db_path.stem}-{hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:12]}"
    return [drafts_dir(db_path), *(folder / own for folder in kept_folders("drafts"))]


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _write(folder: Path, customer_id: int, document: dict[str, object]) -> Path:
    """Write the draft into ``folder`` whole (a temporary file renamed over the old one)."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".draft-", suffix=".tmp")
    path = folder / f"{_PREFIX}{customer_id}.json"
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            json.dump(document, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return path


def save_draft(
    db_path: Path,
    customer_id: int,
    text: str,
    *,
    private: bool = False,
    seal_to: bytes | None = None,
) -> Path | None:
    """Keep ``text`` as the customer's draft and say where (blank text removes the draft
    instead: None). A private note's draft is sealed to ``seal_to`` (the owner's public
    key) when given. The first folder of ``draft_folders`` that takes it wins; an older
    draft left in another one is removed. Raises the first folder's error if none does."""
    if not text.strip():
        discard_draft(db_path, customer_id)
        return None
    document: dict[str, object] = {
        "customer_id": customer_id,
        "saved_at": utcnow().isoformat(),
        "private": private,
    }
    if private and seal_to is not None:
        document["sealed"] = base64.b64encode(seal(seal_to, text)).decode("ascii")
    else:
        document["text"] = text
    failures: list[OSError] = []
    for folder in draft_folders(db_path):
        try:
            path = _write(folder, customer_id, document)
        except OSError as exc:
            failures.append(exc)
            continue
        _discard(db_path, customer_id, keep=path)
        return path
    raise failures[0]


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
    offer back (private ones only to the owner); the newest one for each customer."""
    newest: dict[int, Draft] = {}
    for folder in draft_folders(db_path):
        if not folder.is_dir():
            continue
        for path in folder.glob(f"{_PREFIX}*.json"):
            draft = _read(path, access)
            known = newest.get(draft.customer_id) if draft is not None else None
            if draft is not None and (known is None or known.saved_at < draft.saved_at):
                newest[draft.customer_id] = draft
    return sorted(newest.values(), key=lambda d: d.saved_at)


def seal_private_drafts(db_path: Path, seal_to: bytes) -> int:
    """When the passphrase is first set: seal the private drafts kept in plain text until
    then; how many were sealed."""
    plain = [d for d in load_drafts(db_path, access=Access(owner=True)) if d.private]
    for draft in plain:
        save_draft(db_path, draft.customer_id, draft.text, private=True, seal_to=seal_to)
    return len(plain)


def discard_draft(db_path: Path, customer_id: int) -> None:
    """Forget the customer's draft once it became a note or was thrown away on purpose."""
    _discard(db_path, customer_id)


def _discard(db_path: Path, customer_id: int, *, keep: Path | None = None) -> None:
    for folder in draft_folders(db_path):
        path = folder / f"{_PREFIX}{customer_id}.json"
        if path != keep:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                continue


Whose = tuple[int, bool, bytes | None]
"""Whose words a failed save held: the customer's id, whether the note is private, and
the owner's public key (None: no passphrase set yet)."""


def _joined(db_path: Path, customer_id: int, text: str) -> str:
    """``text`` after the customer's draft in plain text, if that holds other words (not
    the same words, nor an earlier state of them saved while typing)."""
    for draft in load_drafts(db_path):
        if draft.customer_id == customer_id and text not in draft.text and draft.text not in text:
            return f"{draft.text}\n\n{text}"
    return text


def keep_unsaved(
    db_path: Path, text: str, whose: Callable[[], Whose]
) -> AbstractContextManager[None]:
    """Around saving a note: storage trouble keeps ``text`` as the customer's draft
    wherever one can go (``app.kept``), after any draft already kept for that customer
    (two refused notes in a row both survive). ``whose`` is asked only then; a private note's
    words are sealed to the owner as its draft would be, and are not kept in plain text
    when the key cannot be read."""

    def keep() -> Path | None:
        customer_id, private, key = whose()
        return save_draft(
            db_path, customer_id, _joined(db_path, customer_id, text), private=private, seal_to=key
        )

    return keeping_typed(db_path.parent, keep, " as a draft; the window offers it back")
