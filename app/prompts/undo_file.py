"""The command line's undo: ``regulars today --done KEY`` run by mistake is taken back by
``regulars today --undo``, as Ctrl+Z takes back a mark in the window.

Each command is its own process, so the marks it made are kept in a small JSON file
beside the database (one file per database, newest last). Undoing goes through the same
rule as the window (``undo_mark``: 15 minutes, and only while nobody changed the question
since); a mark that can no longer be undone is dropped from the file with the reason.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.atomic import write_text_atomically
from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.models import PromptStatus
from app.prompts.undo import PromptMark, undo_mark

KEPT = 20


@dataclass(frozen=True)
class KeptMark:
    """A mark made from the command line and the words that name it ("Done: Anna Berg:
    Birthday today")."""

    what: str
    mark: PromptMark


def undo_path(database: Database) -> Path:
    """Where the command line's marks on ``database`` are kept."""
    return database.path.parent / "undo" / f"{database.path.stem}-cli.json"


def _to_json(kept: KeptMark) -> dict[str, object]:
    fields = {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in asdict(kept.mark).items()
    }
    return {"what": kept.what, "mark": fields}


def _from_json(entry: Any) -> KeptMark:
    fields: dict[str, Any] = dict(entry["mark"])
    for name in ("marked_at", "resolved_at"):
        fields[name] = fields[name] and datetime.fromisoformat(fields[name])
    until = fields["snoozed_until"]
    fields["snoozed_until"] = until and date.fromisoformat(until)
    for name in ("marked", "status"):
        fields[name] = PromptStatus(fields[name])
    return KeptMark(str(entry["what"]), PromptMark(**fields))


def _read(path: Path) -> list[KeptMark]:
    if not path.is_file():
        return []
    try:
        return [_from_json(entry) for entry in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise RegularsError(
            _("The command line's undo list '{path}' cannot be read ({error}); delete it to "
              "start afresh. Nothing was undone.").format(path=path, error=exc)
        ) from exc  # fmt: skip


def _write(path: Path, marks: list[KeptMark]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, json.dumps([_to_json(kept) for kept in marks[-KEPT:]]))


def keep_mark(database: Database, what: str, mark: PromptMark | None) -> None:
    """Remember ``mark`` (named ``what``) for a later ``--undo``; None (nothing changed)
    is not remembered."""
    if mark is None:
        return
    path = undo_path(database)
    _write(path, [*_read(path), KeptMark(what, mark)])


def undo_last_mark(database: Database, *, now: datetime | None = None) -> str:
    """Take back the newest mark made from the command line and say which it was; refused
    (and forgotten) when it is too old or the question changed since."""
    path = undo_path(database)
    marks = _read(path)
    if not marks:
        raise RegularsError(_("Nothing to undo: no mark was made from the command line."))
    newest = marks.pop()
    try:
        undo_mark(database, newest.mark, now=now)
    finally:
        _write(path, marks)
    return newest.what
