"""Approving asks once ("อนุมัติ สกจ.ขอนแก่น (P40) ทั้ง 2 ข้อ?") and can be undone until the period closes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models.entities import AuditLog, Result, Unit, User
from models.periods import period_info
from models.review import set_period_state
from tests.support import quick_labels

P50, P40 = "Uofficer50", "Uofficer40"
DIVISION = "Udivision"
P50_ANSWERS = ["10", "100", "2", "50000", "ไม่มี", "0", "ไม่มี"]
P40_ANSWERS = ["8", "90", "40000", "ไม่มี"]


def report_month(chat, user: str, answers: list[str]) -> None:
    chat.says(user, "รายงาน")
    for answer in answers:
        chat.says(user, answer)
    assert "เรียบร้อย" in chat.says(user, "ยืนยัน")


def statuses(db, code: str) -> list[str]:
    db.expire_all()
    unit = db.scalar(select(Unit.id).where(Unit.code == code))
    return sorted(db.scalars(select(Result.status).where(Result.unit_id == unit)))


def two_offices_reported(chat, register) -> None:
    register(P50, "officer", "P50")
    register(P40, "officer", "P40")
    register(DIVISION, "division", "กพก.")
    report_month(chat, P50, P50_ANSWERS)
    report_month(chat, P40, P40_ANSWERS)


def test_approving_asks_once_and_nothing_changes_until_confirmed(chat, register, db):
    two_offices_reported(chat, register)
    chat.says(DIVISION, "ตรวจ")
    chat.says(DIVISION, "P40")
    question = chat.say(DIVISION, "อนุมัติ")
    assert "อนุมัติ สกจ.ขอนแก่น (P40) ทั้ง 2 ข้อ?" in question[-1]["text"]
    assert quick_labels(question) == ["ยืนยัน", "ยกเลิก"]
    assert statuses(db, "P40") == ["submitted", "submitted"]
    assert "อนุมัติ สกจ.ขอนแก่น (P40) ทั้ง 2 ข้อ?" in chat.says(DIVISION, "ok")  # anything else asks again
    assert "ยกเลิก" in chat.says(DIVISION, "ยกเลิก")
    assert statuses(db, "P40") == ["submitted", "submitted"]

    chat.says(DIVISION, "ตรวจ")
    chat.says(DIVISION, "P40")
    chat.says(DIVISION, "อนุมัติ")
    done = chat.say(DIVISION, "ยืนยัน")
    text = "\n".join(m["text"] for m in done)
    assert "อนุมัติผลของ สำนักงานสหกรณ์จังหวัดขอนแก่น รอบเดือนธันวาคม 2569 แล้ว 2 รายการ" in text
    assert "ยกเลิกการอนุมัติ" in quick_labels(done)
    assert statuses(db, "P40") == ["approved", "approved"]
    assert statuses(db, "P50") == ["submitted"] * 3


def test_an_approval_is_undone_until_the_period_closes(chat, register, db, bot_app):
    two_offices_reported(chat, register)
    for office in ("P40", "P50"):
        chat.says(DIVISION, "ตรวจ")
        chat.says(DIVISION, office)
        chat.says(DIVISION, "อนุมัติ")
        chat.says(DIVISION, "ยืนยัน")
    assert statuses(db, "P40") == ["approved"] * 2 and statuses(db, "P50") == ["approved"] * 3

    offices = chat.say(DIVISION, "ยกเลิกการอนุมัติ")  # the latest approval first
    assert "1. P50" in offices[-1]["text"] and "2. P40" in offices[-1]["text"]
    assert quick_labels(offices) == ["สกจ.เชียงใหม่", "สกจ.ขอนแก่น", "ยกเลิก"]
    assert "ไม่พบหน่วยงานนี้" in chat.says(DIVISION, "P90")
    assert "ยกเลิกการอนุมัติ สกจ.ขอนแก่น (P40) ทั้ง 2 ข้อ?" in chat.says(DIVISION, "2")
    assert statuses(db, "P40") == ["approved"] * 2  # asked, not yet done
    assert "แล้ว 2 ข้อค่ะ ผลกลับไปรอตรวจ" in chat.says(DIVISION, "ยืนยัน")
    assert statuses(db, "P40") == ["submitted"] * 2 and statuses(db, "P50") == ["approved"] * 3
    undone = db.scalars(
        select(AuditLog).where(AuditLog.field == "status", AuditLog.old_value == "approved")
    ).all()
    assert [(a.new_value, a.via) for a in undone] == [("submitted", "chat")] * 2
    assert "รอตรวจ 1 แห่ง" in chat.says(DIVISION, "ตรวจ")  # P40 is back in the queue

    # Only P50 is left approved: the question comes at once. Then the period closes: no more undo.
    assert "ยกเลิกการอนุมัติ สกจ.เชียงใหม่ (P50) ทั้ง 3 ข้อ?" in chat.says(DIVISION, "ยกเลิกการอนุมัติ")
    rt = bot_app.extensions["tidtam"]
    with (
        rt.sessions() as session,
        session.begin(),
    ):  # December closes (the ปิดรอบ dialogue is tested elsewhere)
        closer = session.scalar(select(User).where(User.line_user_id == DIVISION))
        set_period_state(session, closer, period_info(session, date(2026, 12, 1)), "closed", rt.clock.now())
    assert "ปิดแล้ว" in chat.says(DIVISION, "ยืนยัน")
    assert statuses(db, "P50") == ["approved"] * 3
    assert "ปิดแล้ว" in chat.says(DIVISION, "ยกเลิกการอนุมัติ")


def test_nothing_approved_nothing_to_undo(chat, register):
    register(DIVISION, "division", "กพก.")
    assert "ยังไม่มีผลที่อนุมัติแล้ว" in chat.says(DIVISION, "ยกเลิกการอนุมัติ")
    register(P50, "officer", "P50")
    assert "กอง/สำนัก" in chat.says(P50, "ยกเลิกการอนุมัติ")
