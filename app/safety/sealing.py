"""The cryptography behind private notes, all done by PyNaCl (libsodium).

A private note is sealed to the owner's public key with a sealed box (X25519 +
XSalsa20-Poly1305): the register can write one, but only the private key opens it. The
private key is kept wrapped (SecretBox) under a key derived by argon2id from the owner's
passphrase, and a second time under the recovery code shown once at setup. Without the
passphrase and the recovery code nobody, Regulars included, can open a sealed note.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox

from app.errors import RegularsError
from app.i18n import _

MIN_PASSPHRASE = 8
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I to misread on paper."""
RECOVERY_GROUPS = 5
RECOVERY_GROUP_CHARS = 5
_PASSPHRASE_COST = (
    nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE,
    nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE,
)
_RECOVERY_COST = (nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)
"""A recovery code holds 125 random bits; guessing it needs no slow hash to be hopeless."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True, eq=False, repr=False)
class OwnerKey:
    """The unlocked private key, held in memory only for as long as owner mode lasts."""

    _key: PrivateKey

    def open(self, sealed: bytes) -> str:
        """The text of something sealed to this key; a damaged or foreign seal is refused."""
        try:
            return SealedBox(self._key).decrypt(sealed).decode("utf-8")
        except (nacl.exceptions.CryptoError, UnicodeDecodeError):
            raise RegularsError(
                _(
                    "A private note could not be opened with the owner's key; it is damaged or "
                    "was sealed for another shop's key."
                )
            ) from None

    def open_bytes(self, sealed: bytes) -> bytes:
        """The bytes of something sealed to this key (a sealed server backup); a damaged or
        foreign seal is refused."""
        try:
            return bytes(SealedBox(self._key).decrypt(sealed))
        except nacl.exceptions.CryptoError:
            raise RegularsError(
                _(
                    "The backup could not be opened with the owner's key; it is damaged or was "
                    "sealed for another shop's key."
                )
            ) from None

    @property
    def public(self) -> bytes:
        """The public half, which seals text for this key."""
        return bytes(self._key.public_key)


def new_key() -> OwnerKey:
    """A fresh key pair for a shop that sets its secret for the first time."""
    return OwnerKey(PrivateKey.generate())


def seal(public_key: bytes, text: str) -> bytes:
    """``text`` sealed so that only the holder of the matching private key reads it."""
    return seal_bytes(public_key, text.encode("utf-8"))


def seal_bytes(public_key: bytes, data: bytes) -> bytes:
    """``data`` sealed so that only the holder of the matching private key reads it."""
    return bytes(SealedBox(PublicKey(public_key)).encrypt(data))


def check_passphrase(passphrase: str) -> str:
    """A passphrase long enough to stand up to guessing; surrounding blanks are kept."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise RegularsError(
            _(
                "The owner's passphrase needs at least {min_passphrase} characters; a few "
                "words are easier to remember than a short code."
            ).format(min_passphrase=MIN_PASSPHRASE)
        )
    return passphrase


def new_recovery_code() -> str:
    """``ABCDE-FGHJK-…``: shown once at setup, to be written down and kept away from the till."""
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_CHARS))
        for _ in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def _recovery_form(code: str) -> str:
    """A recovery code as typed back: any case, dashes and spaces ignored."""
    return "".join(c for c in code.upper() if c.isalnum())


def _wrap(key: OwnerKey, secret: str, cost: tuple[int, int]) -> str:
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    ops, mem = cost
    wrapping = nacl.pwhash.argon2id.kdf(
        nacl.secret.SecretBox.KEY_SIZE, secret.encode("utf-8"), salt, opslimit=ops, memlimit=mem
    )
    box = nacl.secret.SecretBox(wrapping).encrypt(bytes(key._key))
    return json.dumps(
        {"kdf": "argon2id", "ops": ops, "mem": mem, "salt": _b64(salt), "box": _b64(bytes(box))}
    )


def _unwrap(wrapped: str, secret: str) -> OwnerKey | None:
    try:
        record = json.loads(wrapped)
        if record["kdf"] != "argon2id":
            return None
        wrapping = nacl.pwhash.argon2id.kdf(
            nacl.secret.SecretBox.KEY_SIZE,
            secret.encode("utf-8"),
            base64.b64decode(record["salt"]),
            opslimit=int(record["ops"]),
            memlimit=int(record["mem"]),
        )
        raw = nacl.secret.SecretBox(wrapping).decrypt(base64.b64decode(record["box"]))
    except nacl.exceptions.CryptoError:
        return None
    except (ValueError, KeyError, TypeError):
        raise RegularsError(
            _(
                "The owner's secret stored in this database is damaged; private notes cannot "
                "be opened. Restore a backup taken before the damage."
            )
        ) from None
    return OwnerKey(PrivateKey(raw))


def wrap_with_passphrase(key: OwnerKey, passphrase: str) -> str:
    """The private key wrapped under the passphrase (argon2id, 64 MiB), as stored JSON."""
    return _wrap(key, check_passphrase(passphrase), _PASSPHRASE_COST)


def wrap_with_recovery_code(key: OwnerKey, code: str) -> str:
    """The private key wrapped under the recovery code, as stored JSON."""
    return _wrap(key, _recovery_form(code), _RECOVERY_COST)


def unwrap(passphrase_wrap: str | None, recovery_wrap: str | None, secret: str) -> OwnerKey | None:
    """The private key if ``secret`` is the passphrase or the recovery code, else None."""
    if recovery_wrap is not None and len(_recovery_form(secret)) == (
        RECOVERY_GROUPS * RECOVERY_GROUP_CHARS
    ):
        key = _unwrap(recovery_wrap, _recovery_form(secret))
        if key is not None:
            return key
    if passphrase_wrap is None:
        return None
    return _unwrap(passphrase_wrap, secret)
