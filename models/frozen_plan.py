"""#22: the table of frozen plans (`models.frozen` makes and reads them). Named in `models.entities`
with every table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class FrozenPlan(Base):
    """The plan as it stood when a period was closed; version 1 at the first closing, 2 after a
    reopening and closing again, and so on. Only the newest version is read."""

    __tablename__ = "frozen_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    rows: Mapped[dict[str, Any]] = mapped_column(JSON)  # table name -> list of rows (column -> JSON)

    __table_args__ = (UniqueConstraint("period_id", "version"),)
