"""Alembic environment: the URL comes from the caller (tidtam db upgrade), never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, pool

import models.entities  # noqa: F401  (registers every table)
from models.base import Base
from models.db import make_engine

config = context.config
target_metadata = Base.metadata


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """procrastinate's tables (migration 0009) are the task queue's, not our models'."""
    return not (type_ == "table" and (name or "").startswith("procrastinate_"))


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # No statement timeout: building an index on a large table may take longer than a request.
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("no sqlalchemy.url: run the migrations through models.migrate")
    engine = make_engine(url, poolclass=pool.NullPool, statement_timeout_ms=0)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
