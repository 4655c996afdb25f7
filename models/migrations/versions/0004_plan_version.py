"""A plan version on the fiscal year, so that processes can cache the plan.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fiscal_year") as batch:
        batch.add_column(sa.Column("plan_version", sa.String(length=32), nullable=True))
    # A random value per existing year (the same value in two databases would let a process that
    # saw both mix their plans up).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE fiscal_year SET plan_version = md5(random()::text || id::text)")
    else:
        op.execute("UPDATE fiscal_year SET plan_version = lower(hex(randomblob(16)))")
    with op.batch_alter_table("fiscal_year") as batch:
        batch.alter_column("plan_version", existing_type=sa.String(length=32), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("fiscal_year") as batch:
        batch.drop_column("plan_version")
