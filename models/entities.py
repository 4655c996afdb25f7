"""Typed SQLAlchemy 2.0 models. Unique keys make duplicates impossible."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.base import UTCDateTime as UTCDateTime  # the migrations name it models.entities.UTCDateTime
from models.frozen_plan import FrozenPlan as FrozenPlan  # #22

# The tables the running bot keeps, in their own module; named here too, where every table is found.
from models.line_features import LastReportRequest as LastReportRequest
from models.line_features import Photo as Photo
from models.line_features import PhotoFetch as PhotoFetch
from models.operations import AuditLog as AuditLog
from models.operations import ConversationState as ConversationState
from models.operations import DownloadLog as DownloadLog
from models.operations import DownloadToken as DownloadToken
from models.operations import Holiday as Holiday
from models.operations import InviteAttempt as InviteAttempt
from models.operations import Notification as Notification
from models.operations import ProcessedEvent as ProcessedEvent
from models.plan_details import IndicatorPlan as IndicatorPlan  # #15
from models.plan_details import ProjectInfo as ProjectInfo
from models.plan_details import SpendingPlan as SpendingPlan
from models.value_types import Direction as Direction  # declared with their rules there
from models.value_types import ValueType as ValueType

Money = Numeric(18, 2)
Amount = Numeric(18, 4)


class UnitKind(enum.StrEnum):
    OFFICE = "office"
    DIVISION = "division"
    CENTRAL = "central"


class Role(enum.StrEnum):
    OFFICER = "officer"
    DIVISION = "division"
    CENTRAL = "central"
    ADMIN = "admin"


class Counting(enum.StrEnum):
    SUM = "sum"
    LATEST = "latest"


class EntryStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


# The statuses of an entry that counts as reported (in totals, completeness and reminders): the
# one list of them. A draft or a returned entry is still owed.
DONE_STATUSES: tuple[str, ...] = (EntryStatus.SUBMITTED.value, EntryStatus.APPROVED.value)


class PeriodState(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def _enum_check(name: str, column: str, values: type[enum.StrEnum]) -> CheckConstraint:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)


class FiscalYear(Base):
    __tablename__ = "fiscal_year"

    id: Mapped[int] = mapped_column(primary_key=True)
    year_be: Mapped[int] = mapped_column(Integer, unique=True)
    cutoff_day: Mapped[int] = mapped_column(Integer, default=20)
    office_deadline_day: Mapped[int] = mapped_column(Integer, default=20)
    division_deadline_day: Mapped[int] = mapped_column(Integer, default=22)
    central_deadline_day: Mapped[int] = mapped_column(Integer, default=25)
    division_report_day: Mapped[int] = mapped_column(Integer, default=27, server_default="27")  # #22, 1-28
    first_report_month: Mapped[int] = mapped_column(Integer, default=12)
    september_deadline_day: Mapped[int] = mapped_column(Integer, default=5, server_default="5")  # in Oct.
    signers: Mapped[dict[str, dict[str, str]] | None] = mapped_column(JSON)  # #25 models/signers.py
    # A new random value at every plan import: processes cache the plan under it (models.plan_cache).
    plan_version: Mapped[str] = mapped_column(String(32), default=lambda: uuid.uuid4().hex)

    periods: Mapped[list[Period]] = relationship(back_populates="fiscal_year", order_by="Period.month_start")

    __table_args__ = (
        CheckConstraint("cutoff_day BETWEEN 1 AND 28", name="cutoff_day"),
        CheckConstraint("office_deadline_day BETWEEN 1 AND 28", name="office_deadline_day"),
        CheckConstraint("division_deadline_day BETWEEN 1 AND 28", name="division_deadline_day"),
        CheckConstraint("central_deadline_day BETWEEN 1 AND 28", name="central_deadline_day"),
        CheckConstraint("first_report_month BETWEEN 1 AND 12", name="first_report_month"),
    )


class Period(Base):
    """One reporting month of a fiscal year."""

    __tablename__ = "period"

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_year.id", ondelete="CASCADE"))
    month_start: Mapped[date] = mapped_column(Date, unique=True)
    state: Mapped[str] = mapped_column(String(16), default=PeriodState.OPEN.value)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    fiscal_year: Mapped[FiscalYear] = relationship(back_populates="periods")

    __table_args__ = (_enum_check("state", "state", PeriodState),)


class Unit(Base):
    """An office (reports), a division (reviews) or the central planning division."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))
    province_code: Mapped[str | None] = mapped_column(String(2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The supervising unit (plan column หน่วยงานกำกับ), any depth; the import refuses cycles.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))

    __table_args__ = (
        _enum_check("kind", "kind", UnitKind),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        Index("ix_unit_parent", "parent_id"),
    )


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_year.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(500))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("fiscal_year_id", "name"),)


