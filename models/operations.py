"""The tables the running bot keeps besides the plan and what offices report: conversations,
handled webhook events, the audit trail, planned pushes (the outbox), download links, invite-code
tries and the extra holidays an admin adds.

`models.entities` names them too, so that importing it registers every table.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime
from models.inbox import PendingEvent as PendingEvent  # registered with the bot's other tables (#23)


class ConversationState(Base):
    """Where a user is in a dialogue. A row with an expiry, never process memory."""

    __tablename__ = "conversation_state"

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    flow: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessedEvent(Base):
    """Webhook event ids already handled: LINE may deliver an event more than once."""

    __tablename__ = "processed_event"

    webhook_event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditLog(Base):
    """Every change to a value, a review state or a period state: who, when, old, new, how."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    actor_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))  # whose data changed
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"))
    entity: Mapped[str] = mapped_column(String(32))  # result | disbursement | problem | summary | period ...
    entity_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    via: Mapped[str] = mapped_column(String(16))  # chat | import | cli | scheduler

    __table_args__ = (
        Index("ix_audit_log_unit_period", "unit_id", "period_id", "at"),
        CheckConstraint("via IN ('chat', 'import', 'cli', 'scheduler')", name="via"),
    )


class Notification(Base):
    """One planned reminder or push: the unique key makes a second pass plan nothing new."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"))
    kind: Mapped[str] = mapped_column(String(32))  # e.g. office, division, central, nudge, returned
    rule: Mapped[str] = mapped_column(String(64))  # e.g. before-3, deadline, overdue, or a day key
    day: Mapped[date] = mapped_column(Date)  # the Bangkok day it is for: one per person per day
    retry_key: Mapped[str] = mapped_column(String(36), unique=True)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the plain replies to send
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned|sent|failed|held
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("user_id", "period_id", "kind", "rule"),
        Index("ix_notification_status", "status"),
        Index("ix_notification_user_day", "user_id", "day"),
    )


class DownloadToken(Base):
    """A link to a report file or chart: only the token's hash is stored; it expires."""

    __tablename__ = "download_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(128))
    # The file itself: in the database, so every web instance behind a load balancer can serve it.
    # Cleared once the link has expired (models/retention.py).
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DownloadLog(Base):
    """Each time a link was followed."""

    __tablename__ = "download_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("download_token.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(255))


class InviteAttempt(Base):
    """Every code a not-yet-registered LINE user typed, to slow down guessing."""

    __tablename__ = "invite_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(64))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    success: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_invite_attempt_user_time", "line_user_id", "attempted_at"),)


class Holiday(Base):
    """Extra non-working days an admin adds on top of the Thai public holidays."""

    __tablename__ = "holiday"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
