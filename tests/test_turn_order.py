"""One message at a time per user, in the order they were sent (issue #23).

The bot runs on a real multi-threaded HTTP server; threads post signed webhooks at the same moment,
as LINE does when an officer types faster than the bot answers.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
import requests
from openpyxl import load_workbook
from sqlalchemy import create_engine, delete, func, select, text
from werkzeug.serving import make_server

from models.entities import ConversationState, Indicator, Result, Unit
from models.inbox import PendingEvent
from models.plan_import import import_plan, write_template
from tests import plans
from tests.conftest import on_postgres
from tests.support import body_of, sign, text_event, texts_of

OFFICER = "Uofficer50"
OTHER = "Uofficer40"  # another office: never waits for OFFICER
ITEMS = [f"I{n:02d}" for n in range(1, 11)]


def write_ten_item_plan(path):
    """The small plan with ten indicators for office P50: ten questions in a row."""
    write_template(path)
    book = load_workbook(path)
    for row in plans.UNITS:
        book["หน่วยงาน"].append(list(row))
    for n, code in enumerate(ITEMS, start=1):
        name = f"จำนวนสหกรณ์ที่ได้รับการส่งเสริม กิจกรรมที่ {n}"
        book["ตัวชี้วัด"].append(
            [code, plans.PLAN, plans.PROJECT_A, "ส่งเสริมสหกรณ์", name, "แห่ง", 100, "กพก.", None]
        )
        book["เป้าหมายรายหน่วย"].append([code, "P50", 10])
    book["เป้าหมายรายหน่วย"].append(["I01", "P40", 10])
    book["งบประมาณ"].append([plans.PROJECT_A, "P50", 500000])
    book["งบประมาณ"].append([plans.PROJECT_A, "P40", 400000])
    book.save(path)
    return path


@pytest.fixture
def server(bot_app, tmp_path):
    """The app on a threaded HTTP server on loopback, with the ten-item plan."""
    rt = bot_app.extensions["tidtam"]
    with rt.sessions() as session, session.begin():
        import_plan(session, write_ten_item_plan(tmp_path / "ten.xlsx"), 2570)
    http = make_server("127.0.0.1", 0, bot_app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(10)


class Officer:
    """Someone typing into LINE: each message a signed webhook with its LINE timestamp."""

    def __init__(self, url: str, store, user_id: str) -> None:
        self.url, self.store, self.user_id = url, store, user_id
        self.http = requests.Session()

    def event(self, text: str, stamp_ms: int) -> dict:
        event = text_event(self.user_id, text, self.store.issue_reply_token(self.user_id))
        event["timestamp"] = stamp_ms
        return event

    def post(self, event: dict) -> int:
        body = body_of(event)
        headers = {"X-Line-Signature": sign(body), "Content-Type": "application/json"}
        return requests.post(
            f"{self.url}/callback", data=body.encode(), headers=headers, timeout=60
        ).status_code

    def replies_to(self, event: dict) -> list[str]:
        token = event["replyToken"]
        return [
            "\n".join(texts_of(r.messages))
            for r in self.store.replies()
            if (r.json or {}).get("replyToken") == token and r.status == 200
        ]

    def says(self, text: str) -> str:
        event = self.event(text, int(time.time() * 1000))
        assert self.post(event) == 200
        (answer,) = self.replies_to(event)
        return answer


def pending(db, user_id: str) -> int:
    db.expire_all()
    return db.scalar(
        select(func.count()).select_from(PendingEvent).where(PendingEvent.line_user_id == user_id)
    )


def wait_until(check, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@contextmanager
def officer_busy(rt, user_id: str):
    """As if the officer's previous message were still being handled. On PostgreSQL another
    connection (another web process) holds the officer's row; on SQLite, which has one writer at a
    time, this process's lane of the officer is held instead."""
    if on_postgres():
        engine = create_engine(rt.config.database_url)
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT id FROM app_user WHERE line_user_id = :u FOR UPDATE"), {"u": user_id})
            yield
        engine.dispose()
    else:
        with rt.lanes.held(user_id):
            yield


