"""September's deadlines fall in October (#22): the fiscal year's setting กำหนดส่งเดือนกันยายน.

One column with a server default (5 October), so the release before this one runs on it unchanged.

Revision ID: 0016
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Rebuilding `fiscal_year` (batch mode) is refused while other tables reference it.
        op.execute(
            "ALTER TABLE fiscal_year ADD COLUMN september_deadline_day INTEGER DEFAULT '5' NOT NULL "
            "CONSTRAINT ck_fiscal_year_september_deadline_day CHECK (september_deadline_day BETWEEN 1 AND 28)"
        )
        return
    op.add_column(
        "fiscal_year", sa.Column("september_deadline_day", sa.Integer(), server_default="5", nullable=False)
    )
    op.create_check_constraint(
        op.f("ck_fiscal_year_september_deadline_day"),
        "fiscal_year",
        "september_deadline_day BETWEEN 1 AND 28",
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_fiscal_year_september_deadline_day"), "fiscal_year", type_="check")
    op.drop_column("fiscal_year", "september_deadline_day")
