"""LINE is called only after a turn's commit, never while the app holds a lock (issue #26, item 5).

The fake LINE API looks at the database on every call, while the bot waits for its answer: no
connection of the app may then sit in a transaction holding a row lock, a transaction id or the
user's turn lock (PostgreSQL), and another connection must be able to take SQLite's write lock.
"""

from __future__ import annotations

import sqlite3
import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import on_postgres

OFFICER = "Uofficer50"
NEWCOMER = "Unewcomer"

# Other backends of this database sitting in a transaction with a lock that makes others wait.
_HELD_ON_POSTGRES = text(
    """
    SELECT a.pid, a.state, l.locktype, l.mode
    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND l.granted
      AND a.state LIKE 'idle in transaction%'
      AND (l.locktype IN ('advisory', 'transactionid', 'tuple') OR l.mode IN ('RowShareLock', 'RowExclusiveLock'))
    """
)


class LockWatch:
    """Called by the fake LINE API on each request: records what the app held at that moment."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = create_engine(database_url, isolation_level="AUTOCOMMIT") if on_postgres() else None
        self.seen: list[str] = []
        self.held: list[tuple[str, str]] = []

    def held_now(self) -> str | None:
        if self.engine is not None:
            with self.engine.connect() as conn:
                rows = conn.execute(_HELD_ON_POSTGRES).all()
            return "; ".join(f"{r.pid} {r.state} {r.locktype} {r.mode}" for r in rows) or None
        path = make_url(self.url).database
        conn = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return None
        except sqlite3.OperationalError as error:
            return f"SQLite write lock: {error}"
        finally:
            conn.close()

    def __call__(self, method: str, path: str) -> None:
        self.seen.append(path)
        # A lock another thread takes for a moment (the worker writing a row) is let go at once; one
        # held across this call never is, since the caller waits for this answer: look for 0.5 s.
        deadline = time.monotonic() + 0.5
        while (held := self.held_now()) is not None and time.monotonic() < deadline:
            time.sleep(0.02)
        if held is not None:
            self.held.append((path, held))

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def test_no_line_call_while_the_app_holds_a_lock(bot_app, chat, register, line_server, db_url):
    store = line_server.store
    store.profiles[OFFICER] = {"displayName": "สมชาย ใจดี"}
    store.profiles[NEWCOMER] = {"displayName": "สมหญิง"}
    watch = LockWatch(db_url)
    store.on_request = watch
    try:
        assert "รหัสเชิญ" in "\n".join(m.get("text", "") for m in chat.follow(NEWCOMER))  # its name first
        register(OFFICER)  # the new user's name is asked of LINE after the registration
        assert "ข้อ 1/" in chat.says(OFFICER, "รายงาน")
        assert "ข้อ 2/" in chat.says(OFFICER, "5")
        chat.says(OFFICER, "ยกเลิก")
        chat.say(OFFICER, "ตป.๑ ธ.ค. 69")  # a report file in one go: LINE's loading animation first
    finally:
        store.on_request = None
        watch.close()
    assert "/v2/bot/chat/loading/start" in watch.seen
    assert f"/v2/bot/profile/{OFFICER}" in watch.seen and f"/v2/bot/profile/{NEWCOMER}" in watch.seen
    assert watch.seen.count("/v2/bot/message/reply") >= 6
    assert watch.held == []
