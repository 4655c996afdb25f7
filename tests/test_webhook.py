"""The webhook at the edge: signatures, duplicates, every kind of event LINE sends."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from models.entities import InviteCode, ProcessedEvent, Result, User
from models.inbox import PendingEvent
from models.registration import create_invites
from tests.conftest import DATA
from tests.support import body_of, event_id, sign, text_event, texts_of

SAMPLES = DATA / "line-webhook-samples" / "webhook.json"
OFFICER = "Uofficer50"


def count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def test_signature_test_vector_from_line_limits():
    assert sign("bodybodybodybody", "channel_secret") == "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="


def test_a_forged_signature_is_refused_and_nothing_is_stored(bot_app, line_server, db):
    body = body_of(text_event(OFFICER, "รายงาน", "tok"))
    client = bot_app.test_client()
    assert (
        client.post("/callback", data=body, headers={"X-Line-Signature": sign(body, "wrong")}).status_code
        == 400
    )
    assert client.post("/callback", data=body).status_code == 400
    assert count(db, ProcessedEvent) == 0
    assert line_server.store.all() == []


def test_the_url_check_with_no_events_answers_200(chat):
    assert chat.deliver() == 200


def test_a_body_that_is_not_json_but_signed_is_answered_200_and_ignored(bot_app, line_server):
    body = "not json"
    response = bot_app.test_client().post("/callback", data=body, headers={"X-Line-Signature": sign(body)})
    assert response.status_code == 200
    assert line_server.store.all() == []


def test_a_redelivered_event_changes_nothing(chat, register, db, line_server):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    eid = event_id()
    token = line_server.store.issue_reply_token(OFFICER)
    event = text_event(OFFICER, "12", token, eid=eid)
    assert chat.deliver(event) == 200
    replies_before = len(line_server.store.replies())
    again = copy.deepcopy(event)
    again["deliveryContext"]["isRedelivery"] = True
    assert chat.deliver(again) == 200
    assert len(line_server.store.replies()) == replies_before
    assert count(db, Result) == 1
    # The conversation moved one step only: the next answer lands on question 2.
    assert "ข้อ 3/" in chat.says(OFFICER, "5")


def test_every_sample_event_is_handled_without_error(chat, register, line_server, db):
    register(OFFICER)
    samples = json.loads(SAMPLES.read_text())["events"]
    assert len(samples) == 28
    for raw in samples:
        event = copy.deepcopy(raw)
        event["webhookEventId"] = event_id()
        assert chat.deliver(event) == 200, event["type"]
        # The same events again, as if they came from our registered officer.
        mine = copy.deepcopy(raw)
        mine["webhookEventId"] = event_id()
        if mine.get("source", {}).get("type") == "user":
            mine["source"]["userId"] = OFFICER
        assert chat.deliver(mine) == 200, mine["type"]
    # The file as LINE sent it, all at once (they share one webhookEventId: handled once).
    raw_body = SAMPLES.read_text()
    assert chat.post(raw_body.encode(), {"X-Line-Signature": sign(raw_body)}) == 200
    # 28 kinds twice, the invite code message, and the file once.
    assert count(db, ProcessedEvent) == 28 * 2 + 1 + 1


def test_messages_from_a_group_get_a_short_answer_or_are_ignored(chat, line_server):
    group = {"type": "group", "groupId": "Cgroup1", "userId": "Uingroup"}
    token = line_server.store.issue_reply_token("Uingroup")
    assert chat.deliver(text_event("Uingroup", "สวัสดีทุกคน", token, source=group)) == 200
    assert [r for r in line_server.store.replies() if r.json["replyToken"] == token] == []
    token = line_server.store.issue_reply_token("Uingroup")
    assert chat.deliver(text_event("Uingroup", "รายงาน", token, source=group)) == 200
    replies = [r for r in line_server.store.replies() if r.json["replyToken"] == token]
    assert "1:1" in texts_of(replies[0].messages)[0]


def test_a_new_user_is_greeted_and_asked_for_the_invite_code(chat):
    greeting = texts_of(chat.follow("Unew"))[0]
    assert "รหัสเชิญ" in greeting
    assert "รหัสเชิญ" in chat.says("Unew", "สวัสดีค่ะ")


def test_wrong_and_expired_codes_and_too_many_guesses(bot_app, chat, db, set_now):
    rt = bot_app.extensions["tidtam"]
    with rt.sessions() as session, session.begin():
        code = create_invites(session, role="officer", unit_code="P50", now=rt.clock.now(), days=1)[0]
    set_now("2026-12-17T10:00:00+07:00")  # two days later: expired
    assert "ไม่ถูกต้องหรือหมดอายุ" in chat.says("Ulate", code)
    for _ in range(4):
        chat.says("Uguess", "ABCD-EFGH")
    assert "รอประมาณ" in chat.says("Uguess", "ABCD-EFGJ")
    assert "รอประมาณ" in chat.says("Uguess", "ABCD-EFGK")
    assert count(db, User) == 0
    set_now("2026-12-17T10:11:00+07:00")  # ten minutes on: may try again
    assert "ไม่ถูกต้องหรือหมดอายุ" in chat.says("Uguess", "ABCD-EFGL")


def test_a_code_works_once(bot_app, chat, db):
    rt = bot_app.extensions["tidtam"]
    with rt.sessions() as session, session.begin():
        code = create_invites(session, role="division", unit_code="กพก.", now=rt.clock.now())[0]
    assert "ลงทะเบียนเรียบร้อย" in chat.says("Ufirst", code)
    assert "ไม่ถูกต้อง" in chat.says("Usecond", code)
    assert db.scalar(select(InviteCode.used_by_id)) is not None
    assert count(db, User) == 1


@pytest.mark.parametrize("kind", ["sticker"])
def test_a_sticker_in_the_middle_of_a_report_repeats_the_question(chat, register, kind):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    answer = "\n".join(texts_of(chat.sticker(OFFICER)))
    assert "สติกเกอร์" in answer and "ข้อ 1/" in answer


def test_unknown_text_shows_what_the_user_can_do(chat, register):
    register(OFFICER)
    answer = chat.says(OFFICER, "ทำอะไรได้บ้าง")  # asking what one can do is ช่วยเหลือ (#24)
    assert "ไม่เข้าใจ" not in answer and "รายงาน — " in answer
    assert "ไม่เข้าใจ" in chat.says(OFFICER, "ขอกาแฟหนึ่งแก้ว")  # and the closest commands


def test_officer_only_commands_are_refused_politely_for_others(chat, register):
    register("Ucentral", role="central", unit_code="กผง.")
    assert "ใช้ได้สำหรับ" in chat.says("Ucentral", "รายงาน")
    # #22: a division may report its own work; without any in the plan it is told so.
    register("Udivision", role="division", unit_code="กพก.")
    assert "ยังไม่มีตัวชี้วัดที่ต้องรายงาน" in chat.says("Udivision", "รายงาน")


# --- the webhook only receives: the turns run after it answered (issue #26) -------------------------


def test_the_webhook_answers_before_the_turn_runs(bot_app, register, chat, line_server, db):
    register(OFFICER)
    token = line_server.store.issue_reply_token(OFFICER)
    body = body_of(text_event(OFFICER, "สถานะ", token))
    response = bot_app.test_client().post("/callback", data=body, headers={"X-Line-Signature": sign(body)})
    assert response.status_code == 200
    assert [r for r in line_server.store.replies() if r.json["replyToken"] == token] == []  # not yet
    assert count(db, PendingEvent) == 1
    assert line_server.store.wait_for(lambda s: any(r.json["replyToken"] == token for r in s.replies()))
    assert count(db, PendingEvent) == 0


def test_a_turn_the_database_failed_runs_again_by_itself(bot_app, chat, register, line_server, db):
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    engine = bot_app.extensions["tidtam"].engine
    failures = []

    def fail_once(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO RESULT") and not failures:
            failures.append(statement)
            raise OperationalError(statement, parameters, Exception("database went away"))

    token = line_server.store.issue_reply_token(OFFICER)
    event.listen(engine, "before_cursor_execute", fail_once)
    try:
        assert chat.deliver(text_event(OFFICER, "12", token)) == 200  # no redelivery follows
        assert failures
        assert line_server.store.wait_for(
            lambda s: any(r.json["replyToken"] == token for r in s.replies()), timeout=10
        )
    finally:
        event.remove(engine, "before_cursor_execute", fail_once)
    assert count(db, Result) == 1 and count(db, PendingEvent) == 0
    assert "ข้อ 3/" in chat.says(OFFICER, "5")  # the conversation moved once


def test_events_a_dead_process_left_are_run_when_the_next_one_starts(bot_app, register, line_server, db):
    from bot import turns
    from bot.app import create_app
    from handlers.messages import Inbound

    register(OFFICER)
    rt = bot_app.extensions["tidtam"]
    token = line_server.store.issue_reply_token(OFFICER)
    inbound = Inbound(kind="text", user_id=OFFICER, text="สถานะ", reply_token=token, event_id=event_id())
    turns.record(rt, [inbound], rt.clock.now())  # recorded, then the process died before its turn
    assert not line_server.store.wait_for(
        lambda s: any(r.json["replyToken"] == token for r in s.replies()), timeout=1
    )
    restarted = create_app(rt.config)
    try:
        assert line_server.store.wait_for(
            lambda s: any(r.json["replyToken"] == token for r in s.replies()), timeout=10
        )
    finally:
        restarted.extensions["tidtam"].close()
    assert count(db, PendingEvent) == 0
