"""The owner's secret: the public key private notes are sealed to, the private key wrapped
twice (by the passphrase, by the recovery code), and the count of wrong guesses."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class OwnerSecret(Base):
    """One row (id 1). Without ``public_key`` no secret is set yet; the lockout columns
    count guesses for the old PIN as well as the passphrase."""

    __tablename__ = "owner_secret"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    passphrase_wrap: Mapped[str | None] = mapped_column(Text)
    recovery_wrap: Mapped[str | None] = mapped_column(Text)
    set_at: Mapped[datetime | None] = mapped_column(DateTime)
    guesses: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
