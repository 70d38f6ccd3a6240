"""Nothing acknowledged is ever lost, tried the way a busy shop and a hostile disk would.

Real processes and real files: restores and erasures killed with SIGKILL at random
moments, up to ten command lines adding notes at once, a disk that fills up, a folder that
is read-only, a damaged file, an id freed and a backup restored, and a restore in the
middle of a script adding notes. Whatever a command acknowledged is found afterwards (in
the live book, or in the copy a restore set aside), the file passes ``integrity_check``,
and no output holds a traceback or "database is locked".
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from app.customers import NewCustomer, add_customer
from app.db import Database, open_database
from app.models import Customer, Note
from app.notes import load_drafts
from app.paths import data_dir
from app.safety.backups import list_backups, take_backup
from app.safety.forget import forget_customer, read_ledger_file
from tests.disk import writes_refused_in
from tests.owner import protect
from tests.processes import run_at_once

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL and fork")

ROOT = Path(__file__).resolve().parents[2]
KILLS = 8
FORBIDDEN = ("Traceback", "database is locked")


def _clean(*outputs: str) -> None:
    for output in outputs:
        for word in FORBIDDEN:
            assert word not in output, output


def _intact(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return conn


def _first_names(path: Path) -> set[str]:
    conn = _intact(path)
    try:
        return {name for (name,) in conn.execute("SELECT first_name FROM customer")}
    finally:
        conn.close()


def _shop(db: Database, names: list[str]) -> dict[str, int]:
    ids = {name: add_customer(db, NewCustomer(first_name=name, last_name="Shop")) for name in names}
    with db.session() as session:
        session.add_all(Note(customer_id=i, body=f"{name}'s secret") for name, i in ids.items())
    return ids


_READY_THEN_RUN = """
import sys
from app.cli import main
print("ready", flush=True)
sys.exit(main(sys.argv[1:]))
"""


def _run_killed(args: list[str], after: float | None) -> tuple[int, str]:
    """Run a command in a child process; once it has started (imports done), SIGKILL it
    ``after`` seconds later unless it finished first (``None``: let it finish)."""
    child = subprocess.Popen(
        [sys.executable, "-c", _READY_THEN_RUN, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    try:
        child.wait(timeout=after)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
    _, err = child.communicate()
    return child.returncode, err


def _timed(args: list[str]) -> float:
    started = time.monotonic()
    code, err = _run_killed(args, None)
    assert code == 0, err
    return time.monotonic() - started


def test_a_restore_killed_at_any_moment_leaves_one_whole_book_without_the_forgotten(
    db: Database, db_path: Path
) -> None:
    ids = _shop(db, ["Gone", "Stays"])
    older = take_backup(db_path).path
    forget_customer(db, ids["Gone"])
    add_customer(db, NewCustomer(first_name="Later", last_name="Shop"))
    newer = take_backup(db_path).path
    db.close()
    books = {older: {"Stays"}, newer: {"Stays", "Later"}}
    span = _timed(["restore", str(newer), "--yes", "--db", str(db_path)])
    rng = random.Random()
    codes = set()
    for _ in range(KILLS):
        names = _first_names(db_path)
        source = older if names == books[newer] else newer
        code, err = _run_killed(
            ["restore", str(source), "--yes", "--db", str(db_path)], rng.uniform(0, span * 1.2)
        )
        _clean(err)
        assert _first_names(db_path) in books.values()
        kept = [b.path for b in list_backups(db_path) if b.before == "restore"]
        assert any("Later" in _first_names(path) for path in [db_path, *kept])
        codes.add(code)
    assert -signal.SIGKILL in codes
    restored = [b.path for b in list_backups(db_path) if b.before == "restore"]
    assert restored and all("Gone" not in _first_names(path) for path in restored)


def test_a_forget_killed_at_any_moment_erases_all_of_them_or_nothing(
    db: Database, db_path: Path
) -> None:
    names = [f"Person{n}" for n in range(KILLS + 1)]
    ids = _shop(db, names)
    with db.reading() as session:
        keys = {c.id: c.key for c in session.query(Customer)}
    db.close()
    rng = random.Random()
    span = _timed(["customer", "forget", str(ids.pop(names[0])), "--yes", "--db", str(db_path)])
    codes = set()
    for name, customer in ids.items():
        code, err = _run_killed(
            ["customer", "forget", str(customer), "--yes", "--db", str(db_path)],
            rng.uniform(0, span * 1.2),
        )
        codes.add(code)
        _clean(err)
        conn = _intact(db_path)
        try:
            row = conn.execute("SELECT 1 FROM customer WHERE id = ?", (customer,)).fetchone()
            notes = conn.execute(
                "SELECT count(*) FROM note WHERE customer_id = ?", (customer,)
            ).fetchone()
        finally:
            conn.close()
        ledger = {entry.get("key") for entry in read_ledger_file(db_path)}
        if row is None:
            assert notes == (0,) and keys[customer] in ledger, f"{name} erased, not recorded"
        else:
            assert notes == (1,) and keys[customer] not in ledger, f"{name} half-erased"
            assert code == -signal.SIGKILL
    assert -signal.SIGKILL in codes


_NOTE_ADDER = """
import json, sys
from app.cli import main
db, customer, who, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
for n in range(count):
    code = main(["note", "add", customer, f"{who} note {n}", "--db", db])
    print(json.dumps([code, f"{who} note {n}"]), flush=True)
