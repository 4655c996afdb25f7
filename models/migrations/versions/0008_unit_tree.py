"""Units form a tree: unit.parent_id names the supervising unit (plan column หน่วยงานกำกับ).

An expand step: a nullable column, its index, a self-reference and a check that a unit is not its
own parent. The release before this one never reads or writes the column.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Rebuilding `unit` (batch mode) is refused while other tables reference it: add the column
        # with its reference in place; SQLite cannot add the check later, the models still hold it.
        op.execute(
            "ALTER TABLE unit ADD COLUMN parent_id INTEGER "
            "CONSTRAINT fk_unit_parent_id_unit REFERENCES unit (id)"
        )
    else:
        op.add_column("unit", sa.Column("parent_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_unit_parent_id_unit"), "unit", "unit", ["parent_id"], ["id"])
        op.create_check_constraint(
            op.f("ck_unit_not_own_parent"), "unit", "parent_id IS NULL OR parent_id <> id"
        )
    op.create_index(op.f("ix_unit_parent"), "unit", ["parent_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_unit_parent"), table_name="unit")
    if op.get_bind().dialect.name == "sqlite":
        op.drop_column("unit", "parent_id")  # SQLite 3.35+ drops a column with an inline reference
        return
    op.drop_constraint(op.f("ck_unit_not_own_parent"), "unit", type_="check")
    op.drop_constraint(op.f("fk_unit_parent_id_unit"), "unit", type_="foreignkey")
    op.drop_column("unit", "parent_id")
