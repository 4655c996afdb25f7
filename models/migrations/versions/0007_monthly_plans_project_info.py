"""#15: monthly plans (indicators and spending), project master data, and the division's
summary and progress of a project in the period (the benefits are the summary's outcome).

Expand only: three new tables and two nullable columns; the release before this one never
reads them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("month_start", sa.Date(), nullable=False),
        sa.Column("cumulative", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_plan_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_indicator_plan_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_plan")),
    )
    op.create_index("ix_indicator_plan_indicator", "indicator_plan", ["indicator_id", "month_start"])
    op.create_table(
        "spending_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("month_start", sa.Date(), nullable=False),
        sa.Column("cumulative", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_spending_plan_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_spending_plan_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spending_plan")),
    )
    op.create_index("ix_spending_plan_project", "spending_plan", ["project_id", "month_start"])
    op.create_table(
        "project_info",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=True),
        sa.Column("budget_source", sa.Text(), nullable=True),
        sa.Column("area", sa.Text(), nullable=True),
        sa.Column("timeline", sa.Text(), nullable=True),
        sa.Column("benefits", sa.Text(), nullable=True),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_info_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_info")),
        sa.UniqueConstraint("project_id", name=op.f("uq_project_info_project_id")),
    )
    with op.batch_alter_table("project_summary") as batch:
        batch.add_column(sa.Column("summary", sa.Text(), nullable=True))
        batch.add_column(sa.Column("progress", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("project_summary") as batch:
        batch.drop_column("progress")
        batch.drop_column("summary")
    op.drop_table("project_info")
    op.drop_index("ix_spending_plan_project", table_name="spending_plan")
    op.drop_table("spending_plan")
    op.drop_index("ix_indicator_plan_indicator", table_name="indicator_plan")
    op.drop_table("indicator_plan")