"""


@pytest.mark.parametrize("writers", [2, 10])
def test_concurrent_command_lines_adding_notes_all_land(
    db_path: Path, customer_id: int, writers: int
) -> None:
    count = 3
    commands = [
        [sys.executable, "-c", _NOTE_ADDER, str(db_path), str(customer_id), f"w{w}", str(count)]
        for w in range(writers)
    ]
    acknowledged = []
    for returncode, out, err in run_at_once(commands, timeout=240, cwd=ROOT):
        _clean(out, err)
        assert returncode == 0, err
        for line in out.splitlines():
            if line.startswith("["):
                code, body = json.loads(line)
                assert code == 0, err
                acknowledged.append(body)
    assert len(acknowledged) == writers * count
    conn = _intact(db_path)
    try:
        stored = {body for (body,) in conn.execute("SELECT body FROM note")}
    finally:
        conn.close()
    assert set(acknowledged) <= stored


_FULL_DISK = """
import json, os, resource, signal, sys
from app.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))
for n in range(20):
    body = f"note {n} " + os.urandom(5_000).hex()
    code = main(["note", "add", sys.argv[2], body, "--db", sys.argv[1]])
    print(json.dumps([code, body]), flush=True)
    if code:
        break
"""


def test_a_full_disk_is_told_plainly_and_nothing_is_half_written(
    db_path: Path, customer_id: int
) -> None:
    """Files may not grow past 150 kB (as if the disk were full): the notes acknowledged
    before stay, the one that did not fit is refused whole, in plain words."""
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(db_path), str(customer_id)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    _clean(done.stdout, done.stderr)
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("[")]
    acknowledged = [body for code, body in results if code == 0]
    refused = [body for code, body in results if code != 0]
    assert acknowledged and len(refused) == 1 and results[-1][0] == 1, done.stderr
    assert "Nothing was written" in done.stderr
    assert str(db_path.parent) in done.stderr and "free" in done.stderr
    assert (
        main(["note", "add", str(customer_id), "after the disk was freed", "--db", str(db_path)])
        == 0
    )
    conn = _intact(db_path)
    try:
        bodies = {body for (body,) in conn.execute("SELECT body FROM note")}
    finally:
        conn.close()
    assert bodies == {*acknowledged, "after the disk was freed"}


def test_no_space_for_a_backup_names_the_folder_and_its_free_space(
    db_path: Path,
    customer_id: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("app.backup.os.fsync", full)
    assert main(["backup", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    _clean(err)
    assert "the disk is full" in err and "backups" in err and "free" in err
    assert list_backups(db_path) == []
    assert not list((db_path.parent / "backups").glob("*.partial"))


def test_a_read_only_folder_is_told_plainly(
    db_path: Path,
    customer_id: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    real_open = os.open

    def read_only(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if str(path).endswith(".lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    db_path.with_name(db_path.name + ".lock").unlink()
    monkeypatch.setattr("app.writelock.os.open", read_only)
    assert main(["note", "add", str(customer_id), "nowhere to go", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    _clean(err)
    assert str(db_path.parent) in err and "Nothing was written" in err


@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root writes anywhere")
def test_a_folder_made_read_only_refuses_writes_plainly(db_path: Path, customer_id: int) -> None:
    db_path.parent.chmod(0o555)
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "note",
                "add",
                str(customer_id),
                "x",
                "--db",
                str(db_path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        db_path.parent.chmod(0o755)
    _clean(done.stderr)
    assert done.returncode == 1
    assert str(db_path.parent) in done.stderr


def beside(path: Path) -> set[str]:
    """The ``-wal`` and ``-shm`` files SQLite has left beside ``path``."""
    return {side for side in ("-wal", "-shm") if path.with_name(path.name + side).exists()}


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2 : page * 3] = b"\xa5" * page
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_refused_by_every_writer(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _shop(db, [f"Filler{n}" for n in range(40)])
    db.close()
    _damage(db_path)
    before = db_path.read_bytes()
    sheet = tmp_path / "customers.csv"
    sheet.write_text("customer_ref,first_name,last_name\nr1,New,Person\n", encoding="utf-8")
    commands = [
        ["note", "add", "1", "into a damaged file?"],
        ["customer", "add", "--first", "Into", "--last", "Damage"],
        ["import", str(sheet)],
        ["products", "kind", "Kayaks", "durable"],
        ["customer", "forget", "1", "--yes"],
        ["backup"],
        ["note", "edit", "1", "a new wording?"],
        ["customer", "edit", "1", "--first", "Renamed"],
        ["customer", "archive", "1"],
        ["customer", "merge", "1", "2", "--yes"],
        ["staff", "add", "Dana"],
    ]
    for command in commands:
        assert main([*command, "--db", str(db_path)]) == 1, command
        err = capsys.readouterr().err
        _clean(err)
        assert "damaged" in err or "integrity" in err, (command, err)
        assert db_path.read_bytes() == before, command
        assert beside(db_path) == set(), command


_SCRIPT = """
import json, sys
from app.db import Database
from app.models import Note
database = Database(sys.argv[1])
customer = int(sys.argv[2])
n = 0
while True:
    n += 1
    body = f"script note {n}"
    with database.session() as session:
        note = Note(customer_id=customer, body=body)
        session.add(note)
    print(body, flush=True)
