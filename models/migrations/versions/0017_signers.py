"""Who signs the printed forms (#25): the plan's sheet ตั้งค่า rows ผู้จัดทำ, ผู้ตรวจสอบ, ผู้อนุมัติ.

One nullable JSON column on the fiscal year (role → wording, name, position); empty means the
default wording and blank lines, so the release before this one runs on it unchanged.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("fiscal_year", sa.Column("signers", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("fiscal_year", "signers")
