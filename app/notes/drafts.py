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
folder: ``save_draft`` says where it landed, and every place is read back. A note that
could not be saved for storage trouble goes straight to those folders, never beside the
book whose folder has just failed (``keep_unsaved``), so the words typed survive the
error that refused them. Each refused note gets a file of its own
(never joined with another draft: a private one may be sealed, and joining would move
words between private and not), offered back one by one; one Save was pressed for while
the shop's server was away says so (``Draft.saved``), for the window to save it by itself
once the book takes it.

The owner's public key of each book is remembered in the user data folder whenever the
book opens (``remember_key``): a private note typed while the book cannot be read (its
server away, its disk full) is still sealed to it, never kept in plain text.

Beside the words a draft keeps what else the note box held (kind, Pinned, Don't bring up,
the ask-on date: ``NoteFields``), so a note kept while the shop's server was away comes
back as the note it was, not as a plain one. For a private note those are sealed with the
words (a kind or a date can say as much as the text). Files written before these fields
existed load with the plain defaults.

A draft of an edit also keeps which note it edits and the revision the note box showed
(``Draft.edit``, sealed with the fields of a private note: a note's id may tell that it
exists), so an edit kept while the server was away comes back as that note's edit, never
as a new note that lost its link.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.i18n import _
from app.kept import NotKeptError, keeping_typed, kept_folders
from app.models import utcnow
from app.safety.access import CLERK, Access
from app.safety.sealing import seal

_PREFIX = "customer-"
_KEPT = "-kept-"

EditOf = tuple[int, int]
"""The note an edit was made of, and the revision the note box showed."""


@dataclass(frozen=True)
class NoteFields:
    """What the note box held besides the words and Private."""

    kind: str = "general"
    pinned: bool = False
    dont_bring_up: bool = False
    ask_on: date | None = None

    def document(self) -> dict[str, object]:
        """These fields as JSON values."""
        return {
            "kind": self.kind,
            "pinned": self.pinned,
            "dont_bring_up": self.dont_bring_up,
            "ask_on": None if self.ask_on is None else self.ask_on.isoformat(),
        }

    @classmethod
    def from_document(cls, document: object) -> NoteFields:
        """Fields read back; missing ones (an older draft file) take the plain defaults."""
        if not isinstance(document, dict):
            return cls()
        ask_on = document.get("ask_on")
        return cls(
            kind=str(document.get("kind", "general")),
            pinned=bool(document.get("pinned", False)),
            dont_bring_up=bool(document.get("dont_bring_up", False)),
            ask_on=None if ask_on is None else date.fromisoformat(str(ask_on)),
        )


@dataclass(frozen=True)
class Draft:
    """Text typed for a customer's note and not yet saved as a note."""

    customer_id: int
    text: str
    saved_at: datetime
    private: bool = False
    refused: Path | None = None
    """The file of a note the book refused (one per refusal); None for the note box's own
    draft of this customer."""
    fields: NoteFields = NoteFields()
    edit: EditOf | None = None
    """The note these words are an edit of (None: a new note)."""
    saved: bool = False
    """Save was pressed for it and the book refused it (its server away): it is saved by
    itself once the book takes it, not offered back as a note still being typed."""


def drafts_dir(db_path: Path) -> Path:
    """Where the drafts for the database at ``db_path`` are kept."""
    return db_path.parent / "drafts" / db_path.stem


def _own(db_path: Path) -> str:
    """A name for the book at ``db_path`` alone, for files kept about it elsewhere."""
    return f"{db_path.stem}-{hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:12]}"


def draft_folders(db_path: Path) -> list[Path]:
    """Every place a draft for ``db_path`` may be, in the order they are tried: beside
    the book, then the user data folder, then the system's temporary folder (each named
    for this very file, so another shop's drafts never mix in)."""
    own = _own(db_path)
    return [drafts_dir(db_path), *(folder / own for folder in kept_folders("drafts"))]


