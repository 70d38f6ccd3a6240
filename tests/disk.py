"""A folder that refuses every new file, as a read-only or full disk would, for tests
that run as root (who may write anywhere) as well as for everyone else."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def writes_refused_in(folder: Path, code: int = errno.EROFS) -> Iterator[None]:
    """Within the block, every file Python opens for writing under ``folder`` fails with
    ``code`` (the database itself, opened by SQLite's own code, is refused by its lock
    file first)."""
    real_open = os.open
    inside = str(folder.resolve()) + os.sep
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def refusing(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if flags & writing and str(Path(path).resolve()).startswith(inside):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(os, "open", refusing)
        yield
