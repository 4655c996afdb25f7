"""One message at a time per user, in the order they were sent (issues #23, #26).

The bot runs on a real multi-threaded HTTP server; threads post signed webhooks at the same moment,
as LINE does when an officer types faster than the bot answers. The webhook only records them:
the turn runner runs each user's messages in LINE's timestamp order once they are a little old
(bot/turn_runner.py HOLD_S), so that one sent earlier but delivered later still comes first.
"""

from __future__ import annotations

import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta

import pytest
import requests
from openpyxl import load_workbook
from sqlalchemy import create_engine, delete, func, select, text
from werkzeug.serving import make_server

from bot import turns
from handlers.messages import Inbound
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

    def post(self, event: dict, delay: float = 0.0) -> int:
        time.sleep(delay)
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
        assert self.store.wait_for(lambda s: self.replies_to(event), timeout=30)  # answered after the webhook
        (answer,) = self.replies_to(event)
        return answer


def pending(db, user_id: str) -> int:
    db.expire_all()
    return db.scalar(
        select(func.count()).select_from(PendingEvent).where(PendingEvent.line_user_id == user_id)
    )


@contextmanager
def officer_busy(rt, user_id: str, monkeypatch):
    """As if the officer's previous message were still being handled. On PostgreSQL another
    connection (another web process) holds the officer's row; on SQLite, which has one writer at a
    time, this process's runner is held at the officer's lane instead."""
    if on_postgres():
        engine = create_engine(rt.config.database_url)
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT id FROM app_user WHERE line_user_id = :u FOR UPDATE"), {"u": user_id})
            yield
        engine.dispose()
        return
    released = threading.Event()
    run_lane = turns.run_lane

    def held_lane(rt_, lane, *args, **kwargs):
        if lane == user_id:
            released.wait(60)
        return run_lane(rt_, lane, *args, **kwargs)

    monkeypatch.setattr(turns, "run_lane", held_lane)
    try:
        yield
    finally:
        released.set()


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


# 100 rounds in CI (about 1.5 s each); TIDTAM_TURN_ORDER_ROUNDS=10 for a quicker look.
ROUNDS = int(os.environ.get("TIDTAM_TURN_ORDER_ROUNDS", "100"))


def test_ten_answers_sent_at_once_land_on_ten_items_in_order(bot_app, server, line_server, register, db):
    """Nothing in progress: ten answers typed in order reach the server shuffled, a few ms apart."""
    register(OFFICER)
    rt = bot_app.extensions["tidtam"]
    # The product holds a lane 300 ms for LINE's delivery spread. This test server is werkzeug's, on
    # a CI machine that may be busy: a request it accepts late would fall outside that window through
    # no fault of the bot, so the test widens the hold to 1 s. The order itself is asserted strictly.
    rt.turns.hold_s = 1.0
    officer = Officer(server, line_server.store, OFFICER)
    rng = random.Random(23)
    with ThreadPoolExecutor(10) as pool:
        for n in range(ROUNDS):
            reset(db, "P50", OFFICER)
            assert "ข้อ 1/12" in officer.says("รายงาน")  # ten indicators, then budget and problems
            stamp = int(time.time() * 1000)
            answers = [officer.event(str(k), stamp + k) for k in range(1, 11)]  # typing order
            # They reach the server in any order, each a few milliseconds after the one before.
            order = rng.sample(range(10), 10)
            sending = [
                pool.submit(officer.post, answers[i], step * rng.uniform(0.0005, 0.003))
                for step, i in enumerate(order)
            ]
            assert [s.result() for s in sending] == [200] * 10
            assert rt.turns.drain(timeout=30, hurry=False)  # recorded: wait for their turns
            assert values_of(db, "P50") == {code: k for k, code in enumerate(ITEMS, start=1)}, (n, order)
            for k, answer in enumerate(answers, start=1):
                (reply,) = officer.replies_to(answer)  # each answered once, by its own reply token
                assert f"ข้อ {k + 1}/12" in reply, (n, k, reply)
            assert pending(db, OFFICER) == 0


def test_two_report_commands_at_once_are_both_answered(bot_app, server, line_server, register, db):
    """The first conversation row is written by one of them; the other sees it (no 500)."""
    register(OFFICER)
    rt = bot_app.extensions["tidtam"]
    officer = Officer(server, line_server.store, OFFICER)
    with ThreadPoolExecutor(2) as pool:
        for _ in range(20):
            reset(db, "P50", OFFICER)
            stamp = int(time.time() * 1000)
            both = [officer.event("รายงาน", stamp), officer.event("รายงาน", stamp + 1)]
            assert list(pool.map(officer.post, both)) == [200, 200]
            assert rt.turns.drain(timeout=30, hurry=False)
            for event in both:
                (reply,) = officer.replies_to(event)
                assert "ข้อ 1/12" in reply, reply
            db.expire_all()
            assert db.scalar(select(func.count()).select_from(ConversationState)) == 1


def test_an_officer_waiting_for_a_turn_does_not_hold_up_another(
    bot_app, server, line_server, register, db, monkeypatch
):
    register(OFFICER)
    register(OTHER, "officer", "P40")
    rt = bot_app.extensions["tidtam"]
    officer = Officer(server, line_server.store, OFFICER)
    other = Officer(server, line_server.store, OTHER)
    assert "ข้อ 1/12" in officer.says("รายงาน")
    stamp = int(time.time() * 1000)
    first, second = officer.event("3", stamp + 1), officer.event("4", stamp + 2)
    with officer_busy(rt, OFFICER, monkeypatch):
        assert [officer.post(second), officer.post(first)] == [200, 200]  # the webhook only records
        time.sleep(0.5)  # their hold is over: the officer's lane is waiting for its turn
        # The officer of another office is answered while the first officer's messages wait.
        assert "ข้อ 1/" in other.says("รายงาน")
        assert "ข้อ 2/" in other.says("7")
        assert pending(db, OFFICER) == 2 and officer.replies_to(first) == []
    assert rt.turns.drain(timeout=30, hurry=False)
    assert values_of(db, "P50") == {"I01": 3, "I02": 4}
    assert values_of(db, "P40") == {"I01": 7}


@pytest.mark.parametrize("offset_ms", [-5, 5])
def test_an_event_recorded_about_when_the_runner_looks_is_still_held(
    bot_app, register, line_server, offset_ms
):
    """An event stamped a few ms before or after the runner's own clock (a thread switch, another
    process) waits its hold like any other: run at once, it could overtake an earlier message."""
    register(OFFICER)
    rt = bot_app.extensions["tidtam"]
    rt.turns.stop()  # the lane is run by hand below
    token = line_server.store.issue_reply_token(OFFICER)
    event = Inbound(kind="text", user_id=OFFICER, text="สถานะ", reply_token=token, event_id="E" * 26)
    turns.record(rt, [event], rt.clock.now() + timedelta(milliseconds=offset_ms))
    wait = turns.run_lane(rt, OFFICER, False, 0.3)
    assert wait is not None and 0 < wait <= 0.3, wait
    assert not any((r.json or {}).get("replyToken") == token for r in line_server.store.replies())
