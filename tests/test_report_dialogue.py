"""The monthly report, told as conversations."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from models.entities import Disbursement, ProblemReport, Result
from tests.support import quick_labels, texts_of

OFFICER = "Uofficer50"


def test_officer_reports_a_whole_month_and_confirms(chat, register, db):
    register(OFFICER)
    first = chat.says(OFFICER, "รายงาน")
    assert "รอบเดือนธันวาคม 2569" in first
    assert "1 ต.ค. – 20 ธ.ค. 2569" in first
    assert "20 ธันวาคม 2569" in first and "เหลือ 5 วัน" in first
    assert "ข้อ 1/" in first and "แห่ง" in first

    assert "ข้อ 2/" in chat.says(OFFICER, "12")
    assert "ร้อยละ" in chat.says(OFFICER, "1,250 ราย")  # I03 comes next
    assert "งบประมาณ" in chat.says(OFFICER, "๒.๕")
    assert "ปัญหา" in chat.says(OFFICER, "150,000")
    assert "แนวทางแก้ไข" in chat.says(OFFICER, "ฝนตกหนัก เข้าพื้นที่ไม่ได้")
    assert "งบประมาณ" in chat.says(OFFICER, "เลื่อนการประชุมไปเดือนหน้า")
    assert "ปัญหา" in chat.says(OFFICER, "0")
    summary = chat.says(OFFICER, "ไม่มี")  # no problems: the solutions question is skipped
    assert "สรุปรายงาน" in summary and "ยืนยัน" in summary
    assert "12 แห่ง" in summary and "1,250 ราย" in summary

    done = chat.says(OFFICER, "ยืนยัน")
    assert "ส่งรายงาน" in done and "เรียบร้อย" in done

    results = {r.indicator_id: r for r in db.scalars(select(Result))}
    assert sorted(r.value for r in results.values()) == [Decimal("2.5"), Decimal("12"), Decimal("1250")]
    assert {r.status for r in results.values()} == {"submitted"}
    assert sorted(d.amount for d in db.scalars(select(Disbursement))) == [Decimal("0"), Decimal("150000")]
    problems = {p.problems: p.solutions for p in db.scalars(select(ProblemReport))}
    assert problems == {"ฝนตกหนัก เข้าพื้นที่ไม่ได้": "เลื่อนการประชุมไปเดือนหน้า", "ไม่มี": "ไม่มี"}

    status = chat.says(OFFICER, "สถานะ")
    assert "ครบถ้วนแล้ว" in status


def test_bad_numbers_get_a_clear_answer_and_the_same_question(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for bad in ["abc", "-5", "1e309", "NaN", "=1+1", "😀", "x" * 6000, "   ", "1.2.3"]:
        answer = chat.says(OFFICER, bad)
        assert "ข้อ 1/" in answer, bad
        assert "Traceback" not in answer
    assert db.scalars(select(Result)).all() == []


def test_skip_back_and_resume_later(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    assert "ข้อ 2/" in chat.says(OFFICER, "ข้าม")
    assert "ข้อ 1/" in chat.says(OFFICER, "ย้อนกลับ")
    chat.says(OFFICER, "7")
    assert "บันทึกเป็นร่าง" in chat.says(OFFICER, "ยกเลิก")
    resumed = chat.says(OFFICER, "รายงาน")
    assert "ทำต่อจากที่ค้างไว้" in resumed and "ข้อ 2/" in resumed
    assert db.scalar(select(Result.status)) == "draft"


def test_implausible_value_is_questioned_once(chat, register, db):
    """A percentage over 100 is now refused, and I03 (a growth rate) may pass 100
    (tests/test_number_answers.py); a month that passes the annual target many times over is
    still questioned once."""
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    doubt = chat.say(OFFICER, "1000")  # I01: ten times P50's annual target of 100
    assert "หลายเท่า" in texts_of(doubt)[0]
    assert "ใช่" in quick_labels(doubt)
    chat.says(OFFICER, "ใช่")
    assert Decimal("1000") in set(db.scalars(select(Result.value)))


def test_two_fast_taps_on_confirm_submit_once(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for answer in ["1", "2", "3", "100", "ไม่มี", "0", "ไม่มี"]:
        chat.says(OFFICER, answer)
    first = chat.says(OFFICER, "ยืนยัน")
    second = chat.says(OFFICER, "ยืนยัน")
    assert "เรียบร้อย" in first
    assert "เรียบร้อย" not in second or "ไม่มีรายการ" in second
    submitted_at = set(db.scalars(select(Result.submitted_at)))
    assert len(submitted_at) == 1


def test_correcting_a_submitted_value(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for answer in ["1", "2", "3", "100", "ไม่มี", "0", "ไม่มี", "ยืนยัน"]:
        chat.says(OFFICER, answer)
    listing = chat.says(OFFICER, "แก้ไข")
    assert "1." in listing and "2." in listing
    assert "ข้อ 2/" in chat.says(OFFICER, "2")
    done = chat.says(OFFICER, "25")
    assert "แก้ไขแล้ว" in done and "2 ราย → 25 ราย" in done
    assert Decimal("25") in set(db.scalars(select(Result.value)))
    assert set(db.scalars(select(Result.status))) == {"submitted"}


def test_problem_texts_are_kept_as_typed_and_bounded(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for answer in ["1", "2", "3", "100"]:
        chat.says(OFFICER, answer)
    assert "ยาวเกินไป" in chat.says(OFFICER, "ก" * 6000)
    assert "แนวทางแก้ไข" in chat.says(OFFICER, '=HYPERLINK("http://x") ฝนตก 🌧️')
    chat.says(OFFICER, "+ประสานงาน")
    texts = db.scalars(select(ProblemReport)).one()
    assert texts.problems == '=HYPERLINK("http://x") ฝนตก 🌧️' and texts.solutions == "+ประสานงาน"


def test_the_next_month_shows_what_was_reported_before(chat, register, set_now, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for answer in ["12", "100", "2.5", "150000", "ไม่มี", "0", "ไม่มี", "ยืนยัน"]:
        chat.says(OFFICER, answer)
    chat.says(OFFICER, "รายงาน")  # December, already sent
    set_now("2027-01-15T10:00:00+07:00")
    january = chat.says(OFFICER, "รายงาน")
    assert "รอบเดือนมกราคม 2570" in january and "21 ธ.ค. 2569 – 20 ม.ค. 2570" in january
    assert "ผลสะสมถึงเดือนก่อน 12 แห่ง" in january
    assert "ผลสะสมถึงเดือนก่อน 100 ราย" in chat.says(OFFICER, "8")
    assert "ค่าล่าสุด ร้อยละ 2.5" in chat.says(OFFICER, "50")
    assert "เบิกจ่ายสะสมถึงเดือนก่อน 150,000 บาท (30.0%)" in chat.says(OFFICER, "3")


def test_a_new_plan_import_shows_at_the_next_question(chat, register, db, tmp_path):
    """The plan is cached per process; an import (here: a new target for the office and a new
    indicator name) is seen by the very next message."""
    from openpyxl import load_workbook

    from models.plan_import import import_plan
    from tests.plans import write_small_plan

    register(OFFICER)
    first = chat.says(OFFICER, "รายงาน")
    assert "100 แห่ง" in first  # P50's own target for I01
    path = write_small_plan(tmp_path / "plan-v2.xlsx")
    book = load_workbook(path)
    for row in book["เป้าหมายรายหน่วย"].iter_rows(min_row=2):
        if row[0].value == "I01" and row[1].value == "P50":
            row[2].value = 140
    for row in book["ตัวชี้วัด"].iter_rows(min_row=2):
        if row[0].value == "I01":
            row[4].value = "จำนวนสหกรณ์ที่ได้รับการส่งเสริม (ปรับแผน)"
    book.save(path)
    import_plan(db, path, 2570)
    db.commit()

    again = chat.says(OFFICER, "ย้อนกลับ")  # asks the first question again
    assert "140 แห่ง" in again and "(ปรับแผน)" in again


def test_a_conversation_lasts_two_weeks_from_the_last_message(chat, register, db, set_now):
    from models.entities import ConversationState, User

    def saved():
        db.expire_all()
        user = db.scalar(select(User).where(User.line_user_id == OFFICER))
        return db.get(ConversationState, user.id)

    register(OFFICER)
    assert "ข้อ 1/" in chat.says(OFFICER, "รายงาน")
    set_now("2026-12-28T10:00:00+07:00")  # 13 days later: the report is still where it was left
    assert "ข้อ 2/" in chat.says(OFFICER, "12")
    assert saved().expires_at.date().isoformat() == "2027-01-11"  # counted again from this message
    set_now("2027-01-12T10:00:00+07:00")  # 15 days without a word: the conversation is over
    answer = chat.says(OFFICER, "1,250")
    assert "ข้อ" not in answer and "รายงาน" in answer  # help, not a question
    assert saved() is None
    assert [r.value for r in db.scalars(select(Result))] == [Decimal("12")]  # the draft stays