"""


def test_a_restore_while_a_script_adds_notes_loses_no_acknowledged_note(
    db_path: Path, customer_id: int
) -> None:
    older = take_backup(db_path).path
    script = subprocess.Popen(
        [sys.executable, "-c", _SCRIPT, str(db_path), str(customer_id)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acknowledged: list[str] = []
    assert script.stdout is not None
    try:
        for _ in range(3):
            acknowledged.extend(script.stdout.readline().strip() for _ in range(5))
            assert main(["restore", str(older), "--yes", "--db", str(db_path)]) == 0
        acknowledged.extend(script.stdout.readline().strip() for _ in range(5))
    finally:
        script.kill()
        script.wait()
    rest = script.stdout.read()
    acknowledged.extend(
        line.strip() for line in rest.splitlines(keepends=True) if line.endswith("\n")
    )
    assert script.stderr is not None
    _clean(script.stderr.read())
    found: set[str] = set()
    for path in [db_path, *(b.path for b in list_backups(db_path) if b.before == "restore")]:
        conn = _intact(path)
        try:
            found |= {body for (body,) in conn.execute("SELECT body FROM note")}
        finally:
            conn.close()
    missing = [body for body in acknowledged if body not in found]
    assert not missing, missing
    assert len(acknowledged) >= 20


def test_an_id_freed_by_forget_is_never_handed_out_again_nor_its_newcomer_erased(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _shop(db, ["Early", "Newest"])
    db.close()
    assert main(["customer", "forget", str(ids["Newest"]), "--yes", "--db", str(db_path)]) == 0
    assert (
        main(
            ["--json", "customer", "add", "--first", "Nadia", "--last", "New", "--db", str(db_path)]
        )
        == 0
    )
    capsys.readouterr()
    with open_database(str(db_path)) as database, database.reading() as session:
        newcomer = session.query(Customer).filter(Customer.first_name == "Nadia").one().id
    assert newcomer > ids["Newest"]
    backup = take_backup(db_path).path
    assert main(["restore", str(backup), "--yes", "--db", str(db_path)]) == 0
    names = _first_names(db_path)
    assert names == {"Early", "Nadia"}


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC, errno.EIO])
def test_a_note_the_book_cannot_take_is_kept_as_a_draft_elsewhere(
    db_path: Path,
    customer_id: int,
    capsys: pytest.CaptureFixture[str],
    code: int,
) -> None:
    words = "Her knee surgery is on Friday; ask how it went"
    with writes_refused_in(db_path.parent, code):
        assert main(["note", "add", str(customer_id), words, "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    _clean(err)
    (draft,) = load_drafts(db_path)
    assert draft.text == words and draft.customer_id == customer_id
    (kept,) = data_dir().glob("drafts/*/customer-*.json")
    assert f"'{db_path.parent}'" in err and "free" in err and str(kept) in err
    assert "Nothing was written" in err


def test_an_edit_or_a_customer_the_book_cannot_take_is_kept_too(
    db_path: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(db_path)]
    assert main(["note", "add", str(customer_id), "first wording", *db]) == 0
    with writes_refused_in(db_path.parent, errno.ENOSPC):
        assert main(["note", "edit", "1", "the second wording", *db]) == 1
        assert main(["customer", "add", "--first", "Ines", "--last", "Duarte", *db]) == 1
    err = capsys.readouterr().err
    _clean(err)
    assert [(d.text, d.edit) for d in load_drafts(db_path)] == [("the second wording", (1, 1))]
    (kept,) = data_dir().glob("kept/customer-*.txt")
    assert str(kept) in err and "Ines" in kept.read_text(encoding="utf-8")
    assert err.count("the disk is full") == 2


def test_two_refused_notes_for_one_customer_are_both_kept(
    db_path: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(db_path)]
    with writes_refused_in(db_path.parent, errno.EIO):
        assert main(["note", "add", str(customer_id), "first thing to remember", *db]) == 1
        assert main(["note", "add", str(customer_id), "second thing", *db]) == 1
    _clean(capsys.readouterr().err)
    drafts = load_drafts(db_path)
    assert sorted(d.text for d in drafts) == ["first thing to remember", "second thing"]
    assert all(d.refused is not None for d in drafts)


def test_refused_private_and_plain_notes_are_each_kept_as_private_as_they_were(
    db_path: Path, customer_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(str(db_path))
    owner = protect(database).access
    database.close()
    db = ["--db", str(db_path)]
    with writes_refused_in(db_path.parent, errno.ENOSPC):
        for words, private in (("secret a", True), ("plain b", False), ("secret c", True)):
            flags = ["--private"] if private else []
            assert main(["note", "add", str(customer_id), words, *flags, *db]) == 1
    _clean(capsys.readouterr().err)
    assert [(d.text, d.private) for d in load_drafts(db_path)] == [("plain b", False)]
    kept = sorted((d.text, d.private) for d in load_drafts(db_path, access=owner))
    assert kept == [("plain b", False), ("secret a", True), ("secret c", True)]
    for path in db_path.parent.rglob("customer-*.json"):
        assert b"secret" not in path.read_bytes()
