"""The people behind the counter; only a slow salted hash of a PIN is ever stored."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import NEVER_REUSED, Base, utcnow
from app.models.enums import StaffRole, enum_column


class Staff(Base):
    """A clerk or owner; notes and prompt outcomes name their author."""

    __tablename__ = "staff"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[StaffRole] = mapped_column(
        enum_column(StaffRole, "staff_role"), default=StaffRole.CLERK
    )
    pin_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
