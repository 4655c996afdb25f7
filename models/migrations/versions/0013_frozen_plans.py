"""What was sent stays sent (#22): the plan of a closed period, frozen at each closing.

One new table; nothing existing changes. Periods closed before this release have no frozen copy
and are reported from the live plan until they are closed again.

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "frozen_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_frozen_plan_period_id_period"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["app_user.id"],
            name=op.f("fk_frozen_plan_closed_by_id_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frozen_plan")),
        sa.UniqueConstraint("period_id", "version", name=op.f("uq_frozen_plan_period_id_version")),
    )


def downgrade() -> None:
    op.drop_table("frozen_plan")
