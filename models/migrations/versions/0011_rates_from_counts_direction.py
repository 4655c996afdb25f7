"""#22: rates from counts and the direction of an indicator.

`indicator.value_type` may be `count_rate` (a percentage answered as two counts); an indicator
names what its counts count (`numerator_label`, `denominator_label`) and which way is better
(`direction`: at_least, or at_most when lower is better; existing indicators whose name says
"ไม่เกิน" get at_most, as the plan import infers). A result keeps its two counts (`numerator`,
`denominator`; empty for every other value type). The release before this one runs on it
unchanged: every new column is nullable or has a server default.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OLD_TYPES = "'whole', 'decimal', 'percentage', 'ratio', 'change', 'amount'"
NEW_TYPES = OLD_TYPES + ", 'count_rate'"
AMOUNT = sa.Numeric(18, 4)


def upgrade() -> None:
    with op.batch_alter_table("indicator") as batch:
        batch.add_column(sa.Column("numerator_label", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("denominator_label", sa.String(length=200), nullable=True))
        batch.add_column(
            sa.Column("direction", sa.String(length=8), nullable=False, server_default="at_least")
        )
        batch.drop_constraint(op.f("ck_indicator_value_type"), type_="check")
        batch.create_check_constraint(op.f("ck_indicator_value_type"), f"value_type IN ({NEW_TYPES})")
        batch.create_check_constraint(op.f("ck_indicator_direction"), "direction IN ('at_least', 'at_most')")
    indicator = sa.table("indicator", sa.column("name", sa.String), sa.column("direction", sa.String))
    op.get_bind().execute(
        indicator.update().where(indicator.c.name.like("%ไม่เกิน%")).values(direction="at_most")
    )
    with op.batch_alter_table("result") as batch:
        batch.add_column(sa.Column("numerator", AMOUNT, nullable=True))
        batch.add_column(sa.Column("denominator", AMOUNT, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("result") as batch:
        batch.drop_column("denominator")
        batch.drop_column("numerator")
    indicator = sa.table("indicator", sa.column("value_type", sa.String))
    # A count rate becomes the plain percentage it is stored as.
    op.get_bind().execute(
        indicator.update().where(indicator.c.value_type == "count_rate").values(value_type="percentage")
    )
    with op.batch_alter_table("indicator") as batch:
        batch.drop_constraint(op.f("ck_indicator_direction"), type_="check")
        batch.drop_constraint(op.f("ck_indicator_value_type"), type_="check")
        batch.create_check_constraint(op.f("ck_indicator_value_type"), f"value_type IN ({OLD_TYPES})")
        batch.drop_column("direction")
        batch.drop_column("denominator_label")
        batch.drop_column("numerator_label")
