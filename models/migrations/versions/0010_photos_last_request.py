"""Photo evidence per project entry, and the last report file each user asked for (#17).

Two new tables; nothing existing changes, so the release before this one runs on it unchanged.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("line_message_id", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("content_type IN ('image/jpeg', 'image/png')", name=op.f("ck_photo_photo_type")),
        sa.CheckConstraint("size > 0 AND size <= 10000000", name=op.f("ck_photo_photo_size")),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_photo_project_id_project"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_photo_unit_id_unit")),
        sa.ForeignKeyConstraint(["period_id"], ["period.id"], name=op.f("fk_photo_period_id_period")),
        sa.ForeignKeyConstraint(
            ["sent_by_id"], ["app_user.id"], name=op.f("fk_photo_sent_by_id_app_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo")),
    )
    op.create_index("ix_photo_entry", "photo", ["project_id", "unit_id", "period_id"])
    op.create_index("ix_photo_line_message_id", "photo", ["line_message_id"], unique=True)
    op.create_table(
        "last_report_request",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("scope_unit_id", sa.Integer(), nullable=True),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_last_report_request_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scope_unit_id"],
            ["unit.id"],
            name=op.f("fk_last_report_request_scope_unit_id_unit"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_last_report_request")),
    )


def downgrade() -> None:
    op.drop_table("last_report_request")
    op.drop_index("ix_photo_line_message_id", table_name="photo")
    op.drop_index("ix_photo_entry", table_name="photo")
    op.drop_table("photo")
