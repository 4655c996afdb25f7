"""Engine and session factory. Nothing here runs at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import CursorResult, Engine, Result, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

# PostgreSQL: a database that accepts TCP but never answers must not hold a worker thread for
# long. A connection attempt gives up after CONNECT_TIMEOUT_S (the whole start-up, not only TCP),
# the server cancels a statement after STATEMENT_TIMEOUT_MS, TCP keepalives and a TCP user timeout
# notice a peer that went away, and waiting for a free pooled connection ends after POOL_TIMEOUT_S.
CONNECT_TIMEOUT_S = 3
STATEMENT_TIMEOUT_MS = 30_000
POOL_TIMEOUT_S = 5
TCP_ARGS = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
}


def make_engine(url: str, *, statement_timeout_ms: int = STATEMENT_TIMEOUT_MS, **kwargs: Any) -> Engine:
    """An engine whose errors never show bound parameters (what users typed, LINE ids).

    ``statement_timeout_ms=0`` lifts the statement timeout (migrations)."""
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if kwargs.get("poolclass") is None:
        kwargs.setdefault("pool_timeout", POOL_TIMEOUT_S)
    if url.startswith("postgresql"):
        defaults = {
            "connect_timeout": CONNECT_TIMEOUT_S,
            "options": f"-c statement_timeout={statement_timeout_ms}",
            **TCP_ARGS,
        }
        given = make_url(url).query  # settings in DATABASE_URL win
        connect_args = {name: value for name, value in defaults.items() if name not in given}
        kwargs["connect_args"] = {**connect_args, **kwargs.get("connect_args", {})}
    return create_engine(url, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


def rowcount(result: Result[Any]) -> int:
    """The rows an UPDATE or DELETE matched. Session.execute() is typed as returning a Result;
    for these statements it is a CursorResult."""
    if not isinstance(result, CursorResult):  # pragma: no cover - not an UPDATE or DELETE
        raise TypeError("rowcount of a statement that returns rows")
    return result.rowcount
