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
DATA = ROOT / "tests" / "data"  # LINE's specs and sample events, with their licence and source
PG_ADMIN_URL = os.environ.get("TIDTAM_TEST_DATABASE_URL", "")


def on_postgres() -> bool:
    return PG_ADMIN_URL.startswith("postgresql")


@pytest.fixture(autouse=True)
def credentials(monkeypatch):
    """No credential has a default (bot/config.py): code and commands that read the environment get
    the tests' own. A test of a start without one deletes it."""
    from tests.support import SECRET, SECRET_KEY, TOKEN

    monkeypatch.setenv("LINE_CHANNEL_SECRET", SECRET)
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("SECRET_KEY", SECRET_KEY)


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


# --- the bot, a fake LINE API and a chat ------------------------------------------------------

DEMO_NOW = "2026-12-15T10:00:00+07:00"  # FY2570, period December 2569, five days before the 20th


@pytest.fixture
def line_server(request):
    """A fake LINE API on loopback. After the test, every request the bot sent must be within
    LINE's limits and valid against the official OpenAPI spec (mark a test `line_faults` to
    opt out when it sends broken requests on purpose)."""
    from devtools.fake_line_server import FakeLineServer
    from devtools.line_openapi import shared_validator

    with FakeLineServer() as server:
        yield server
        if request.node.get_closest_marker("line_faults"):
            return
        validator = shared_validator()
        for record in server.store.all():
            assert not record.problems, (record.path, record.problems)
            assert not validator.validate(record), (record.path, validator.validate(record))


@pytest.fixture
def bot_app(db_url, line_server, tmp_path, monkeypatch):
    """The app on a migrated database holding the small test plan for FY2570."""
    # Pushes LINE refused for a while are tried again within a fraction of a second (production:
    # seconds to minutes; scheduler/tasks.py, Settings).
    monkeypatch.setenv("TIDTAM_PUSH_BACKOFF_S", "0.05")
    monkeypatch.setenv("TIDTAM_PUSH_BACKOFF_CAP_S", "0.5")
    from bot.app import create_app
    from bot.config import Config
    from models.migrate import upgrade
    from models.plan_import import import_plan
    from tests.plans import write_small_plan
    from tests.support import SECRET, SECRET_KEY, TOKEN

    upgrade(db_url)
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session, session.begin():
        import_plan(session, write_small_plan(tmp_path / "plan.xlsx"), 2570)
    engine.dispose()
    config = Config(
        database_url=db_url,
        channel_secret=SECRET,
        channel_access_token=TOKEN,
        line_api_base_url=line_server.url,
        line_data_api_base_url=line_server.url,
        public_base_url="https://tidtam.example",
        secret_key=SECRET_KEY,
        now=DEMO_NOW,
        env="testing",
        # Chat tests read the replies as soon as the webhook answers: wait for the sending. The
        # slow-LINE test sets the production budget itself.
        reply_budget_s=None,
        # The task queue's jobs run in the test process: in memory on SQLite, on the real connector
        # on PostgreSQL.
        worker_in_process=True,
    )
    app = create_app(config)
    yield app
    app.extensions["tidtam"].close()


@pytest.fixture
def chat(bot_app, line_server):
    from tests.support import Chat

    client = bot_app.test_client()
    rt = bot_app.extensions["tidtam"]

    def post(body: bytes, headers: dict) -> int:
        before = newest_notification(rt)
        status = client.post("/callback", data=body, headers=headers).status_code
        # The webhook only records: wait for the turns (one message after the other, so nothing
        # sent earlier is on its way: without the hold), then for the pushes they queued.
        rt.turns.drain(timeout=60)
        settle(rt, before)
        return status

    return Chat(post=post, store=line_server.store, drained=True)


def newest_notification(rt) -> int:
    from sqlalchemy import func, select

    from models.entities import Notification

    with rt.sessions() as session:
        return session.scalar(select(func.max(Notification.id))) or 0


def settle(rt, after: int = 0, timeout: float = 10.0) -> bool:
    """Wait until the pushes the last message queued (outbox rows newer than ``after``) have been
    sent or given up by the worker, and the photos it sent fetched (their outcome is a push): what
    the officer sees next in the chat includes them."""
    import time

    from sqlalchemy import select

    from models.entities import Notification, PhotoFetch

    deadline = time.monotonic() + timeout
    while True:
        with rt.sessions() as session:
            fetching = session.scalar(select(PhotoFetch.id).where(PhotoFetch.status == "waiting").limit(1))
            waiting = fetching or session.scalar(
                select(Notification.id)
                .where(Notification.id > after, Notification.status == "planned")
                .limit(1)
            )
        if waiting is None:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


@pytest.fixture
def register(bot_app, chat):
    """register(line_user_id, role, unit_code): a user who redeemed a real invite code in chat."""
    from models.registration import create_invites

    rt = bot_app.extensions["tidtam"]

    def _register(line_user_id: str, role: str = "officer", unit_code: str = "P50") -> str:
        with rt.sessions() as session, session.begin():
            code = create_invites(session, role=role, unit_code=unit_code, now=rt.clock.now())[0]
        answer = chat.says(line_user_id, code)
        assert "ลงทะเบียนเรียบร้อย" in answer, answer
        return line_user_id

    return _register


@pytest.fixture
def set_now(bot_app):
    from models.clock import Clock

    def _set(moment: str) -> None:
        bot_app.extensions["tidtam"].clock = Clock(moment)

    return _set


@pytest.fixture
def db(bot_app):
    """A session on the app's database, for asserting what it holds."""
    with bot_app.extensions["tidtam"].sessions() as session:
        yield session


@pytest.fixture
def contract_env(db_url, line_server, tmp_path):
    """Environment for running the `tidtam` command against this test's database and fake LINE."""
    from tests.support import SECRET, TOKEN

    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LINE_API_BASE_URL": line_server.url,
        "LINE_DATA_API_BASE_URL": line_server.url,
        "PUBLIC_BASE_URL": "https://tidtam.example",
        "SECRET_KEY": "e2e-secret",
        "TIDTAM_NOW": "2026-12-18T09:30:00+07:00",
        "PYTHONPATH": str(ROOT),
    }
    return env
