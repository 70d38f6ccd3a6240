"""Writing a file (an export, a problems list, the settings) whole or not at all.

An export that dies half-way (disk full, power cut, Ctrl+C) must not leave a truncated
file where the owner expects their customers: the text goes to a temporary file next to
OUT, is flushed to disk, and only then renamed over it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from app.errors import RegularsError
from app.i18n import _


def write_atomically(
    out: Path, write: Callable[[TextIO], None], *, encoding: str, errors: str = "strict"
) -> None:
    """Call ``write`` with a text file that becomes ``out`` once it has returned
    (``errors="surrogateescape"`` writes bytes that were not text back as they were).

    An unwritable ``out`` (missing folder, no permission, a folder of that name) is a
    ``RegularsError`` naming it, and nothing is left behind.
    """
    if out.is_dir():
        raise RegularsError(_("Cannot write '{out}': it is a folder.").format(out=out))
    try:
        handle, temporary = tempfile.mkstemp(
            dir=out.parent, prefix=f".{out.name}.", suffix=".partial"
        )
    except OSError as exc:
        raise RegularsError(
            _("Cannot write '{out}': {strerror}.").format(out=out, strerror=exc.strerror)
        ) from exc
    try:
        with os.fdopen(handle, "w", encoding=encoding, errors=errors, newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        Path(temporary).replace(out)
    except OSError as exc:
        raise RegularsError(
            _("Cannot write '{out}': {strerror}.").format(out=out, strerror=exc.strerror)
        ) from exc
    finally:
        Path(temporary).unlink(missing_ok=True)


def write_text_atomically(out: Path, text: str) -> None:
    """``text`` as the whole of ``out`` (UTF-8), or ``out`` left as it was."""

    def write(fh: TextIO) -> None:
        fh.write(text)

    write_atomically(out, write, encoding="utf-8")