def values_of(db, unit_code: str) -> dict[str, int]:
    db.expire_all()
    rows = db.execute(
        select(Indicator.code, Result.value)
        .join(Result, Result.indicator_id == Indicator.id)
        .join(Unit, Unit.id == Result.unit_id)
        .where(Unit.code == unit_code)
    )
    return {code: int(value) for code, value in rows}


def reset(db, unit_code: str, user_id: str) -> None:
    """A fresh month for the office: no values, no conversation (cheaper than a new database)."""
    unit_id = db.scalar(select(Unit.id).where(Unit.code == unit_code))
    db.execute(delete(Result).where(Result.unit_id == unit_id))
    db.execute(delete(ConversationState))
    db.commit()


ROUNDS = 100


def test_ten_answers_sent_at_once_land_on_ten_items_in_order(bot_app, server, line_server, register, db):
    register(OFFICER)
    rt = bot_app.extensions["tidtam"]
    officer = Officer(server, line_server.store, OFFICER)
    rng = random.Random(23)
    with ThreadPoolExecutor(10) as pool:
        for _ in range(ROUNDS):
            reset(db, "P50", OFFICER)
            assert "ข้อ 1/12" in officer.says("รายงาน")  # ten indicators, then budget and problems
            stamp = int(time.time() * 1000)
            answers = [officer.event(str(k), stamp + k) for k in range(1, 11)]
            with officer_busy(rt, OFFICER):
                # They reach the server in any order; LINE's timestamps say which came first.
                sending = [pool.submit(officer.post, answers[i]) for i in rng.sample(range(10), 10)]
                wait_until(lambda: pending(db, OFFICER) == 10)
            assert [s.result() for s in sending] == [200] * 10
            assert values_of(db, "P50") == {code: k for k, code in enumerate(ITEMS, start=1)}
            for k, answer in enumerate(answers, start=1):
                (reply,) = officer.replies_to(answer)  # each answered once, by its own reply token
                assert f"ข้อ {k + 1}/12" in reply, (k, reply)
            assert pending(db, OFFICER) == 0


def test_two_report_commands_at_once_are_both_answered(bot_app, server, line_server, register, db):
    """The first conversation row is written by one of them; the other sees it (no 500)."""
    register(OFFICER)
    officer = Officer(server, line_server.store, OFFICER)
    with ThreadPoolExecutor(2) as pool:
        for _ in range(20):
            reset(db, "P50", OFFICER)
            stamp = int(time.time() * 1000)
            both = [officer.event("รายงาน", stamp), officer.event("รายงาน", stamp + 1)]
            assert list(pool.map(officer.post, both)) == [200, 200]
            for event in both:
                (reply,) = officer.replies_to(event)
                assert "ข้อ 1/12" in reply, reply
            db.expire_all()
            assert db.scalar(select(func.count()).select_from(ConversationState)) == 1


def test_an_officer_waiting_for_a_turn_does_not_hold_up_another(bot_app, server, line_server, register, db):
    register(OFFICER)
    register(OTHER, "officer", "P40")
    rt = bot_app.extensions["tidtam"]
    officer = Officer(server, line_server.store, OFFICER)
    other = Officer(server, line_server.store, OTHER)
    assert "ข้อ 1/12" in officer.says("รายงาน")
    stamp = int(time.time() * 1000)
    first, second = officer.event("3", stamp + 1), officer.event("4", stamp + 2)
    with ThreadPoolExecutor(2) as pool, officer_busy(rt, OFFICER):
        sending = [pool.submit(officer.post, second), pool.submit(officer.post, first)]
        wait_until(lambda: pending(db, OFFICER) == 2)
        # The officer of another office is answered while the first officer's messages wait.
        assert "ข้อ 1/" in other.says("รายงาน")
        assert "ข้อ 2/" in other.says("7")
        assert pending(db, OFFICER) == 2 and not any(s.done() for s in sending)
    assert [s.result() for s in sending] == [200, 200]
    assert values_of(db, "P50") == {"I01": 3, "I02": 4}
    assert values_of(db, "P40") == {"I01": 7}
