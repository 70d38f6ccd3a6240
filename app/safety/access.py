"""Owner mode behind a PIN: private notes, exports and erasure are not for the register.

The PIN is kept only as a salted, deliberately slow scrypt hash in the ``setting`` table
(key ``owner_pin``), so a copied database file does not give the PIN away and guessing
it offline is expensive. Wrong guesses are counted in the same table (``owner_pin_lockout``)
so that five of them lock owner mode for a minute even across restarts of the app. Time
is always passed in, so the lockout and the idle drop back to clerk mode are testable
without waiting.

Without a PIN there is nothing to lock: owner mode is open to whoever asks, as before the
owner chose to protect it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import RegularsError
from app.models import Setting

PIN_SETTING = "owner_pin"
LOCKOUT_SETTING = "owner_pin_lockout"
MAX_FAILURES = 5
LOCKOUT = timedelta(seconds=60)
IDLE_MINUTES = 5.0
PIN_LENGTHS = range(4, 13)
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SALT_BYTES = 16
_HASH_BYTES = 32


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str, *, n: int = _SCRYPT_N, r: int = _SCRYPT_R, p: int = _SCRYPT_P) -> str:
    """``scrypt$n$r$p$salt$hash`` with a fresh random salt; the cost travels with the hash
    so a later, costlier setting still checks PINs stored under the old one."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=_HASH_BYTES)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def pin_matches(pin: str, encoded: str) -> bool:
    """Compare in constant time; a stored value that cannot be read matches nothing."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = hashlib.scrypt(
            pin.encode(),
            salt=base64.b64decode(salt, validate=True),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _check_format(pin: str) -> None:
    if not (pin.isascii() and pin.isdigit() and len(pin) in PIN_LENGTHS):
        raise RegularsError(
            f"The owner PIN must be {PIN_LENGTHS.start} to {PIN_LENGTHS.stop - 1} digits."
        )


def _get(session: Session, key: str) -> str | None:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def _put(session: Session, key: str, value: str | None) -> None:
    row = session.get(Setting, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def pin_is_set(database: Database) -> bool:
    """Whether owner mode is protected at all."""
    with database.session() as session:
        return _get(session, PIN_SETTING) is not None


def _lockout_state(session: Session) -> tuple[int, datetime | None]:
    raw = _get(session, LOCKOUT_SETTING)
    if raw is None:
        return 0, None
    try:
        state = json.loads(raw)
        until = state.get("locked_until")
        return int(state.get("failures", 0)), datetime.fromisoformat(until) if until else None
    except (ValueError, TypeError, AttributeError):
        return MAX_FAILURES, None


def _refuse_if_locked(locked_until: datetime | None, now: datetime) -> None:
    if locked_until is not None and now < locked_until:
        seconds = max(1, round((locked_until - now).total_seconds()))
        raise RegularsError(
            f"Too many wrong PINs: owner mode is locked for another {seconds} s. "
            "Wait, then try again."
        )


def verify_owner_pin(database: Database, pin: str, *, now: datetime | None = None) -> bool:
    """True for the right PIN. Every wrong one is counted; the fifth in a row locks owner
    mode for a minute, during which even the right PIN is refused (RegularsError), so the
    PIN cannot be found by trying all of them at the register. ``now`` without a time zone
    is taken as UTC."""
    now = now or _utc_now()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    with database.session() as session:
        stored = _get(session, PIN_SETTING)
        if stored is None:
            raise RegularsError(
                "No owner PIN is set yet; set one with 'regulars owner set-pin' first."
            )
        failures, locked_until = _lockout_state(session)
        _refuse_if_locked(locked_until, now)
        if locked_until is not None:
            failures = 0
        if pin_matches(pin, stored):
            _put(session, LOCKOUT_SETTING, None)
            return True
        failures += 1
        until = now + LOCKOUT if failures >= MAX_FAILURES else None
        _put(
            session,
            LOCKOUT_SETTING,
            json.dumps(
                {"failures": failures, "locked_until": until.isoformat() if until else None}
            ),
        )
        return False


def set_owner_pin(
    database: Database, pin: str, *, current_pin: str | None = None, now: datetime | None = None
) -> None:
    """Set the owner PIN, or change it given the current one (checked like any other
    attempt, so changing the PIN is no way around the lockout)."""
    _check_format(pin)
    if pin_is_set(database):
        if current_pin is None:
            raise RegularsError("An owner PIN is already set; give the current PIN to change it.")
        if not verify_owner_pin(database, current_pin, now=now):
            raise RegularsError("The current owner PIN is wrong; the PIN was not changed.")
    encoded = hash_pin(pin)
    with database.session() as session:
        _put(session, PIN_SETTING, encoded)
        _put(session, LOCKOUT_SETTING, None)


class OwnerSession:
    """Who is at the keyboard: owner mode from a verified PIN until the owner drops it or
    leaves the app idle for ``idle_minutes``, then clerk mode again, so private notes are
    not left on screen for the next customer at the counter."""

    def __init__(
        self, *, idle_minutes: float = IDLE_MINUTES, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        self.idle = timedelta(minutes=idle_minutes)
        self._clock = clock
        self.started_at: datetime | None = None
        self._last_activity: datetime | None = None

    def enter(self) -> None:
        """Owner mode begins now (call only after the PIN was verified)."""
        self.started_at = self._last_activity = self._clock()

    def touch(self) -> None:
        """Activity: owner mode lasts another ``idle`` from now (if it has not lapsed)."""
        if self.is_owner:
            self._last_activity = self._clock()

    def drop(self) -> None:
        """Back to clerk mode at once."""
        self.started_at = self._last_activity = None

    @property
    def is_owner(self) -> bool:
        """Owner mode, unless it has been idle too long (then it is dropped here)."""
        if self._last_activity is None:
            return False
        if self._clock() - self._last_activity >= self.idle:
            self.drop()
            return False
        return True

    def idle_left(self) -> timedelta:
        """How long until owner mode lapses without activity (zero in clerk mode)."""
        if not self.is_owner or self._last_activity is None:
            return timedelta(0)
        return self.idle - (self._clock() - self._last_activity)
