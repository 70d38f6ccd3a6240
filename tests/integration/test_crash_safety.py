"""Crash safety with real processes: SIGKILL a writer or a backup at random moments.

A child process adds notes in a loop and prints each note's id and body only after its
commit returned; whatever it printed must survive a SIGKILL byte for byte, and the file
must pass ``integrity_check``. Backups taken while it writes must all be valid, and a
killed backup must leave the earlier ones untouched and no half-written file under a
backup name. Children are started one ahead, so their start-up overlaps the previous run.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.backup import verify
from app.db import Database
from app.models import Note
from app.safety.backups import backup_to, list_backups, take_backup

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

ROOT = Path(__file__).resolve().parents[2]
KILLS = 16

WRITER = """
import json, os, sys
from app.db import Database
from app.models import Note
database = Database(sys.argv[1])
customer = int(sys.argv[2])
sys.stdin.readline()
n = 0
while True:
    n += 1
    body = f"note {n} from {os.getpid()}: Zoë’s ✓ " + os.urandom(12).hex() + "\\n" * (n % 3)
    with database.session() as session:
        note = Note(customer_id=customer, body=body)
        session.add(note)
        session.flush()
        note_id = note.id
    print(json.dumps([note_id, body]), flush=True)
"""

BACKER = """
import sys
from datetime import datetime
from pathlib import Path
from app.safety.backups import take_backup
print("start", flush=True)
take_backup(Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2]))
print("done", flush=True)
"""


def _spawn(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


class Writer:
    """One writer child: started early, told to go, read line by line, then killed."""

    def __init__(self, db_path: Path, customer_id: int) -> None:
        self.proc = _spawn(WRITER, str(db_path), str(customer_id))
        self.recorded: dict[int, str] = {}

    def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def read(self, count: int) -> None:
        """Wait for ``count`` more committed notes."""
        assert self.proc.stdout is not None
        for _ in range(count):
            line = self.proc.stdout.readline()
            assert line.endswith("\n"), f"writer stopped: {self.proc.poll()}"
            self._record(line)

    def kill(self) -> None:
        """SIGKILL, then take every complete line it printed before dying."""
        self.proc.send_signal(signal.SIGKILL)
        assert self.proc.stdout is not None
        rest = self.proc.stdout.read()
        self.proc.wait()
        assert self.proc.returncode == -signal.SIGKILL
        for line in rest.splitlines(keepends=True):
            if line.endswith("\n"):
                self._record(line)

    def _record(self, line: str) -> None:
        note_id, body = json.loads(line)
        self.recorded[note_id] = body


def _assert_intact(path: Path, recorded: dict[int, str]) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = dict(conn.execute("SELECT id, CAST(body AS BLOB) FROM note").fetchall())
    finally:
        conn.close()
    missing = [i for i in recorded if i not in stored]
    assert not missing, f"committed notes lost: {missing[:5]}"
    changed = [i for i, body in recorded.items() if stored[i] != body.encode("utf-8")]
    assert not changed, f"notes changed: {changed[:5]}"


def test_killed_writers_never_lose_a_committed_note(db_path: Path, customer_id: int) -> None:
    rng = random.Random()
    recorded: dict[int, str] = {}
    upcoming = Writer(db_path, customer_id)
    for kill in range(KILLS):
        writer, upcoming = upcoming, Writer(db_path, customer_id)
        writer.go()
        writer.read(rng.randint(1, 6))
        writer.kill()
        recorded.update(writer.recorded)
        assert writer.recorded, f"kill {kill}: the writer committed nothing"
        _assert_intact(db_path, recorded)
    upcoming.kill()
    assert len(recorded) >= KILLS


def test_backups_taken_while_another_process_writes_are_valid(
    db_path: Path, customer_id: int, tmp_path: Path
) -> None:
    writer = Writer(db_path, customer_id)
    writer.go()
    now = datetime(2026, 11, 23, 9, 0)
    try:
        for round_ in range(4):
            writer.read(3)
            before = dict(writer.recorded)
            named = take_backup(db_path, now + timedelta(days=round_))
            writer.read(1)
            before_out = dict(writer.recorded)
            out = backup_to(db_path, tmp_path / f"copy-{round_}.db")
            for path, committed in ((named.path, before), (out, before_out)):
                verify(path)
                _assert_intact(path, committed)
    finally:
        writer.kill()
    assert len(list_backups(db_path)) == 4
    _assert_intact(db_path, writer.recorded)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_killed_backup_leaves_earlier_backups_and_no_partial_file(
    db_path: Path, customer_id: int
) -> None:
    rng = random.Random()
    database = Database(str(db_path))
    with database.session() as session:
        session.add_all(
            Note(customer_id=customer_id, body=os.urandom(2000).hex()) for _ in range(1500)
        )
    now = datetime(2026, 11, 23, 9, 0)
    take_backup(db_path, now)
    for attempt in range(1, 6):
        with database.session() as session:
            session.add(Note(customer_id=customer_id, body=f"more {attempt}"))
        earlier = list_backups(db_path)
        before = {b.path: _sha(b.path) for b in earlier}
        child = _spawn(BACKER, str(db_path), (now + timedelta(minutes=attempt)).isoformat())
        assert child.stdout is not None
        assert child.stdout.readline() == "start\n"
        try:
            child.wait(timeout=rng.uniform(0.0, 0.15))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
        child.stdout.close()
        assert child.stdin is not None
        child.stdin.close()
        after = list_backups(db_path)
        newest = earlier[0].path
        assert newest.exists() and _sha(newest) == before[newest], f"attempt {attempt}"
        for path, digest in before.items():
            assert not path.exists() or _sha(path) == digest, f"attempt {attempt} harmed {path}"
        for backup in after:
            verify(backup.path)
        named = {b.path for b in after}
        for path in db_path.parent.joinpath("backups").iterdir():
            assert path in named or path.name.startswith(f".{db_path.stem}-pending-")
    database.close()
