"""A whole month across the three tiers: offices report, the division reviews and returns, the
officer corrects, the division approves and summarises, central closes, the audit trail tells it."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select

from models.entities import AuditLog, Period, Result, Unit
from tests.support import quick_labels, texts_of

P50, P40, P90 = "Uofficer50", "Uofficer40", "Uofficer90"
DIVISION, CENTRAL = "Udivision", "Ucentral"
P50_ANSWERS = ["10", "100", "2", "50000", "ไม่มี", "0", "ไม่มี"]
SMALL_ANSWERS = ["8", "90", "40000", "ไม่มี"]


def report_month(chat, user: str, answers: list[str]) -> str:
    chat.says(user, "รายงาน")
    for answer in answers:
        chat.says(user, answer)
    return chat.says(user, "ยืนยัน")


def test_a_month_from_report_to_close(chat, register, set_now, db, line_server, db_url, bot_app):
    for user, unit in ((P50, "P50"), (P40, "P40"), (P90, "P90")):
        register(user, "officer", unit)
    register(DIVISION, "division", "กพก.")
    register(CENTRAL, "central", "กผง.")

    assert "เรียบร้อย" in report_month(chat, P50, P50_ANSWERS)
    assert "เรียบร้อย" in report_month(chat, P40, SMALL_ANSWERS)
    set_now("2026-12-21T09:00:00+07:00")  # P90 reports a day after its deadline
    late = report_month(chat, P90, SMALL_ANSWERS)
    assert "ส่งหลังกำหนด" in late

    # The division sees the queue, newest first, names office and period in BE.
    queue = chat.says(DIVISION, "ตรวจ")
    assert "รอบเดือนธันวาคม 2569" in queue and "รอตรวจ 3 แห่ง" in queue
    assert queue.index("P90") < queue.index("P40") < queue.index("P50")
    assert "(ส่งช้า)" in queue
    sheet = chat.says(DIVISION, "P40")
    assert "สำนักงานสหกรณ์จังหวัดขอนแก่น" in sheet and "รอบเดือนธันวาคม 2569" in sheet
    assert "จำนวนสมาชิกสหกรณ์" in sheet
    chat.says(DIVISION, "ส่งกลับ")
    chat.says(DIVISION, "2")
    done = chat.says(DIVISION, "ตัวเลขสมาชิกสูงกว่ารายงานของจังหวัด กรุณาตรวจสอบ")
    assert "ส่งกลับ 1 รายการ" in done and "แจ้งเจ้าหน้าที่ 1 คน" in done

    # The officer of P40 received a push with a retry key, naming what came back and why.
    pushes = [r for r in line_server.store.pushes() if r.json["to"] == P40]
    assert len(pushes) == 1 and pushes[0].retry_key
    pushed = texts_of(pushes[0].messages)[0]
    assert "ถูกส่งกลับ" in pushed and "จำนวนสมาชิก" in pushed and "กรุณาตรวจสอบ" in pushed

    # Returned items are not done for anyone until resubmitted.
    assert "ถูกส่งกลับให้แก้ไข 1 ข้อ" in chat.says(P40, "สถานะ")
    again = chat.says(P40, "รายงาน")
    assert "ส่งกลับให้แก้ไข" in again and "จำนวนสมาชิก" in again
    summary = chat.says(P40, "75")
    assert "สรุปรายงาน" in summary
    assert "เรียบร้อย" in chat.says(P40, "ยืนยัน")

    # The division approves everyone.
    for office in ("P40", "P50", "P90"):
        chat.says(DIVISION, "ตรวจ")
        chat.says(DIVISION, office)
        assert f"({office}) ทั้ง" in chat.says(DIVISION, "อนุมัติ")  # "อนุมัติ สกจ.ขอนแก่น (P40) ทั้ง …"
        assert "อนุมัติผลของ" in chat.says(DIVISION, "ยืนยัน")
    assert set(db.scalars(select(Result.status))) == {"approved"}

    # ... and writes its project summaries, starting from what the offices wrote.
    for number in ("1", "2"):
        chat.says(DIVISION, "สรุปโครงการ")
        chat.says(DIVISION, number)
        chat.says(DIVISION, "=เกษตรกรติดภารกิจเก็บเกี่ยว")
        chat.says(DIVISION, "ปรับแผนอบรมเป็นช่วงเย็น")
        assert "บันทึกสรุปโครงการ" in chat.says(DIVISION, "สหกรณ์ได้รับการพัฒนาตามเป้าหมาย")

    # Central sees completeness and closes the period.
    set_now("2026-12-25T15:00:00+07:00")
    status = chat.say(CENTRAL, "ปิดรอบ")
    text = "\n".join(texts_of(status))
    assert "หน่วยงานส่งครบ 3/3" in text and "ผ่านการตรวจ 3" in text and "สรุปโครงการของกอง 2/2" in text
    assert "ยืนยัน" in quick_labels(status)
    assert "ปิดรอบเดือนธันวาคม 2569 เรียบร้อย" in chat.says(CENTRAL, "ยืนยัน")
    db.expire_all()
    assert db.scalar(select(Period.state).where(Period.month_start == bot_app_month())) == "closed"

    # An edit after closing is refused with a clear answer.
    assert "ปิดแล้ว" in chat.says(P50, "แก้ไข")
    assert "ปิดแล้ว" in chat.says(DIVISION, "ตรวจ")

    # The audit trail shows every step with old and new values.
    env = {**os.environ, "DATABASE_URL": db_url}
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "audit", "--unit", "P40", "--period", "2569-12"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    joined = "\n".join(lines)

    def logged(what: str, change: str) -> bool:
        return any(f"| {what} #" in line and f"| {change} |" in line for line in lines)

    # ... in Thai: what changed, and statuses as users read them (issue #24)
    assert logged("ผล ค่า", "- -> 90") and logged("ผล ค่า", "90 -> 75")
    assert logged("ผล สถานะ", "ส่งแล้ว -> ถูกส่งกลับ") and logged("ผล สถานะ", "ส่งแล้ว -> ผ่านการตรวจ")
    assert logged("รอบรายงาน สถานะรอบ", "เปิด -> ปิด")
    assert "submitted" not in joined and "approved" not in joined and "value" not in joined
    stamps = [line.split(" | ")[0] for line in lines]
    assert stamps == sorted(stamps)  # oldest first
    p40 = db.scalar(select(Unit).where(Unit.code == "P40"))
    assert (
        db.scalar(select(AuditLog).where(AuditLog.unit_id == p40.id, AuditLog.field == "review_note"))
        is not None
    )


def bot_app_month():
    from datetime import date

    return date(2026, 12, 1)


def test_reopening_needs_a_reason_and_is_audited(chat, register, db):
    register(CENTRAL, "central", "กผง.")
    register(P50, "officer", "P50")
    chat.says(CENTRAL, "ปิดรอบ")
    chat.says(CENTRAL, "ยืนยัน")
    assert "ปิดแล้ว" in chat.says(P50, "รายงาน")
    assert "เหตุผล" in chat.says(CENTRAL, "เปิดรอบ")
    assert "เปิดรอบเดือนธันวาคม 2569 อีกครั้งแล้ว" in chat.says(CENTRAL, "สสจ.เชียงใหม่ขอแก้ตัวเลข")
    assert "ข้อ 1/" in chat.says(P50, "รายงาน")
    reasons = db.scalars(select(AuditLog.new_value).where(AuditLog.field == "reopen_reason")).all()
    assert reasons == ["สสจ.เชียงใหม่ขอแก้ตัวเลข"]


def test_status_for_a_division_counts_the_offices_on_its_indicators(chat, register):
    register(P50, "officer", "P50")
    register(P40, "officer", "P40")
    register(DIVISION, "division", "กพก.")
    report_month(chat, P50, P50_ANSWERS)
    chat.says(P40, "รายงาน")
    chat.says(P40, "8")  # one draft, nothing sent
    status = chat.say(DIVISION, "สถานะ")
    text = "\n".join(texts_of(status))
    assert "ส่งภายใน 22 ธันวาคม 2569" in text
    assert "หน่วยงานที่ส่งครบ 1/3 แห่ง" in text and "ยังไม่ส่ง 2 แห่ง" in text
    assert "รอตรวจ 1 แห่ง" in text and "ตรวจ" in quick_labels(status)
