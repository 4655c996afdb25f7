"""Tables of the LINE-native features (#17): photos sent as evidence for a project's entry, and the
last report file each user asked for (offered first the next time).

`models.entities` names them too, so that importing it registers every table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, UTCDateTime

PHOTO_TYPES = ("image/jpeg", "image/png")
MAX_PHOTO_BYTES = 10_000_000  # LINE's own limit for an image's original
MAX_PHOTOS_PER_ENTRY = 20  # photos per project entry (project, office, period)
# A photo's fetch: waiting (queued or running), stored, refused (its check failed) or failed (LINE).
FETCH_WAITING, FETCH_STORED, FETCH_REFUSED, FETCH_FAILED = "waiting", "stored", "refused", "failed"


class Photo(Base):
    """One photo an office sent for a project in a period (activity evidence for form ตป.๑)."""

    __tablename__ = "photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    line_message_id: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)  # None once retention removed it
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_photo_entry", "project_id", "unit_id", "period_id"),
        Index("ix_photo_line_message_id", "line_message_id", unique=True),
        CheckConstraint("content_type IN ('image/jpeg', 'image/png')", name="photo_type"),
        CheckConstraint(f"size > 0 AND size <= {MAX_PHOTO_BYTES}", name="photo_size"),
    )


class PhotoFetch(Base):
    """A photo an officer sent, recorded by the webhook (which entry it goes to, decided by the
    dialogue at that moment); a queue task fetches its content from LINE's data API and records
    the outcome here (scheduler/photo_fetch.py). One row per LINE message."""

    __tablename__ = "photo_fetch"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_message_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # fetches started (a dead worker's count)
    outcome: Mapped[str | None] = mapped_column(String(32))  # why it was refused or failed
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_photo_fetch_line_message_id", "line_message_id", unique=True),
        Index("ix_photo_fetch_entry", "project_id", "unit_id", "period_id"),
        Index("ix_photo_fetch_status", "status"),
        CheckConstraint("status IN ('waiting', 'stored', 'refused', 'failed')", name="photo_fetch_status"),
    )


class LastReportRequest(Base):
    """The report file a user asked for last (kind and scope): `ขอรายงาน` offers it first."""

    __tablename__ = "last_report_request"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"),
        primary_key=True,
    )
    kind: Mapped[str] = mapped_column(String(16))
    scope_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)


def photo_counts(session: Session, unit_id: int, period_id: int, project_ids: list[int]) -> dict[int, int]:
    """{project id: photos} an office sent for the period, for the projects given."""
    rows = session.execute(
        select(Photo.project_id, func.count())
        .where(
            Photo.unit_id == unit_id, Photo.period_id == period_id, Photo.project_id.in_(project_ids or [0])
        )
        .group_by(Photo.project_id)
    ).all()
    return {int(project_id): int(n) for project_id, n in rows}
