"""How numbers typed in a monthly report are read, told as conversations (issue #11, points 4–7).

The small plan (tests/plans.py) asks P50, in order: 1 I01 (แห่ง, a count), 2 I02 (ราย, a count),
3 I03 (ร้อยละ, "อัตราการขยายตัว…": a change), 4 the budget of project A (500,000 baht), ...
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from models.entities import Disbursement, Indicator, Result
from models.plan_import import import_plan
from tests.plans import write_small_plan
from tests.support import quick_labels, texts_of

OFFICER = "Uofficer50"


def results(db) -> dict[str, Decimal]:
    db.expire_all()
    return dict(
        db.execute(
            select(Indicator.code, Result.value).join(Result, Result.indicator_id == Indicator.id)
        ).all()
    )


def rename_i03(db, tmp_path, name: str) -> None:
    """The admin re-imports the plan with I03 renamed (its `ชนิดค่า` left empty: inferred)."""
    path = write_small_plan(tmp_path / "plan-i03.xlsx")
    book = load_workbook(path)
    for row in book["ตัวชี้วัด"].iter_rows(min_row=2):
        if row[0].value == "I03":
            row[4].value = name
    book.save(path)
    import_plan(db, path, 2570)
    db.commit()


# --- point 4: grouping separators are checked ---------------------------------------------------


def test_a_misplaced_comma_is_asked_back_never_guessed(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    answer = chat.says(OFFICER, "12,50")
    assert "12,50" in answer and "1,250" in answer and "12.5" in answer  # what it might have meant
    assert "ข้อ 1/" in answer  # the same question again
    assert "ข้อ 1/" in chat.says(OFFICER, "1,2,5,0")
    assert results(db) == {}

    assert "ข้อ 2/" in chat.says(OFFICER, "12")
    assert "ข้อ 3/" in chat.says(OFFICER, "๑,๒๕๐")
    assert results(db) == {"I01": Decimal("12"), "I02": Decimal("1250")}


# --- point 5: scale words --------------------------------------------------------------------


def test_a_budget_in_millions_or_hundred_thousands_is_read_in_full_and_shown_back(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for answer in ["1", "2", "3"]:
        chat.says(OFFICER, answer)
    doubt = chat.says(OFFICER, "1.2 ล้าน")  # more than the 500,000 baht allocated: questioned
    assert "1,200,000 บาท" in doubt
    assert db.scalars(select(Disbursement)).all() == []

    replies = texts_of(chat.say(OFFICER, "1.5 แสน"))
    assert "150,000 บาท" in replies[0]  # the full figure, before the next question
    assert "ปัญหา" in replies[-1]
    assert db.scalar(select(Disbursement.amount)) == Decimal("150000")


# --- point 6: units and value types ------------------------------------------------------------


def test_a_unit_other_than_the_indicators_is_asked_back_once(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    doubt = chat.say(OFFICER, "12 ราย")  # I01 counts แห่ง
    assert "ราย" in texts_of(doubt)[0] and "แห่ง" in texts_of(doubt)[0]
    assert "ใช่" in quick_labels(doubt)
    assert results(db) == {}
    assert "ข้อ 2/" in chat.says(OFFICER, "ใช่")
    assert results(db) == {"I01": Decimal("12")}

    doubt = chat.says(OFFICER, "45%")  # I02 counts ราย
    assert "ร้อยละ" in doubt and "ราย" in doubt
    assert "ข้อ 3/" in chat.says(OFFICER, "45 ราย")  # the right unit: saved at once
    assert results(db) == {"I01": Decimal("12"), "I02": Decimal("45")}


def test_a_count_takes_whole_numbers_only(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    refused = chat.says(OFFICER, "2.5 แห่ง")
    assert "จำนวนเต็ม" in refused and "ข้อ 1/" in refused
    assert results(db) == {}
    assert "ข้อ 2/" in chat.says(OFFICER, "2 แห่ง")
    assert results(db) == {"I01": Decimal("2")}


def test_a_growth_rate_may_be_negative_or_pass_100(chat, register, db):
    """I03 "อัตราการขยายตัว…" (ร้อยละ) is a change: it may go below 0 and above 100."""
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    chat.says(OFFICER, "1")
    assert "ติดลบได้" in chat.says(OFFICER, "2")  # the question says a drop is typed as negative
    assert "งบประมาณ" in chat.says(OFFICER, "-2")
    assert results(db)["I03"] == Decimal("-2")
    assert "ร้อยละ -2" in chat.says(OFFICER, "ย้อนกลับ")
    assert "งบประมาณ" in chat.says(OFFICER, "150")
    assert results(db)["I03"] == Decimal("150")


def test_a_ratio_may_pass_100_without_a_question(chat, register, db, tmp_path):
    register(OFFICER)
    rename_i03(db, tmp_path, "อัตราส่วนเงินออมต่อหนี้สินของสมาชิกสหกรณ์")
    chat.says(OFFICER, "รายงาน")
    chat.says(OFFICER, "1")
    chat.says(OFFICER, "2")
    assert "งบประมาณ" in chat.says(OFFICER, "150")
    assert results(db)["I03"] == Decimal("150")
    assert "ข้อ 3/" in chat.says(OFFICER, "ย้อนกลับ")
    refused = chat.says(OFFICER, "-1")  # a ratio is never negative
    assert "ติดลบ" in refused and "ข้อ 3/" in refused
    assert results(db)["I03"] == Decimal("150")
    assert db.scalar(select(Indicator.value_type).where(Indicator.code == "I03")) == "ratio"


def test_a_percentage_over_100_is_refused_not_questioned(chat, register, db, tmp_path):
    register(OFFICER)
    rename_i03(db, tmp_path, "ร้อยละของสหกรณ์ที่ผ่านเกณฑ์มาตรฐาน")  # a plain percentage
    chat.says(OFFICER, "รายงาน")
    chat.says(OFFICER, "1")
    chat.says(OFFICER, "2")
    refused = chat.say(OFFICER, "150")
    assert "0 ถึง 100" in texts_of(refused)[0]
    assert "ข้อ 3/" in texts_of(refused)[-1] and "ใช่" not in quick_labels(refused)
    assert "ข้อ 3/" in chat.says(OFFICER, "ใช่")  # nothing to confirm
    assert "I03" not in results(db)
    assert "งบประมาณ" in chat.says(OFFICER, "100%")
    assert results(db)["I03"] == Decimal("100")
    assert db.scalar(select(Indicator.value_type).where(Indicator.code == "I03")) == "percentage"


# --- point 7: "nothing" is 0 -------------------------------------------------------------------


def test_nothing_words_are_saved_as_zero_and_the_reply_says_so(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    replies = texts_of(chat.say(OFFICER, "ไม่มี"))
    assert "ไม่มี" in replies[0] and "0 แห่ง" in replies[0]
    assert "ข้อ 2/" in replies[-1]
    replies = texts_of(chat.say(OFFICER, "-"))
    assert "0 ราย" in replies[0] and "ข้อ 3/" in replies[-1]
    replies = texts_of(chat.say(OFFICER, "ไม่มีผล"))
    assert "ร้อยละ 0" in replies[0] and "งบประมาณ" in replies[-1]
    assert results(db) == {"I01": Decimal("0"), "I02": Decimal("0"), "I03": Decimal("0")}


def test_the_division_sees_a_growth_over_100_without_a_rate_warning(chat, register, db):
    """ "ร้อยละเกิน 100" flags percentages only; I03 is a growth rate (a change)."""
    register(OFFICER)
    register("Udivision", role="division", unit_code="กพก.")
    chat.says(OFFICER, "รายงาน")
    for answer in ["1", "2", "150", "100", "ไม่มี", "0", "ไม่มี"]:
        chat.says(OFFICER, answer)
    assert "เรียบร้อย" in chat.says(OFFICER, "ยืนยัน")

    chat.says("Udivision", "ตรวจ")
    sheet = chat.says("Udivision", "P50")
    assert "ร้อยละ 150" in sheet
    assert "ร้อยละเกิน 100" not in sheet
