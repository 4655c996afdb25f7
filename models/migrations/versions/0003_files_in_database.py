"""Report files kept in the database; an index for reading a whole period.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Links live 24 hours and the old ones point at files on one machine's disk: let them go.
    op.execute("DELETE FROM download_log")
    op.execute("DELETE FROM download_token")
    with op.batch_alter_table("download_token") as batch:
        batch.add_column(sa.Column("content", sa.LargeBinary(), nullable=False))
        batch.drop_column("storage_path")
    op.create_index("ix_result_period_indicator", "result", ["period_id", "indicator_id"])


def downgrade() -> None:
    op.drop_index("ix_result_period_indicator", table_name="result")
    with op.batch_alter_table("download_token") as batch:
        batch.add_column(sa.Column("storage_path", sa.String(length=1000), nullable=True))
        batch.drop_column("content")
