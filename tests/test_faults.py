"""What fails, and what must hold anyway: nothing confirmed is lost, nothing is sent twice."""

from __future__ import annotations

import copy
import random

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from bot.line_adapter import LineAdapter
from models.entities import ProcessedEvent, Result
from tests.support import SECRET, TOKEN, event_id, text_event, texts_of

pytestmark = pytest.mark.faults

OFFICER = "Uofficer50"
ANSWERS = ["1", "2", "3", "100", "ไม่มี", "0", "ไม่มี"]


def reach_summary(chat):
    chat.says(OFFICER, "รายงาน")
    for answer in ANSWERS:
        chat.says(OFFICER, answer)


def test_a_confirmation_whose_reply_fails_arrives_by_push_once(chat, register, line_server, db):
    register(OFFICER)
    reach_summary(chat)
    line_server.store.fail_next("/v2/bot/message/reply", [500])
    line_server.store.fail_next("/v2/bot/message/push", [500, 429])
    chat.says(OFFICER, "ยืนยัน")

    def delivered(store):
        return [m for m in store.messages_to(OFFICER) if "ส่งรายงานเดือน" in (m.get("text") or "")]

    # A worker pushes it from the outbox, retrying with back-off.
    assert line_server.store.wait_for(lambda s: len(delivered(s)) >= 1, timeout=10)
    assert len(delivered(line_server.store)) == 1
    pushes = line_server.store.pushes()
    assert len({p.retry_key for p in pushes}) == 1 and [p.status for p in pushes] == [500, 429, 200]
    assert set(db.scalars(select(Result.status))) == {"submitted"}


def test_ordinary_answers_are_not_pushed_when_a_reply_fails(chat, register, line_server):
    register(OFFICER)
    line_server.store.fail_next("/v2/bot/message/reply", [500])
    chat.say(OFFICER, "สถานะ")
    assert line_server.store.pushes() == []


def test_a_slow_line_api_never_makes_a_confirmation_arrive_twice(bot_app, chat, register, line_server):
    """A reply that timed out may still have reached LINE: it is not repeated by push."""
    register(OFFICER)
    reach_summary(chat)
    rt = bot_app.extensions["tidtam"]
    rt.line = LineAdapter(SECRET, TOKEN, line_server.url, timeout=0.3)
    line_server.store.set_latency(0.6)
    chat.say(OFFICER, "ยืนยัน")

    def delivered(store):
        return [m for m in store.messages_to(OFFICER) if "ส่งรายงานเดือน" in (m.get("text") or "")]

    assert line_server.store.wait_for(lambda s: len(delivered(s)) >= 1, timeout=5)
    line_server.store.set_latency(0)
    assert len(delivered(line_server.store)) == 1
    assert line_server.store.pushes() == []


def test_a_push_that_times_out_is_retried_and_delivered_once(bot_app, register, line_server, db):
    from bot.webhook import send_push
    from handlers.messages import Push, Text
    from models.entities import Notification

    register(OFFICER)
    line_server.store.clear()
    rt = bot_app.extensions["tidtam"]
    rt.line = LineAdapter(SECRET, TOKEN, line_server.url, timeout=0.3)
    line_server.store.set_latency(0.5)
    key = "8d1f3c3e-6b2a-4c55-9b1e-2f0e6a9d7c11"
    send_push(rt, Push(OFFICER, (Text("ทดสอบ"),), key))
    assert line_server.store.wait_for(lambda s: len(s.pushes()) >= 3, timeout=10)
    line_server.store.set_latency(0)

    def sent(_store):
        db.expire_all()
        return db.scalar(select(Notification.status).where(Notification.retry_key == key)) == "sent"

    assert line_server.store.wait_for(sent, timeout=10)
    statuses = [p.status for p in line_server.store.pushes()]
    assert statuses[0] == 200 and set(statuses[1:]) == {409}, statuses
    assert len(line_server.store.messages_to(OFFICER)) == 1


def test_a_returned_value_is_pushed_once_despite_errors(chat, register, line_server):
    register(OFFICER)
    register("Udivision", "division", "กพก.")
    reach_summary(chat)
    chat.says(OFFICER, "ยืนยัน")
    chat.says("Udivision", "ตรวจ")
    chat.says("Udivision", "P50")
    chat.says("Udivision", "ส่งกลับ")
    chat.says("Udivision", "1")
    line_server.store.fail_next("/v2/bot/message/push", [503, 500])
    chat.says("Udivision", "ตัวเลขไม่ตรงกับทะเบียน")
    assert line_server.store.wait_for(lambda s: any(p.status == 200 for p in s.pushes()), timeout=10)
    deliveries = [p for p in line_server.store.pushes() if p.status == 200]
    assert len(deliveries) == 1 and deliveries[0].json["to"] == OFFICER


