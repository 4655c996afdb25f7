"""Divisions report their own work (#22): fiscal_year.division_report_day, their deadline day.

An expand step: a column with a server default (27, seed 001's "ภายในวันที่ ๒๗ ของทุกเดือน"), so
the release before this one keeps inserting fiscal years unchanged.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "fiscal_year",
        sa.Column("division_report_day", sa.Integer(), server_default="27", nullable=False),
    )
    if op.get_bind().dialect.name != "sqlite":  # SQLite cannot add a check later; the models hold it
        op.create_check_constraint(
            op.f("ck_fiscal_year_division_report_day"), "fiscal_year", "division_report_day BETWEEN 1 AND 28"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_fiscal_year_division_report_day"), "fiscal_year", type_="check")
    op.drop_column("fiscal_year", "division_report_day")
