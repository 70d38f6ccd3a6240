"""Words someone typed, kept when the book could not take them.

When a save fails for storage trouble (disk full, read-only folder, an I/O error), the
text just typed must not vanish with the error: it is written somewhere else (the user
data folder, else the system's temporary folder) and the ``StorageError`` says which
folder failed, its free space, and where the words are. Notes keep theirs as a draft the
window offers back (``app.notes.drafts``); a customer's details are kept as a small text
file to copy from.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from app.errors import StorageError, storage_error
from app.i18n import _
from app.paths import data_dir


class KeptError(StorageError):
    """Storage trouble after the typed words were dealt with (kept, or told why not): a
    guard further out, such as the command line's around opening the book, passes it on
    instead of keeping the same words twice."""


class NotKeptError(Exception):
    """``keep`` decided the words may not be written anywhere (a private note whose key
    could not be read); its message tells the person who typed them why."""


def kept_folders(name: str) -> list[Path]:
    """Where typed words go when the book's folder will not take them, in order."""
    return [data_dir() / name, Path(tempfile.gettempdir()) / f"regulars-{name}"]


def keep_text(stem: str, text: str) -> Path:
    """Write ``text`` to a new file in the first of ``kept_folders("kept")`` that takes it
    (forced to disk); its path. Raises the first folder's error if none does."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    failures: list[OSError] = []
    for folder in kept_folders("kept"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=folder, prefix=f"{stem}-{stamp}-", suffix=".txt")
            with os.fdopen(handle, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            failures.append(exc)
            continue
        return Path(name)
    raise failures[0]


@contextmanager
def keeping_typed(
    folder: Path, keep: Callable[[], Path | None], afterwards: str = ""
) -> Iterator[None]:
    """Around a save into the book in ``folder``: storage trouble calls ``keep`` (which
    writes the typed words elsewhere and says where) and is raised again as a
    ``StorageError`` that names both places; ``afterwards`` tells what happens to them
    next, in a sentence of its own. Any other failure passes through untouched, and so
    does a ``KeptError`` (an inner guard has dealt with the words already)."""
    try:
        yield
    except KeptError:
        raise
    except Exception as exc:
        trouble = exc if isinstance(exc, StorageError) else storage_error(exc, folder)
        if trouble is None:
            raise
        raise KeptError(f"{trouble} {_kept_where(keep, afterwards)}") from exc


def _kept_where(keep: Callable[[], Path | None], afterwards: str) -> str:
    """Keep the words, and say where they are (or why they are not)."""
    kept: Path | None = None
    try:
        kept = keep()
    except NotKeptError as why:
        return str(why)
    except Exception:
        kept = None
    if kept is None:
        return _("What you typed could not be kept anywhere: copy it before going on.")
    said = _("What you typed is kept in '{kept}'.").format(kept=kept)
    return f"{said} {afterwards}" if afterwards else said
