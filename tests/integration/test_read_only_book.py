"""A book in a folder its user may not write to, on the command line, as a real user
without that permission (root, who may write anywhere, runs the commands as ``nobody``):
search, card and Today read it; every write is refused in one plain line, exit 1; the
words of a refused note are kept as a draft in the user data folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.notes import load_drafts
from tests.integration.test_failure_injection import FORBIDDEN

ROOT = Path(__file__).resolve().parents[2]
AS_ROOT = os.name == "posix" and os.geteuid() == 0
pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions"),
    pytest.mark.skipif(AS_ROOT and not shutil.which("setpriv"), reason="needs setpriv as root"),
]


@pytest.fixture
def locked_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder (outside pytest's private one, so another user can reach it) holding a
    small book; made read-only once the book is in it."""
    place = Path(tempfile.mkdtemp(prefix="regulars-read-only-"))
    place.chmod(0o755)
    data = place / "data"
    data.mkdir(mode=0o777)
    data.chmod(0o777)
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data))
    book = place / "books"
    book.mkdir()
    try:
        yield book
    finally:
        book.chmod(0o755)
        shutil.rmtree(place)


def _as_reader(*args: str) -> subprocess.CompletedProcess[str]:
    """``regulars ARGS`` as a user who may not write in the book's folder."""
    drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if AS_ROOT else []
    return subprocess.run(
        [*drop, sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_search_card_and_today_read_it_and_every_write_is_refused_plainly(
    locked_folder: Path,
) -> None:
    db_path = locked_folder / "shop.db"
    db = ["--db", str(db_path)]
    assert main(["customer", "add", "--first", "Margaret", "--last", "Okafor", *db]) == 0
    locked_folder.chmod(0o555)
    before = db_path.read_bytes()

    for command, shows in (
        (["search", "margaret"], "Okafor"),
        (["card", "1"], "Margaret Okafor"),
        (["today"], "Today"),
    ):
        done = _as_reader(*command, *db)
        assert done.returncode == 0, (command, done.stderr)
        assert shows in done.stdout, command
    for command in (
        ["note", "add", "1", "Her garden won a prize"],
        ["customer", "add", "--first", "New", "--last", "Person"],
        ["customer", "forget", "1", "--yes"],
        ["products", "kind", "Kayaks", "consumable"],
    ):
        done = _as_reader(*command, *db)
        assert done.returncode == 1, (command, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "read-only" in lines[0] and str(db_path) in lines[0], lines
        assert not any(word in done.stderr for word in FORBIDDEN)
    assert db_path.read_bytes() == before
    assert [d.text for d in load_drafts(db_path)] == ["Her garden won a prize"]
