"""A full disk is told as a full disk, never as damage: a sound book is still read (as
it stands, since SQLite has no room for its shared-memory file) and checked sound, while
a damaged one is still called damaged.

Real files, real processes: the full disk is a file-size limit in a child process
(``tests.disk.on_a_full_disk``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database
from tests.disk import on_a_full_disk
from tests.integration.test_failure_injection import FORBIDDEN

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")


@pytest.fixture
def book(db: Database, db_path: Path, customer_id: int) -> Path:
    """A closed book with one customer and a note."""
    db.close()
    words = "asks for the green tea each spring"
    assert main(["note", "add", str(customer_id), words, "--db", str(db_path)]) == 0
    return db_path


def _full(*args: str) -> tuple[int, str, str]:
    code, out, err = on_a_full_disk(*args)
    for word in FORBIDDEN:
        assert word not in err, err
    return code, out, err


def _told_full(err: str, book: Path) -> None:
    """Told the book cannot grow where it is (as a full disk, or as a limit on the size of
    files when the disk has room: this one is a limit on file size), never as damage."""
    assert f"in the folder '{book.parent}' (" in err
    assert "Free some space" in err and "damaged" not in err


def test_a_sound_book_is_checked_and_read_on_a_full_disk(book: Path, customer_id: int) -> None:
    db = ["--db", str(book)]
    for _twice in range(2):  # the second time, SQLite's failed try left files beside it
        code, out, err = _full("check", *db)
        assert code == 0 and f"ok: no problems in '{book}'" in out
        _told_full(err, book)
        code, out, err = _full("card", str(customer_id), *db)
        assert code == 0 and "green tea" in out
        _told_full(err, book)
    code, out, err = _full("note", "list", str(customer_id), *db)
    assert code == 0 and "green tea" in out


def test_a_damaged_book_is_still_called_damaged_on_a_full_disk(
    book: Path, customer_id: int
) -> None:
    with book.open("r+b") as fh:
        fh.truncate(book.stat().st_size - 8192)
    db = ["--db", str(book)]
    code, out, err = _full("check", *db)
    assert code == 1 and "[integrity]" in out and "the file is damaged" in out
    code, out, err = _full("card", str(customer_id), *db)
    assert code == 1 and "is damaged" in err and "green tea" not in out


_WINDOW_START = """
import resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (10_000, 10_000))
from sqlalchemy import select
from app.feed import commits_for
from app.models import Note
from app.safety.startup import open_for_window
database = open_for_window(Path(sys.argv[1]))
commits_for(database).close()
with database.reading() as session:
    print(session.scalars(select(Note.body)).one())
print(database.disk_full, file=sys.stderr)
print(0, file=sys.stderr)
"""


def test_the_window_reads_a_sound_book_on_a_full_disk_and_knows_why_it_cannot_save(
    book: Path,
) -> None:
    code, out, err = on_a_full_disk(str(book), script=_WINDOW_START)
    assert code == 0 and "green tea" in out
    assert err.startswith("Nothing was written: ")
    _told_full(err, book)