def _key_file(db_path: Path) -> Path:
    return kept_folders("keys")[0] / f"{_own(db_path)}.json"


def remembered(db_path: Path) -> tuple[bool, bytes | None]:
    """(whether this computer remembers the owner's key of the book at ``db_path``, the
    key: None when no passphrase was set when the book last opened here)."""
    try:
        key = json.loads(_key_file(db_path).read_text(encoding="utf-8")).get("public_key")
        return True, None if key is None else base64.b64decode(key)
    except (OSError, ValueError, AttributeError, TypeError):
        return False, None


def remembered_key(db_path: Path) -> bytes | None:
    """The owner's public key the book at ``db_path`` had when it last opened (None: none
    remembered, or no passphrase then), for sealing a private note typed while the book
    cannot be read (its server away, its disk full or damaged)."""
    return remembered(db_path)[1]


def remember_key(db_path: Path, key: bytes | None) -> None:
    """Remember the owner's public key of the book at ``db_path`` in the user data folder
    (a public key is no secret: it can only seal, never open), or that none is set, when
    it differs from what is remembered: a private note typed while the book cannot be
    read is then sealed to it, or, with no passphrase, kept as plain as the book keeps
    it. The key pair is made once, when the passphrase is first set, and a change of
    passphrase keeps it. A folder that will not take it is let be: the book itself still
    holds the key."""
    if remembered(db_path) == (True, key):
        return
    encoded = None if key is None else base64.b64encode(key).decode("ascii")
    try:
        _write(_key_file(db_path).parent, _key_file(db_path).name, {"public_key": encoded})
    except OSError:
        return


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _write(folder: Path, name: str, document: dict[str, object]) -> Path:
    """Write the draft into ``folder`` whole (a temporary file renamed over the old one)."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".draft-", suffix=".tmp")
    path = folder / name
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
    fields: NoteFields = NoteFields(),
    edit: EditOf | None = None,
    kept: Path | None = None,
) -> Path | None:
    """Keep ``text`` as the customer's draft and say where (blank text removes the draft
    instead: None). A private note's draft is sealed to ``seal_to`` (the owner's public
    key) when given. The first folder of ``draft_folders`` that takes it wins; an older
    draft left in another one is removed. Raises the first folder's error if none does.

    With ``kept`` (a refused note reopened in the note box) the words are written over
    that very file instead, which stays until the note is saved or thrown away on purpose
    (blank text leaves it as it was), so a crash never loses it and never lets it take
    the place of another note of the same customer."""
    if kept is not None:
        if text.strip():
            _write(
                kept.parent, kept.name, _document(customer_id, text, private, seal_to, fields, edit)
            )
        return kept
    if not text.strip():
        _discard(db_path, customer_id)
        return None
    path = write_first(
        draft_folders(db_path),
        f"{_PREFIX}{customer_id}.json",
        _document(customer_id, text, private, seal_to, fields, edit),
    )
    _discard(db_path, customer_id, keep=path)
    return path


def _document(
    customer_id: int,
    text: str,
    private: bool,
    seal_to: bytes | None,
    fields: NoteFields,
    edit: EditOf | None,
    saved: bool = False,
) -> dict[str, object]:
    document: dict[str, object] = {
        "customer_id": customer_id,
        "saved_at": utcnow().isoformat(),
        "private": private,
        "saved": saved,
    }
    held = {**fields.document(), "edit": None if edit is None else list(edit)}
    if private and seal_to is not None:
        document["sealed"] = _sealed(seal_to, text)
        document["sealed_fields"] = _sealed(seal_to, json.dumps(held))
    else:
        document["text"] = text
        document["fields"] = held
    return document


def _edit_of(fields: object) -> EditOf | None:
    """The note a draft's fields say it edits (None: a new note, or an older file)."""
    edit = fields.get("edit") if isinstance(fields, dict) else None
    if not isinstance(edit, list) or len(edit) != 2:
        return None
    return int(edit[0]), int(edit[1])


