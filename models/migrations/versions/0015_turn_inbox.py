"""Webhook events recorded before their turn: one message at a time per user, in order (#23).

One new table; nothing existing changes, so the release before this one runs on it unchanged.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_event_id", sa.String(length=64), nullable=True),
        sa.Column("line_user_id", sa.String(length=64), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_event")),
        sa.UniqueConstraint("webhook_event_id", name=op.f("uq_pending_event_webhook_event_id")),
    )
    op.create_index("ix_pending_event_turn_order", "pending_event", ["line_user_id", "sent_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_pending_event_turn_order", table_name="pending_event")
    op.drop_table("pending_event")
