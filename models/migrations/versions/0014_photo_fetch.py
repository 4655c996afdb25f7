"""Photos are fetched by a queue task, not inside the webhook (#23): the webhook records each photo
an officer sends (which entry it goes to) in a new table; the task records the outcome there.

One new table; nothing existing changes.

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photo_fetch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_message_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('waiting', 'stored', 'refused', 'failed')",
            name=op.f("ck_photo_fetch_photo_fetch_status"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_photo_fetch_user_id_app_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_photo_fetch_project_id_project"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_photo_fetch_unit_id_unit")),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], name=op.f("fk_photo_fetch_period_id_period")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_fetch")),
    )
    op.create_index("ix_photo_fetch_line_message_id", "photo_fetch", ["line_message_id"], unique=True)
    op.create_index("ix_photo_fetch_entry", "photo_fetch", ["project_id", "unit_id", "period_id"])
    op.create_index("ix_photo_fetch_status", "photo_fetch", ["status"])


def downgrade() -> None:
    op.drop_index("ix_photo_fetch_status", table_name="photo_fetch")
    op.drop_index("ix_photo_fetch_entry", table_name="photo_fetch")
    op.drop_index("ix_photo_fetch_line_message_id", table_name="photo_fetch")
    op.drop_table("photo_fetch")