def _sealed(seal_to: bytes, text: str) -> str:
    return base64.b64encode(seal(seal_to, text)).decode("ascii")


def write_first(folders: list[Path], name: str, document: dict[str, object]) -> Path:
    """Write into the first of ``folders`` that takes it; raises the first error if none
    does."""
    failures: list[OSError] = []
    for folder in folders:
        try:
            return _write(folder, name, document)
        except OSError as exc:
            failures.append(exc)
    raise failures[0]


def _read(path: Path, access: Access) -> Draft | None:
    """A draft file's content as ``access`` may see it; one that cannot be read as a
    draft, a private one in clerk mode, or a sealed one without the owner's key, is
    passed over."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        private = bool(document.get("private", False))
        if private and not access.owner:
            return None
        sealed = document.get("sealed")
        sealed_fields = document.get("sealed_fields")
        if (sealed is not None or sealed_fields is not None) and access.key is None:
            return None  # sealed to the owner's key: only the owner, unlocked, reads it
        fields = (
            json.loads(access.read("", base64.b64decode(sealed_fields)))
            if sealed_fields is not None
            else document.get("fields")
        )
        return Draft(
            customer_id=int(document["customer_id"]),
            text=access.read(str(document.get("text", "")), base64.b64decode(sealed))
            if sealed is not None
            else str(document["text"]),
            saved_at=datetime.fromisoformat(document["saved_at"]),
            private=private,
            refused=path if _KEPT in path.name else None,
            fields=NoteFields.from_document(fields),
            edit=_edit_of(fields),
            saved=bool(document.get("saved", False)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_drafts(db_path: Path, *, access: Access = CLERK) -> list[Draft]:
    """Every draft left behind that ``access`` may see, oldest first, for the window to
    offer back (private ones only to the owner): the newest note-box draft of each
    customer, and every refused note."""
    newest: dict[int, Draft] = {}
    refused: list[Draft] = []
    for folder in draft_folders(db_path):
        if not folder.is_dir():
            continue
        for path in folder.glob(f"{_PREFIX}*.json"):
            draft = _read(path, access)
            if draft is None:
                continue
            if draft.refused is not None:
                refused.append(draft)
                continue
            known = newest.get(draft.customer_id)
            if known is None or known.saved_at < draft.saved_at:
                newest[draft.customer_id] = draft
    return sorted([*newest.values(), *refused], key=lambda d: d.saved_at)


def count_private_kept(db_path: Path) -> int:
    """How many notes the book refused are kept as private, read from each file's flag
    alone (never its words, sealed or not)."""
    found = 0
    for folder in draft_folders(db_path):
        for path in folder.glob(f"{_PREFIX}*{_KEPT}*.json") if folder.is_dir() else ():
            try:
                found += bool(json.loads(path.read_text(encoding="utf-8")).get("private"))
            except (OSError, ValueError, AttributeError):
                continue
    return found


def seal_private_drafts(db_path: Path, seal_to: bytes) -> int:
    """When the passphrase is first set: seal the private drafts kept in plain text until
    then; how many were sealed."""
    plain = [d for d in load_drafts(db_path, access=Access(owner=True)) if d.private]
    for draft in plain:
        document = _document(
            draft.customer_id, draft.text, True, seal_to, draft.fields, draft.edit, draft.saved
        )
        if draft.refused is not None:
            _write(draft.refused.parent, draft.refused.name, document)
        else:
            save_draft(
                db_path,
                draft.customer_id,
                draft.text,
                private=True,
                seal_to=seal_to,
                fields=draft.fields,
                edit=draft.edit,
            )
    return len(plain)


def discard_draft(db_path: Path, customer_id: int, *, refused: bool = False) -> None:
    """Forget the customer's note-box draft once it became a note or was thrown away on
    purpose; with ``refused``, the customer's refused notes too (the customer is gone)."""
    _discard(db_path, customer_id)
    if refused:
        for folder in draft_folders(db_path):
            for path in folder.glob(f"{_PREFIX}{customer_id}{_KEPT}*.json"):
                discard_refused(path)


