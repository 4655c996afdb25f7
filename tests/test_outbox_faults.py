"""Background work survives what kills processes and what LINE does on a bad day (issue #14):
a worker killed in the middle of the reminders, the web process killed right after a big report
request, LINE answering 500 for a while when a division returns a report."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from sqlalchemy import insert, select

from bot.config import Config
from bot.runtime import build_runtime
from models.db import make_engine, make_session_factory
from models.entities import Notification, Unit, UnitKind, User
from models.migrate import upgrade
from models.plan_import import import_plan
from scheduler import jobs, outbox
from scheduler.job_kinds import Job, ReminderPass
from tests.conftest import DEMO_NOW, on_postgres
from tests.plans import write_small_plan
from tests.processes import environment, tidtam
from tests.support import SECRET, SECRET_KEY, TOKEN, body_of, free_port, sign, text_event, texts_of

pytestmark = pytest.mark.faults
REMIND_AT = "2026-12-15T09:00:00+07:00"  # three working days before the 20th: every office is reminded
PUSH = "/v2/bot/message/push"
ROOT = Path(__file__).resolve().parent.parent


def planned_database(db_url: str, tmp_path: Path) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session, session.begin():
        import_plan(session, write_small_plan(tmp_path / "plan.xlsx"), 2570)
    engine.dispose()


def add_users(db_url: str, count: int, role: str = "officer", prefix: str = "Ubatch") -> list[str]:
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session, session.begin():
        kind = UnitKind.OFFICE.value if role == "officer" else UnitKind.CENTRAL.value
        units = session.scalars(select(Unit.id).where(Unit.kind == kind)).all()
        ids = [f"{prefix}{n:05d}" for n in range(count)]
        now = datetime.now(UTC)
        session.execute(
            insert(User),
            [
                {
                    "line_user_id": line_id,
                    "role": role,
                    "unit_id": units[n % len(units)],
                    "created_at": now,
                    "active": True,
                    "following": True,
                }
                for n, line_id in enumerate(ids)
            ],
        )
    engine.dispose()
    return ids


def delivered_to(store) -> Counter[str]:
    return Counter(r.json["to"] for r in store.pushes() if r.delivered)


@pytest.mark.postgres_only
@pytest.mark.skipif(not on_postgres(), reason="needs TIDTAM_TEST_DATABASE_URL on PostgreSQL")
def test_a_worker_killed_mid_batch_sends_every_reminder_exactly_once(db_url, line_server, tmp_path):
    planned_database(db_url, tmp_path)
    officers = add_users(db_url, 2000)
    store = line_server.store
    store.quota = None
    store.set_latency(0.05)  # LINE at 50 ms: the batch is still going when the worker dies
    env = environment(
        db_url,
        line_server.url,
        TIDTAM_NOW=REMIND_AT,
        TIDTAM_HEARTBEAT_S="0.5",
        TIDTAM_STALLED_AFTER_S="2",
        TIDTAM_PUSH_BACKOFF_S="0.1",
        TIDTAM_PUSH_BACKOFF_CAP_S="1",
    )
    clock = build_runtime(
        Config(
            database_url=db_url,
            channel_secret=SECRET,
            channel_access_token=TOKEN,
            secret_key=SECRET_KEY,
            env="testing",
            now=REMIND_AT,
        )
    )
    try:
        assert jobs.defer_daily(clock, ReminderPass, "reminder-pass")  # what the clock does at 09:00
    finally:
        clock.close()

    first = tidtam("worker", env, tmp_path / "worker1.log")
    try:
        assert store.wait_for(lambda s: len(delivered_to(s)) >= 400, timeout=40), first.output()[-3000:]
    finally:
        first.kill()  # SIGKILL in the middle of the batch: no clean-up, its jobs stay "doing"
    at_kill = len(delivered_to(store))
    assert at_kill < len(officers), "the worker finished before it was killed"
    time.sleep(2.5)  # its heartbeat is older than TIDTAM_STALLED_AFTER_S now
    second = tidtam("worker", env, tmp_path / "worker2.log")
    try:
        assert store.wait_for(lambda s: len(delivered_to(s)) >= len(officers), timeout=40), second.output()[
            -3000:
        ]
        time.sleep(1)  # room for a (wrong) second delivery
    finally:
        second.stop()
    delivered = delivered_to(store)
    duplicates = sum(n - 1 for n in delivered.values() if n > 1)
    lost = set(officers) - set(delivered)
    assert duplicates == 0 and not lost, (duplicates, len(lost))
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        statuses = Counter(session.scalars(select(Notification.status)))
    engine.dispose()
    assert statuses == {"sent": len(officers)}, statuses


def _post(port: int, *events: dict) -> int:
    body = body_of(*events)
    response = requests.post(
        f"http://127.0.0.1:{port}/callback",
        data=body.encode(),
        headers={"X-Line-Signature": sign(body, SECRET), "Content-Type": "application/json"},
        timeout=30,
    )
    return response.status_code


def _say(port: int, store, user: str, text: str) -> list[str]:
    token = store.issue_reply_token(user)
    assert _post(port, text_event(user, text, token)) == 200
    # The webhook only records: the reply follows from the web process's turn runner.
    store.wait_for(lambda s: any((r.json or {}).get("replyToken") == token for r in s.replies()), timeout=15)
    replies = [r for r in store.replies() if (r.json or {}).get("replyToken") == token and r.status == 200]
    return texts_of([m for r in replies for m in r.messages])


def _wait_http(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/no-such-page", timeout=2)
            return
        except requests.RequestException:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start: " + log.read_text()[-2000:])


@pytest.mark.postgres_only
@pytest.mark.skipif(not on_postgres(), reason="needs TIDTAM_TEST_DATABASE_URL on PostgreSQL")
def test_the_web_process_killed_after_a_big_report_request_still_delivers_the_file(
    db_url, line_server, tmp_path
):
    planned_database(db_url, tmp_path)
    [central] = add_users(db_url, 1, role="central", prefix="Ucentral")
    store = line_server.store
    env = environment(
        db_url,
        line_server.url,
        TIDTAM_NOW=DEMO_NOW,
        TIDTAM_REPORT_INLINE_PAIRS="0",  # every report is "too big for the reply" here
        PYTHONPATH=str(ROOT),
    )
    port = free_port()
    log = tmp_path / "web.log"
    with log.open("w") as out:
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "python:bot.gunicorn_conf", "--worker-class", "gthread",
             "--workers", "1", "--threads", "2", "--bind", f"127.0.0.1:{port}", "bot.app:create_app()"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=out, start_new_session=True,
        )  # fmt: skip
    try:
        _wait_http(port, web, log)
        _say(port, store, central, "ขอรายงาน")
        _say(port, store, central, "ตป.๑")
        _say(port, store, central, "ธ.ค. 2569")
        answer = _say(port, store, central, "ทั้งหมด")
        assert any("กำลังจัดทำ" in t for t in answer), answer
    finally:
        os.killpg(web.pid, signal.SIGKILL)  # the web process dies right after telling the user
        web.wait(timeout=10)
    assert not any(p.delivered for p in store.pushes())  # nothing was built in the web process

    worker = tidtam("worker", env, tmp_path / "worker.log")
    try:
        assert store.wait_for(lambda s: any(p.delivered for p in s.pushes()), timeout=40), worker.output()[
            -3000:
        ]
        time.sleep(0.5)
    finally:
        worker.stop()
    [push] = [p for p in store.pushes() if p.delivered]
    assert push.json["to"] == central and push.retry_key
    flex, image = push.messages
    assert flex["type"] == "flex" and image["type"] == "image"
    assert flex["contents"]["footer"]["contents"][0]["action"]["uri"].startswith(
        "https://tidtam.example/files/"
    )


OUTAGE_S = float(os.environ.get("TIDTAM_TEST_OUTAGE_S", "8"))  # "two minutes" of 500s, shortened


def test_line_down_while_a_division_returns_a_report_tells_the_officer_once(chat, register, line_server, db):
    officer, division = "Uofficer50", "Udivision"
    register(officer)
    register(division, "division", "กพก.")
    chat.says(officer, "รายงาน")
    for answer in ["1", "2", "3", "100", "ไม่มี", "0", "ไม่มี"]:
        chat.says(officer, answer)
    chat.says(officer, "ยืนยัน")
    for step in ["ตรวจ", "P50", "ส่งกลับ", "1"]:
        chat.says(division, step)
    store = line_server.store
    store.clear()
    store.set_failure_rate(PUSH, 1.0, (500,))  # LINE answers 500 to every push ...
    recover = threading.Timer(OUTAGE_S, lambda: store.set_failure_rate(PUSH, 0.0))  # ... until it recovers
    recover.start()
    try:
        done = chat.says(division, "ตัวเลขไม่ตรงกับทะเบียน")  # the division returns the value
        assert "ส่งกลับ" in done, done
        assert store.wait_for(lambda s: any(p.delivered for p in s.pushes()), timeout=OUTAGE_S + 20)
        time.sleep(0.5)
    finally:
        recover.cancel()
        store.set_failure_rate(PUSH, 0.0)
    pushes = store.pushes()
    assert {p.json["to"] for p in pushes} == {officer}
    assert len({p.retry_key for p in pushes}) == 1  # every try with the row's own retry key
    assert [p.status for p in pushes if p.status != 500] == [200]  # told once, when LINE recovered
    assert len(pushes) >= 3  # it was refused and tried again with back-off
    db.expire_all()
    row = db.scalar(select(Notification).where(Notification.retry_key == pushes[0].retry_key))
    assert row is not None and row.status == "sent" and row.attempts == len(pushes)


def test_no_thread_is_started_by_a_request(chat, register, line_server, monkeypatch):
    """Replies go out on the app's sender threads, pushes and big reports on the worker: a request
    (handled on the test's own thread by Flask's test client) starts no thread."""
    officer, division, central = "Uofficer50", "Udivision", "Ucentral"
    register(officer)
    register(division, "division", "กพก.")
    register(central, "central", "กผง.")
    monkeypatch.setattr("handlers.report_request.INLINE_LIMIT", 0)  # the report goes to the worker
    request_thread = threading.current_thread()
    started_by_requests: list[str] = []
    original = threading.Thread.start

    def start(self: threading.Thread) -> None:
        if threading.current_thread() is request_thread:
            started_by_requests.append(self.name)
        original(self)

    monkeypatch.setattr(threading.Thread, "start", start)
    chat.says(officer, "รายงาน")
    for answer in ["1", "2", "3", "100", "ไม่มี", "0", "ไม่มี", "ยืนยัน"]:
        chat.says(officer, answer)
    for step in ["ตรวจ", "P50", "ส่งกลับ", "1", "ตัวเลขไม่ตรงกับทะเบียน"]:  # a return notice: a push
        chat.says(division, step)
    for step in ["ขอรายงาน", "ตป.๑", "ธ.ค. 2569", "ทั้งหมด"]:  # a report built by the worker
        chat.says(central, step)
    assert line_server.store.wait_for(
        lambda s: any(p.delivered and p.json["to"] == central for p in s.pushes()), timeout=30
    )
    assert any(p.delivered and p.json["to"] == officer for p in line_server.store.pushes())
    assert started_by_requests == []


def test_a_push_still_refused_after_23_hours_is_failed_and_central_is_told(
    bot_app, register, line_server, db
):
    """LINE keeps a retry key 24 hours: a push that has not gone out within 23 is given up."""
    from datetime import timedelta

    from handlers.messages import Text
    from models.db import transaction
    from tests.conftest import settle

    officer, central = "Uofficer50", "Ucentral"
    register(officer)
    register(central, "central", "กผง.")
    rt = bot_app.extensions["tidtam"]
    store = line_server.store
    store.clear()
    user = db.scalar(select(User).where(User.line_user_id == officer))
    with transaction(rt.sessions) as session:  # written a day ago, LINE refusing ever since
        row = outbox.record(
            session,
            user.id,
            officer,
            "returned",
            "late",
            [Text("ส่งกลับ")],
            rt.clock.now() - timedelta(hours=24),
        )
        assert row is not None
        key = row.retry_key
    assert settle(rt)
    assert [p.json["to"] for p in store.pushes() if p.delivered] == [central]  # the officer is not pushed
    [notice] = texts_of(store.messages_to(central))
    assert "ส่งแจ้งเตือนไม่สำเร็จ 1 คน" in notice and "สกจ.เชียงใหม่" in notice  # the office by name
    db.expire_all()
    assert db.scalar(select(Notification.status).where(Notification.retry_key == key)) == "failed"


def test_sqlite_hands_jobs_to_the_queue_only_after_the_outer_commit(tmp_path):
    """The embedded default (SQLite) queues jobs in process after the commit. SQLAlchemy announces a
    savepoint's release as a commit too: a job handed over then could run before its row is
    committed, find nothing and end, leaving the row for the sweep (the fifth session's open defect).
    Jobs wait for the outermost commit; a savepoint rolled back drops only the jobs deferred in it;
    a rolled-back transaction hands over nothing."""
    engine = make_engine(f"sqlite:///{tmp_path / 'queue.db'}")
    sessions = make_session_factory(engine)
    handed: list[str] = []
    outbox.install_after_commit(sessions, lambda jobs: handed.extend(job.work.day for job in jobs))

    with sessions() as session, session.begin():
        outbox.defer(session, Job(ReminderPass("before")))
        with session.begin_nested():
            outbox.defer(session, Job(ReminderPass("in-released-savepoint")))
        assert handed == []  # the savepoint's release is not the commit
        with pytest.raises(RuntimeError), session.begin_nested():
            outbox.defer(session, Job(ReminderPass("in-rolled-back-savepoint")))
            raise RuntimeError
        outbox.defer(session, Job(ReminderPass("after")))
        assert handed == []
    assert handed == ["before", "in-released-savepoint", "after"]

    with pytest.raises(RuntimeError), sessions() as session, session.begin():
        outbox.defer(session, Job(ReminderPass("rolled-back")))
        raise RuntimeError
    with sessions() as session, session.begin():
        outbox.defer(session, Job(ReminderPass("next")))
    assert handed == ["before", "in-released-savepoint", "after", "next"]
    engine.dispose()
