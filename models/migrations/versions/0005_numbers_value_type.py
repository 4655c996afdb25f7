"""A value type on every indicator (whole, decimal, percentage, ratio, change, amount); a result
of a change may be negative.

Existing indicators get the type inferred from their unit and name, as the plan import does for
an empty `ชนิดค่า` column.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from models.value_types import infer_value_type

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

VALUE_TYPES = "'whole', 'decimal', 'percentage', 'ratio', 'change', 'amount'"


def upgrade() -> None:
    with op.batch_alter_table("indicator") as batch:
        # NOT NULL with a server default: the release before this one inserts indicators without it.
        batch.add_column(
            sa.Column("value_type", sa.String(length=16), nullable=False, server_default="whole")
        )
    bind = op.get_bind()
    indicator = sa.table(
        "indicator",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("unit_label", sa.String),
        sa.column("value_type", sa.String),
    )
    rows = bind.execute(sa.select(indicator.c.id, indicator.c.name, indicator.c.unit_label)).all()
    by_type: dict[str, list[int]] = {}
    for row_id, name, unit_label in rows:
        by_type.setdefault(infer_value_type(unit_label, name).value, []).append(row_id)
    for value_type, ids in by_type.items():
        for start in range(0, len(ids), 500):
            bind.execute(
                indicator.update()
                .where(indicator.c.id.in_(ids[start : start + 500]))
                .values(value_type=value_type)
            )
    with op.batch_alter_table("indicator") as batch:
        batch.create_check_constraint(op.f("ck_indicator_value_type"), f"value_type IN ({VALUE_TYPES})")
    with op.batch_alter_table("result") as batch:
        batch.drop_constraint(op.f("ck_result_value_not_negative"), type_="check")


def downgrade() -> None:
    with op.batch_alter_table("result") as batch:
        batch.create_check_constraint(op.f("ck_result_value_not_negative"), "value >= 0")
    with op.batch_alter_table("indicator") as batch:
        batch.drop_constraint(op.f("ck_indicator_value_type"), type_="check")
        batch.drop_column("value_type")
