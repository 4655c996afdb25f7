"""Divisions report their own work (#22): fiscal_year.division_report_day, their deadline day.

An expand step: a column with a server default (27, seed 001's "ภายในวันที่ ๒๗ ของทุกเดือน"), so
the release before this one keeps inserting fiscal years unchanged. The plan import keeps it
within 1-28, as the other days.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "fiscal_year",
        sa.Column("division_report_day", sa.Integer(), server_default="27", nullable=False),
    )


def downgrade() -> None:
    op.drop_column("fiscal_year", "division_report_day")
