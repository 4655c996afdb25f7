"""#15: what the plan says beyond the annual targets: monthly plans of the indicators and of the
projects' spending, and the projects' master data for the project report (plan sheets
`แผนรายเดือน`, `แผนการใช้จ่าย`, `ข้อมูลโครงการ`). Named in `models.entities` with every table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Numeric, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

Money = Numeric(18, 2)
Amount = Numeric(18, 4)


class IndicatorPlan(Base):
    """The planned cumulative value of an indicator by the end of a month (plan sheet `แผนรายเดือน`);
    ``unit_id`` None: the plan of the indicator as a whole (all offices)."""

    __tablename__ = "indicator_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    month_start: Mapped[date] = mapped_column(Date)
    cumulative: Mapped[Decimal] = mapped_column(Amount)

    __table_args__ = (Index("ix_indicator_plan_indicator", "indicator_id", "month_start"),)


class SpendingPlan(Base):
    """The planned cumulative spending (baht) of a project by the end of a month (`แผนการใช้จ่าย`);
    ``unit_id`` None: the project as a whole."""

    __tablename__ = "spending_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    month_start: Mapped[date] = mapped_column(Date)
    cumulative: Mapped[Decimal] = mapped_column(Money)

    __table_args__ = (Index("ix_spending_plan_project", "project_id", "month_start"),)


class ProjectInfo(Base):
    """A project's master data for the project report (plan sheet `ข้อมูลโครงการ`)."""

    __tablename__ = "project_info"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    objectives: Mapped[str | None] = mapped_column(Text)
    budget_source: Mapped[str | None] = mapped_column(Text)
    area: Mapped[str | None] = mapped_column(Text)
    timeline: Mapped[str | None] = mapped_column(Text)
    benefits: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("project_id"),)
