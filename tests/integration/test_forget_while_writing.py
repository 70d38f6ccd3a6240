"""``customer forget`` while other command lines add notes: it waits its turn for the
write lock and succeeds, and no one's WAL is emptied under another's open connection.

The false "input/output error … backups" came from the checks before a write: Python
opened and closed the book's file itself (to read its header), which drops every POSIX
lock this process's SQLite connections held on it, so another process closing its last
connection took itself for the last one and deleted the WAL the erasure was still
reading.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.cli import main
from app.db import Database, check_file, refuse_if_damaged
from app.safety.forget import read_ledger_file
from tests.integration.test_failure_injection import FORBIDDEN, _intact
from tests.processes import run_at_once

ROOT = Path(__file__).resolve().parents[2]

_WRITE_AND_CLOSE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA user_version = 7")
conn.close()
"""


def test_checking_a_book_keeps_the_locks_of_its_open_connections(
    db: Database, db_path: Path, customer_id: int
) -> None:
    wal = db_path.with_name(db_path.name + "-wal")
    with db.reading() as session:
        session.connection().exec_driver_sql("SELECT count(*) FROM customer").scalar()
    assert wal.exists()
    check_file(db_path)
    refuse_if_damaged(db_path)
    subprocess.run([sys.executable, "-c", _WRITE_AND_CLOSE, str(db_path)], check=True)
    assert wal.exists(), "another process took itself for the last and emptied the WAL"
    with db.reading() as session:
        assert session.connection().exec_driver_sql("PRAGMA user_version").scalar() == 7


_ADDER = """
import sys
from pathlib import Path
from app.cli import main
db, customer, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3])
n = 0
while not stop.exists():
    n += 1
    code = main(["note", "add", customer, f"added while forgetting {n}", "--db", db])
    if code:
        sys.exit(code)
"""

_FORGETTER = """
import sys
from pathlib import Path
from app.cli import main
db, stop, ids = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
try:
    for customer in ids:
        code = main(["customer", "forget", customer, "--yes", "--db", db])
        print(f"forgot {customer}: {code}", flush=True)
finally:
    stop.touch()
"""


def test_forget_waits_for_note_adders_and_succeeds(db_path: Path, customer_id: int) -> None:
    doomed = []
    for n in range(6):
        assert main(["--json", "customer", "add", "--first", f"Gone{n}", "--last", "Soon",
                     "--db", str(db_path)]) == 0  # fmt: skip
        doomed.append(str(customer_id + n + 1))
    stop = db_path.with_name("stop")
    adders = [
        [sys.executable, "-c", _ADDER, str(db_path), str(customer_id), str(stop)] for _ in range(3)
    ]
    forgetter = [sys.executable, "-c", _FORGETTER, str(db_path), str(stop), *doomed]
    answers = run_at_once([forgetter, *adders], timeout=600, cwd=ROOT)
    for code, _out, err in answers:
        for word in (*FORBIDDEN, "input/output", "damaged"):
            assert word not in err, err
        assert code == 0, err
    forgets = [line for line in answers[0][1].splitlines() if line.startswith("forgot ")]
    assert forgets == [f"forgot {customer}: 0" for customer in doomed], answers[0]
    assert {int(e["customer_id"]) for e in read_ledger_file(db_path)} == set(map(int, doomed))
    _intact(db_path).close()
