"""A folder that refuses every new file, as a read-only or full disk would, for tests
that run as root (who may write anywhere) as well as for everyone else; and a command run
where no file may grow past 10 kB, as on a full disk."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
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


_ROOT = Path(__file__).resolve().parents[1]
_FULL_DISK = """
import json, resource, signal, sys
from app.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, 10_000))
code = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps(code), file=sys.stderr, flush=True)
"""


def on_a_full_disk(*args: str, script: str = _FULL_DISK) -> tuple[int, str, str]:
    """``regulars ARGS`` (or another ``script`` given ARGS, printing its exit code last on
    stderr) in a child process where no file may grow past 10 kB (POSIX's RLIMIT_FSIZE):
    SQLite cannot make a book's 32 kB shared-memory file, as on a full disk. Its exit
    code, output and messages."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    err, _, code = done.stderr.rstrip("\n").rpartition("\n")
    return int(code), done.stdout, err
