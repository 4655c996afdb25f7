"""Shared fixtures.

Every test that touches the database gets a database of its own: a SQLite file by default, or a
fresh PostgreSQL database when TIDTAM_TEST_DATABASE_URL points at a PostgreSQL server (CI runs the
suite both ways).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from models.base import Base
from models.db import make_engine, make_session_factory

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TIDTAM_SHARED_DIR", ROOT.parent / "shared"))
PG_ADMIN_URL = os.environ.get("TIDTAM_TEST_DATABASE_URL", "")


def on_postgres() -> bool:
    return PG_ADMIN_URL.startswith("postgresql")


@pytest.fixture
def db_url(tmp_path):
    """URL of an empty database that lives as long as the test."""
    if not on_postgres():
        yield f"sqlite:///{tmp_path / 'tidtam.db'}"
        return
    name = f"tidtam_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    return make_session_factory(engine)


@pytest.fixture
def session(session_factory):
    with session_factory() as session:
        yield session