class Project(Base):
    """A budgeted output or project (ผลผลิต/โครงการ)."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_year.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(500))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[Plan] = relationship()

    __table_args__ = (UniqueConstraint("fiscal_year_id", "name"),)


class Activity(Base):
    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(500))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    project: Mapped[Project] = relationship()

    __table_args__ = (UniqueConstraint("project_id", "name"),)


class Indicator(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year_id: Mapped[int] = mapped_column(ForeignKey("fiscal_year.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    name: Mapped[str] = mapped_column(String(1000))
    unit_label: Mapped[str] = mapped_column(String(64))
    target: Mapped[Decimal | None] = mapped_column(Amount)
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    counting: Mapped[str] = mapped_column(String(8), default=Counting.SUM.value)
    value_type: Mapped[str] = mapped_column(
        String(16), default=ValueType.WHOLE.value, server_default=ValueType.WHOLE.value
    )
    # #22: what the two counts of a `count_rate` count (plan columns ตัวตั้ง, ตัวหาร), and `เกณฑ์`.
    numerator_label: Mapped[str | None] = mapped_column(String(200))
    denominator_label: Mapped[str | None] = mapped_column(String(200))
    direction: Mapped[str] = mapped_column(
        String(8), default=Direction.AT_LEAST.value, server_default=Direction.AT_LEAST.value
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    activity: Mapped[Activity] = relationship()
    owner: Mapped[Unit] = relationship()

    __table_args__ = (
        UniqueConstraint("fiscal_year_id", "code"),
        _enum_check("counting", "counting", Counting),
        _enum_check("value_type", "value_type", ValueType),
        _enum_check("direction", "direction", Direction),
    )


class Assignment(Base):
    """An indicator an office reports, with the office's own annual target."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    target: Mapped[Decimal | None] = mapped_column(Amount)

    indicator: Mapped[Indicator] = relationship()
    unit: Mapped[Unit] = relationship()

    __table_args__ = (UniqueConstraint("indicator_id", "unit_id"), Index("ix_assignment_unit", "unit_id"))


class Allocation(Base):
    """Budget allocated to an office for a project (baht)."""

    __tablename__ = "allocation"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    amount: Mapped[Decimal] = mapped_column(Money)

    __table_args__ = (UniqueConstraint("project_id", "unit_id"),)


class _Entry:
    """Columns shared by everything an office reports for a period."""

    status: Mapped[str] = mapped_column(String(16), default=EntryStatus.DRAFT.value)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    review_note: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Result(_Entry, Base):
    """The value an office reported for an indicator in a period."""

    __tablename__ = "result"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    value: Mapped[Decimal] = mapped_column(Amount)
    numerator: Mapped[Decimal | None] = mapped_column(Amount)  # #22 count_rate: value = 100 n ÷ d
    denominator: Mapped[Decimal | None] = mapped_column(Amount)

    __table_args__ = (
        UniqueConstraint("indicator_id", "unit_id", "period_id"),
        Index("ix_result_unit_period", "unit_id", "period_id"),
        Index("ix_result_period_indicator", "period_id", "indicator_id"),  # reports read a whole period
        _enum_check("status", "status", EntryStatus),  # a change may be negative: no sign check
    )


class Disbursement(_Entry, Base):
    """Budget an office disbursed on a project during a period (baht)."""

    __tablename__ = "disbursement"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    amount: Mapped[Decimal] = mapped_column(Money)

    __table_args__ = (
        UniqueConstraint("project_id", "unit_id", "period_id"),
        Index("ix_disbursement_unit_period", "unit_id", "period_id"),
        _enum_check("status", "status", EntryStatus),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )


class ProblemReport(_Entry, Base):
    """Problems met and solutions, per project, office and period (free text)."""

    __tablename__ = "problem_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    problems: Mapped[str | None] = mapped_column(Text)
    solutions: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("project_id", "unit_id", "period_id"),
        Index("ix_problem_report_unit_period", "unit_id", "period_id"),
        _enum_check("status", "status", EntryStatus),
    )


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    following: Mapped[bool] = mapped_column(Boolean, default=True)
    reminders_paused_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship()

    __table_args__ = (_enum_check("role", "role", Role), Index("ix_app_user_unit", "unit_id"))


class InviteCode(Base):
    """A single-use registration code; only its hash is stored."""

    __tablename__ = "invite_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

    unit: Mapped[Unit] = relationship()

    __table_args__ = (_enum_check("role", "role", Role),)


class ProjectSummary(Base):
    """What a division writes for one of its projects and a period (form ตป.๑)."""

    __tablename__ = "project_summary"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"))
    problems: Mapped[str | None] = mapped_column(Text)
    solutions: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)  # #15: the results in brief (project report)
    progress: Mapped[str | None] = mapped_column(Text)  # #15: progress of the work (project report)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("project_id", "period_id"),)
