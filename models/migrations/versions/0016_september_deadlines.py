"""September's deadlines fall in October (#22): the fiscal year's setting กำหนดส่งเดือนกันยายน.

One column with a server default (5 October), so the release before this one runs on it unchanged.
Its range (1–28) is checked by the plan import, as the sheet's other rows are.

Revision ID: 0016
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "fiscal_year", sa.Column("september_deadline_day", sa.Integer(), server_default="5", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("fiscal_year", "september_deadline_day")