def test_the_reviewers_own_returned_notice_arrives_by_push_when_the_reply_fails(chat, register, line_server):
    register(OFFICER)
    register("Udivision", "division", "กพก.")
    reach_summary(chat)
    chat.says(OFFICER, "ยืนยัน")
    chat.says("Udivision", "ตรวจ")
    chat.says("Udivision", "P50")
    chat.says("Udivision", "ส่งกลับ")
    chat.says("Udivision", "1")
    line_server.store.fail_next("/v2/bot/message/reply", [500])
    chat.say("Udivision", "ตัวเลขไม่ตรงกับทะเบียน")

    def told(store):
        return [m for m in store.messages_to("Udivision") if "ส่งกลับ 1 รายการให้" in (m.get("text") or "")]

    assert line_server.store.wait_for(lambda s: len(told(s)) >= 1, timeout=10)
    assert len(told(line_server.store)) == 1
    assert any(
        p.json["to"] == OFFICER and p.status == 200 for p in line_server.store.pushes()
    )  # and the officer


def test_the_database_failing_mid_turn_writes_nothing_and_the_redelivery_is_processed_once(
    bot_app, chat, register, line_server, db
):
    register(OFFICER)
    reach_summary(chat)
    engine = bot_app.extensions["tidtam"].engine

    def fail_on_submit(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("UPDATE RESULT"):
            raise OperationalError(statement, parameters, Exception("database went away"))

    token = line_server.store.issue_reply_token(OFFICER)
    confirm = text_event(OFFICER, "ยืนยัน", token, eid=event_id())
    event.listen(engine, "before_cursor_execute", fail_on_submit)
    try:
        # The webhook only records the event (200); its turn fails and waits for a retry.
        assert chat.deliver(confirm) == 200
    finally:
        event.remove(engine, "before_cursor_execute", fail_on_submit)
    db.expire_all()
    assert set(db.scalars(select(Result.status))) == {"draft"}  # nothing half-written
    assert db.get(ProcessedEvent, confirm["webhookEventId"]) is None

    redelivery = copy.deepcopy(confirm)
    redelivery["deliveryContext"]["isRedelivery"] = True
    assert chat.deliver(redelivery) == 200
    assert chat.deliver(redelivery) == 200
    db.expire_all()
    assert set(db.scalars(select(Result.status))) == {"submitted"}
    assert len(set(db.scalars(select(Result.submitted_at)))) == 1
    replies = [r for r in line_server.store.replies() if r.json["replyToken"] == token and r.status == 200]
    assert len(replies) == 1 and "เรียบร้อย" in texts_of(replies[0].messages)[0]


def snapshot(db) -> list[tuple]:
    db.expire_all()
    return sorted((r.indicator_id, str(r.value), r.status) for r in db.scalars(select(Result)))


SESSION = [
    "รายงาน",
    "5",
    "สวัสดี",
    "40",
    "ข้าม",
    "ย้อนกลับ",
    "2.5",
    "1,000",
    "ไม่มี",
    "ข้าม",
    "ไม่มี",
    "ยืนยัน",
    "แก้ไข",
    "1",
    "7",
    "สถานะ",
]


def storm(events: list[dict], rng: random.Random) -> list[dict]:
    """Every event three times; first deliveries keep their order, redeliveries come at random
    later moments (as LINE's redelivery does)."""
    out: list[dict] = []
    pending: list[dict] = []
    for original in events:
        out.append(original)
        for _ in range(2):
            again = copy.deepcopy(original)
            again["deliveryContext"]["isRedelivery"] = True
            pending.append(again)
        rng.shuffle(pending)
        while pending and rng.random() < 0.5:
            out.append(pending.pop())
    rng.shuffle(pending)
    return out + pending


@pytest.mark.parametrize("seed", [1, 2])
def test_a_redelivery_storm_gives_the_same_result_as_a_clean_run(
    bot_app, chat, register, line_server, db, seed
):
    register(OFFICER)
    register("Uclean", "officer", "P40")
    register("Ustorm", "officer", "P90")

    def events_for(user: str) -> list[dict]:
        return [text_event(user, text, line_server.store.issue_reply_token(user)) for text in SESSION]

    for item in events_for("Uclean"):
        assert chat.deliver(item) == 200
    for item in storm(events_for("Ustorm"), random.Random(seed)):
        assert chat.deliver(item) == 200

    def values(unit_code: str):
        from models.entities import Unit

        unit = db.scalar(select(Unit).where(Unit.code == unit_code))
        db.expire_all()
        return sorted(
            (r.indicator_id, str(r.value), r.status)
            for r in db.scalars(select(Result).where(Result.unit_id == unit.id))
        )

    assert values("P90") == values("P40") != []
