"""Who is asking (clerk or owner) as a value, owner mode's idle timer, and the old PIN.

Private notes, restore, erasure and personal-data exports are not for the register. The
owner's secret is now a passphrase (``app.safety.owner_secret``); books from before it
may still hold a PIN, kept as a salted, deliberately slow scrypt hash in the ``setting``
table (key ``owner_pin``). It keeps working until the next unlock, which asks for a
passphrase instead. Time is always passed in, so the idle drop back to clerk mode is
testable without waiting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.errors import RegularsError
from app.i18n import _
from app.safety.sealing import OwnerKey
from app.settings import load_settings

PIN_SETTING = "owner_pin"
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
    """How books from before the passphrase stored their PIN (``scrypt$n$r$p$salt$hash``,
    fresh random salt, the cost travelling with the hash); kept so such a book can be
    written again, as the upgrade tests do."""
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


@dataclass(frozen=True)
class Access:
    """Who is asking: the value every service that can return note text is given, so the
    rule "private notes are the owner's" lives in the services, not in each view.

    ``key`` is the unlocked private key (owner mode from the passphrase or recovery code);
    owner mode without it exists only while no passphrase is set (no secret at all, or the
    old PIN, ``pin_only``), when no note is sealed yet."""

    owner: bool = False
    key: OwnerKey | None = None
    pin_only: bool = False

    def read(self, body: str, sealed: bytes | None) -> str:
        """A note's text: plain as stored, or opened with the owner's key."""
        if sealed is None:
            return body
        if self.key is None:
            raise RegularsError(
                _("This private note is sealed; unlock owner mode with the passphrase to read it.")
            )
        return self.key.open(sealed)

    def require_owner(self, what: str) -> None:
        """Refuse ``what`` unless this is the owner, in words that say how to become one."""
        if not self.owner:
            raise RegularsError(
                _(
                    "Only the owner may {what}. Unlock owner mode first (in the window: View ▸ "
                    "Owner mode; on the command line: --owner with the passphrase)."
                ).format(what=_(what))
            )


CLERK = Access()
"""The register: no private note is shown, changed, exported or searched."""

PRIVATE_PLACEHOLDER = "(from a private note)"
"""What a stored copy (a prompt row) says in place of a private note's words."""


class OwnerSession:
    """Who is at the keyboard: owner mode from a verified secret until the owner drops it or
    leaves the app idle for ``idle_minutes`` (the shop's setting unless given), then clerk
    mode again, so private notes are not left on screen for the next customer at the
    counter."""

    def __init__(
        self,
        *,
        idle_minutes: float | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        minutes = load_settings().idle_minutes if idle_minutes is None else idle_minutes
        self.idle = timedelta(minutes=minutes)
        self._clock = clock
        self.started_at: datetime | None = None
        self._last_activity: datetime | None = None

    def enter(self) -> None:
        """Owner mode begins now (call only after the secret was verified)."""
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