def park_draft(db_path: Path, customer_id: int) -> list[Path]:
    """Before a new note box of the customer starts writing its draft: the note-box draft
    left there (one not offered back yet, a private one clerk mode cannot see) becomes a
    kept note of its own, offered back and saved like a refused one, so the new box never
    writes over it; where each went. A file that cannot be read as JSON is left alone.
    Raises the first folder's error if none takes a copy (the original then stays)."""
    parked: list[Path] = []
    for folder in draft_folders(db_path):
        path = folder / f"{_PREFIX}{customer_id}.json"
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        name = f"{_PREFIX}{customer_id}{_KEPT}{uuid.uuid4().hex}.json"
        parked.append(write_first(draft_folders(db_path), name, document))
        discard_refused(path)
    return parked


def discard_refused(path: Path) -> None:
    """Forget one refused note once it was reopened in the note box or thrown away."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        return


def _discard(db_path: Path, customer_id: int, *, keep: Path | None = None) -> None:
    for folder in draft_folders(db_path):
        path = folder / f"{_PREFIX}{customer_id}.json"
        if path != keep:
            discard_refused(path)


def keep_refused(
    db_path: Path,
    customer_id: int,
    text: str,
    *,
    private: bool,
    seal_to: bytes | None,
    fields: NoteFields = NoteFields(),
    edit: EditOf | None = None,
    saved: bool = False,
) -> Path:
    """Keep a note the book did not take (storage trouble, or a server that is away) in
    a file of its own, sealed as its draft would be, away from the book's folder (which
    may just have failed); where it went. Raises the first folder's error if none takes
    it. ``edit`` names the note the words are an edit of; ``saved``: Save was pressed
    for it (``Draft.saved``)."""
    name = f"{_PREFIX}{customer_id}{_KEPT}{uuid.uuid4().hex}.json"
    elsewhere = draft_folders(db_path)[1:]
    document = _document(customer_id, text, private, seal_to, fields, edit, saved)
    return write_first(elsewhere, name, document)


@dataclass(frozen=True)
class Whose:
    """Whose words a failed save held, told only once the save failed: the customer, whether
    the note is private, the owner's public key (None: no passphrase set yet), what else
    the note box held, and the note the words are an edit of (None: a new note)."""

    customer_id: int
    private: bool
    key: bytes | None
    fields: NoteFields = NoteFields()
    edit: EditOf | None = None


def keep_unsaved(
    db_path: Path, text: str, whose: Callable[[], Whose]
) -> AbstractContextManager[None]:
    """Around saving a note: storage trouble keeps ``text`` as a refused note of its own
    away from the book's folder, which has just failed (the user data folder, else the
    system's temporary one: ``app.kept``), so every refused note survives, each as
    private as it was. ``whose`` is asked only then; a private note's words are sealed to
    the owner as its draft would be, and are not kept at all when the book cannot say
    whether the note is private or what its key is (``whose`` failed): the message says
    so instead. An edit keeps the note it was made of, to come back as its edit."""

    def keep() -> Path | None:
        try:
            held = whose()
        except Exception as exc:
            raise NotKeptError(
                _(
                    "What you typed was not kept: the book could not be read for the owner's "
                    "key to seal a private note with (for an edit, not even to tell whether "
                    "the note is private), and private words are never kept in plain text. "
                    "Copy them before going on."
                )
            ) from exc
        return keep_refused(
            db_path,
            held.customer_id,
            text,
            private=held.private,
            seal_to=held.key,
            fields=held.fields,
            edit=held.edit,
        )

    return keeping_typed(
        db_path.parent,
        keep,
        _(
            "It is kept until the book takes it: the window offers it back, and "
            "'regulars note kept --save' saves it."
        ),
    )
