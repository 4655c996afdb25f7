"""An expired report file may be gone: download_token.content becomes nullable.

The retention job (models/retention.py) clears a link's file once the link has expired and keeps
the row and its download log for a year. Relaxing NOT NULL is an expand step: the release before
this one never reads the file of an expired link.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("download_token") as batch:
        batch.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM download_token WHERE content IS NULL")
    with op.batch_alter_table("download_token") as batch:
        batch.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
