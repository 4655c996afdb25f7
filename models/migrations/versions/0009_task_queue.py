"""The task queue's tables (procrastinate 3.10, PostgreSQL only); the scheduler's lease goes.

Background work runs on procrastinate (scheduler/tasks.py): its schema is the SQL procrastinate 3.10.0
ships, frozen beside the migrations (models/migrations/procrastinate/schema-3.10.0.sql); a later
procrastinate release that changes it comes with a migration of ours applying its migration files.
SQLite (the embedded default) keeps its jobs in memory: nothing to create there.

The clock no longer needs a lease (two clocks only defer the same de-duplicated jobs): the
`scheduler_lease` table is dropped.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SCHEMA = Path(__file__).resolve().parent.parent / "procrastinate" / "schema-3.10.0.sql"


def upgrade() -> None:
    op.drop_table("scheduler_lease")
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # On the DB-API cursor without parameters: the SQL holds `%` (plpgsql RAISE) and `$$` bodies.
    cursor = bind.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(SCHEMA.read_text(encoding="utf-8"))
    finally:
        cursor.close()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in ("procrastinate_events", "procrastinate_periodic_defers", "procrastinate_jobs"):
            bind.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
        bind.exec_driver_sql("DROP TABLE IF EXISTS procrastinate_workers CASCADE")
        functions = bind.exec_driver_sql(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE left(p.proname, 13) = 'procrastinate' AND n.nspname = current_schema()"
        ).scalars()
        for signature in list(functions):
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
        for type_ in (
            "procrastinate_job_to_defer_v1",
            "procrastinate_job_event_type",
            "procrastinate_job_status",
        ):
            bind.exec_driver_sql(f"DROP TYPE IF EXISTS {type_} CASCADE")
    op.create_table(
        "scheduler_lease",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_lease")),
    )
