"""Twelve wrong passphrases sent at once from twelve processes: every one is counted,
every one gets a plain answer (no traceback, no "database is locked"), none gets in."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.db import Database
from app.models import Customer
from app.safety.owner_secret import MAX_FAILURES, lockout
from tests.owner import protect
from tests.processes import run_at_once

GUESSES = 12


def test_twelve_parallel_wrong_guesses_are_all_counted_and_answered(
    db: Database, db_path: Path
) -> None:
    with db.session() as session:
        session.add(Customer(first_name="Ada", last_name="Private"))
    protect(db)
    env = {**os.environ, "REGULARS_OWNER_PIN": "not the passphrase"}
    command = [sys.executable, "-m", "app", "card", "1", "--owner", "--db", str(db_path)]
    answers = run_at_once([command] * GUESSES, timeout=120, env=env)
    for code, out, err in answers:
        assert code == 1, err
        assert out == ""
        assert "Traceback" not in err and "database is locked" not in err
        assert err.splitlines()[-1].startswith("regulars: error: ")
        assert "Wrong passphrase" in err or "locked for another" in err
    state = lockout(db)
    assert state.guesses == GUESSES
    assert state.failures == MAX_FAILURES
    assert state.locked_until is not None
    assert sum("Wrong passphrase" in err for _, _, err in answers) == MAX_FAILURES
