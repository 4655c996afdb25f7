"""Issue #24, item 3: officers see where they stand. Told as conversations.

a. สถานะ says per month what was sent, approved, returned (with the reviewer's reason) and waits.
b. The summary before ยืนยัน fits one phone screen per ten items (bound below).
c. A resubmission shows only what changed (old → new).
d. ย้อนกลับ goes to the exact previous question, then on in order through the ones after it.
e. A problem or a solution must be words, not a bare number.
f. An invalid value typed at "ยืนยันค่านี้ใช่ไหมคะ?" is answered with why, then the question again.
g. แก้ไข shows one consistent earlier value, not "ค่าล่าสุด ยังไม่มี" beside "คำตอบเดิม".

The 20-item office: P50 with sixteen indicators (eight per project) and, per project, its budget and
its problems: 1–16 the indicators, 17 budget A, 18 problems A, 19 budget B, 20 problems B.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from models.entities import AuditLog, Indicator, ProblemReport, Result
from models.plan_import import import_plan
from tests.plans import PLAN, PROJECT_A, PROJECT_B, write_small_plan
from tests.support import quick_labels, texts_of

OFFICER = "Uofficer50"
DIVISION = "Udivision"
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

# P50's small plan (tests/plans.py): 1 I01, 2 I02, 3 I03 (ร้อยละ, the latest value), 4 budget A,
# 5 problems A (+ solutions), 6 budget B, 7 problems B (+ solutions).
SMALL_ANSWERS = ["10", "100", "2", "50000", "ฝนตกหนัก", "เลื่อนการอบรม", "0", "ไม่มี"]

# --- the 20-item plan -------------------------------------------------------------------------
ACTIVITY_A = "ส่งเสริมและพัฒนาสหกรณ์และกลุ่มเกษตรกร"
ACTIVITY_B = "พัฒนาสินค้าและผลิตภัณฑ์ของสหกรณ์"
NAMES_A = [
    ("จำนวนสหกรณ์/กลุ่มเกษตรกรได้รับการส่งเสริมและพัฒนาศักยภาพ", "แห่ง", 300),
    ("จำนวนสมาชิกสหกรณ์/กลุ่มเกษตรกรเพิ่มขึ้น", "ราย", 3000),
    ("จำนวนสหกรณ์ที่ได้รับการแนะนำส่งเสริมการจัดทำบัญชีและงบการเงิน", "แห่ง", 200),
    ("จำนวนเกษตรกรที่ได้รับการอบรมความรู้ด้านการบริหารจัดการฟาร์ม", "ราย", 1500),
    ("จำนวนกลุ่มเกษตรกรที่ได้รับการส่งเสริมให้จัดตั้งเป็นสหกรณ์", "กลุ่ม", 50),
    ("จำนวนครั้งของการประชุมเชิงปฏิบัติการร่วมกับเครือข่ายสหกรณ์", "ครั้ง", 24),
    ("จำนวนสหกรณ์ที่ผ่านเกณฑ์มาตรฐานการจัดระดับชั้นสหกรณ์", "แห่ง", 120),
    ("จำนวนผู้ตรวจสอบกิจการที่ได้รับการพัฒนาความรู้", "ราย", 400),
]
NAMES_B = [
    ("อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์", "ร้อยละ", 3),
    ("จำนวนผลิตภัณฑ์ของสหกรณ์ที่ได้รับการพัฒนาบรรจุภัณฑ์และตราสินค้า", "ผลิตภัณฑ์", 60),
    ("จำนวนสหกรณ์ที่มีช่องทางจำหน่ายสินค้าออนไลน์", "แห่ง", 80),
    ("มูลค่าการจำหน่ายสินค้าของสหกรณ์ผ่านตลาดนัดและงานแสดงสินค้า", "บาท", 5000000),
    ("จำนวนสหกรณ์ที่ได้รับการรับรองมาตรฐานสินค้าเกษตร", "แห่ง", 40),
    ("จำนวนครั้งของการจัดงานแสดงและจำหน่ายสินค้าสหกรณ์", "ครั้ง", 12),
    ("ร้อยละของสหกรณ์ที่มีกำไรสุทธิเพิ่มขึ้นจากปีก่อน", "ร้อยละ", 60),
    ("จำนวนสมาชิกที่ได้รับประโยชน์จากการรวบรวมผลผลิต", "ราย", 2500),
]
ANSWERS_20 = [
    *["12", "150", "9", "80", "3", "2", "6", "25"],
    *["2.5", "4", "5", "250000", "2", "1", "45", "120"],
    "125000",
    "ฝนตกหนักต่อเนื่องทำให้ต้องเลื่อนการอบรมสมาชิกสองครั้ง",
    "จัดอบรมชดเชยในเดือนมกราคมร่วมกับสำนักงานเกษตรอำเภอ",
    "48000",
    "ไม่มี",
]


def write_twenty_item_plan(path: Path) -> Path:
    write_small_plan(path)
    book = load_workbook(path)
    indicators, targets = book["ตัวชี้วัด"], book["เป้าหมายรายหน่วย"]
    indicators.delete_rows(2, indicators.max_row)
    targets.delete_rows(2, targets.max_row)
    rows = [(PROJECT_A, ACTIVITY_A, *row) for row in NAMES_A] + [
        (PROJECT_B, ACTIVITY_B, *row) for row in NAMES_B
    ]
    for n, (project, activity, name, unit, target) in enumerate(rows, start=1):
        indicators.append([f"I{n:02d}", PLAN, project, activity, name, unit, target * 4, "กพก.", None])
        targets.append([f"I{n:02d}", "P50", target])
    book.save(path)
    return path


def use_twenty_items(db, tmp_path) -> None:
    import_plan(db, write_twenty_item_plan(tmp_path / "twenty.xlsx"), 2570)
    db.commit()


def report(chat, answers: list[str], summary: bool = True) -> str:
    """The officer answers every question in turn; returns what came back to the last answer
    (with ``summary``, the summary before ยืนยัน)."""
    first = chat.says(OFFICER, "รายงาน")
    assert "ข้อ 1/" in first, first
    reply = ""
    for answer in answers:
        reply = chat.says(OFFICER, answer)
        assert "ยืนยันค่านี้" not in reply, (answer, reply)
    assert ("สรุปรายงาน" in reply) == summary, reply
    return reply


def summary_bubble(messages: list[dict]) -> str:
    """The summary's own text: the bubble that starts with สรุปรายงาน (the footer is the next one)."""
    return next(t for t in texts_of(messages) if t.startswith("สรุปรายงาน"))


def save_artifact(name: str, text: str) -> Path:
    """The screen as the officer reads it, for a person to look at (test-artifacts/ is not in git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def review_p50(chat, *, returns: dict[str, str] | None = None, approve: bool = False) -> None:
    """The division returns items ({number: reason}, one return each) and/or approves the rest."""
    for number, reason in (returns or {}).items():
        chat.says(DIVISION, "ตรวจ")
        assert "สำนักงานสหกรณ์จังหวัดเชียงใหม่" in chat.says(DIVISION, "P50")
        chat.says(DIVISION, "ส่งกลับ")
        chat.says(DIVISION, number)
        assert "ส่งกลับ 1 รายการ" in chat.says(DIVISION, reason)
    if approve:
        chat.says(DIVISION, "ตรวจ")
        chat.says(DIVISION, "P50")
        chat.says(DIVISION, "อนุมัติ")
        assert "✅" in chat.says(DIVISION, "ยืนยัน")


# --- a. สถานะ: sent, approved, returned with the reason, waiting --------------------------------


def test_status_says_what_the_division_approved_returned_and_has_not_looked_at(chat, register):
    register(OFFICER)
    register(DIVISION, "division", "กพก.")
    report(chat, SMALL_ANSWERS)
    assert "เรียบร้อย" in chat.says(OFFICER, "ยืนยัน")

    sent = chat.says(OFFICER, "สถานะ")  # nobody has looked yet: three results wait
    assert "ส่งแล้ว 7/7 ข้อ" in sent and "ผลตรวจตัวชี้วัด 3 ข้อ: รอกองตรวจ 3" in sent, sent

    review_p50(chat, returns={"3": "ร้อยละสูงเกินจริง กรุณาตรวจสอบกับงบการเงิน"})
    mixed = chat.says(OFFICER, "สถานะ")
    assert "ผลตรวจตัวชี้วัด 3 ข้อ: รอกองตรวจ 2 · ส่งกลับ 1" in mixed, mixed
    assert "• 3. อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์\n   เหตุผล: ร้อยละสูงเกินจริง กรุณาตรวจสอบกับงบการเงิน" in mixed

    review_p50(chat, approve=True)
    approved = chat.says(OFFICER, "สถานะ")
    assert "ผลตรวจตัวชี้วัด 3 ข้อ: อนุมัติแล้ว 2 · ส่งกลับ 1" in approved, approved
    assert "เหตุผล: ร้อยละสูงเกินจริง" in approved


def test_status_of_twenty_items_counts_each_state(chat, register, db, tmp_path):
    use_twenty_items(db, tmp_path)
    register(OFFICER)
    register(DIVISION, "division", "กพก.")
    report(chat, ANSWERS_20)
    chat.says(OFFICER, "ยืนยัน")
    review_p50(chat, returns={"9": "ร้อยละการขยายตัวไม่ตรงกับงบการเงิน", "12": "มูลค่าสูงกว่ารายงานตลาดนัด"})
    review_p50(chat, approve=True)
    status = chat.says(OFFICER, "สถานะ")
    save_artifact("officer_status.txt", status)
    assert "ส่งแล้ว 18/20 ข้อ" in status and "ผลตรวจตัวชี้วัด 16 ข้อ: อนุมัติแล้ว 14 · ส่งกลับ 2" in status, status
    assert "เหตุผล: ร้อยละการขยายตัวไม่ตรงกับงบการเงิน" in status
    assert "เหตุผล: มูลค่าสูงกว่ารายงานตลาดนัด" in status


def test_status_shows_each_open_month(chat, register, set_now):
    register(OFFICER)
    register(DIVISION, "division", "กพก.")
    report(chat, SMALL_ANSWERS)
    chat.says(OFFICER, "ยืนยัน")
    review_p50(chat, approve=True)
    set_now("2027-01-12T10:00:00+07:00")  # January's cycle; December is not closed yet
    chat.says(OFFICER, "รายงาน")
    chat.says(OFFICER, "8")
    chat.says(OFFICER, "ยกเลิก")
    status = chat.says(OFFICER, "สถานะ")
    assert "รอบเดือนมกราคม 2570" in status and "ส่งแล้ว 0/7 ข้อ" in status, status
    assert "มีร่างที่ยังไม่ได้ส่ง 1 ข้อ" in status
    assert "เดือนอื่นที่ยังเปิดอยู่:\n• ธันวาคม 2569: ส่งแล้ว 7/7 ข้อ · อนุมัติแล้ว 3" in status, status


# --- b. the summary fits a phone screen per ten items ------------------------------------------
# A LINE bubble on a phone holds about 28 Thai letters a line and 20 lines a screen; vowel and tone
# marks take no width. The bound: one line per item plus one line for the head (at most 12 lines
# per 10 items) and at most 46 characters a line (marks counted: about 1⅓ lines on the phone).
LINE_BOUND = 46


def assert_fits(summary: str, items: int) -> None:
    lines = summary.split("\n")
    assert len(lines) <= 12 * items // 10, (len(lines), summary)
    long = [line for line in lines if len(line) > LINE_BOUND]
    assert not long, long
    assert len(summary) <= LINE_BOUND * 12 * items // 10


def test_the_summary_of_twenty_items_fits_two_phone_screens(chat, register, db, tmp_path):
    use_twenty_items(db, tmp_path)
    register(OFFICER)
    report(chat, ANSWERS_20[:-1], summary=False)
    messages = chat.say(OFFICER, ANSWERS_20[-1])
    summary = summary_bubble(messages)
    save_artifact("officer_summary.txt", "\n\n".join(texts_of(messages)))

    assert_fits(summary, 20)
    assert "ตอบแล้ว 20/20 ข้อ" in summary
    # Every item is there, in plan order, with its value and unit; names are clipped between words.
    numbers = [line.split(".", 1)[0] for line in summary.split("\n")[2:]]
    assert numbers == [str(n) for n in range(1, 21)], summary
    assert "1. จำนวนสหกรณ์/กลุ่มเกษตรกร" in summary and ": 12 แห่ง" in summary
    assert ": ร้อยละ 2.5" in summary and ": 250,000 บาท" in summary and ": 125,000 บาท" in summary
    assert "18. ปัญหา " in summary and "/ แก้: จัดอบรม" in summary and "20. ปัญหา " in summary
    assert "ต่อเนื่องทำให้ต้องเลื่อนการอบรม" not in summary  # a long problem is clipped on its line
    # The summary still opens any item by its number, and ยืนยัน sends the twenty.
    assert "ข้อ 18/20" in chat.says(OFFICER, "18")
    assert "สรุปรายงาน" in chat.says(OFFICER, "ฝนตกหนัก")
    assert "ส่ง 20 รายการ" in chat.says(OFFICER, "ยืนยัน")


# --- c. a resubmission shows only what changed ------------------------------------------------


def test_a_resubmission_shows_only_the_returned_items_old_and_new(chat, register, db, tmp_path):
    use_twenty_items(db, tmp_path)
    register(OFFICER)
    register(DIVISION, "division", "กพก.")
    report(chat, ANSWERS_20)
    chat.says(OFFICER, "ยืนยัน")
    review_p50(chat, returns={"9": "ร้อยละการขยายตัวไม่ตรงกับงบการเงิน", "12": "มูลค่าสูงกว่ารายงานตลาดนัด"})

    again = chat.says(OFFICER, "รายงาน")  # the two returned items are asked first
    assert "ข้อ 9/20" in again, again
    assert "ข้อ 12/20" in chat.says(OFFICER, "3.2")
    messages = chat.say(OFFICER, "180000")
    resubmission = summary_bubble(messages)
    save_artifact("officer_resubmission.txt", "\n\n".join(texts_of(messages)))

    assert "\n9. อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์\n   ร้อยละ 2.5 → ร้อยละ 3.2\n" in resubmission, resubmission
    assert "\n12. มูลค่าการจำหน่าย" in resubmission and "\n   250,000 บาท → 180,000 บาท\n" in resubmission
    assert "อีก 18 ข้อส่งไปแล้ว ไม่มีการเปลี่ยนแปลง" in resubmission
    assert "1. จำนวนสหกรณ์" not in resubmission and "18. ปัญหา" not in resubmission
    assert len(resubmission.split("\n")) <= 7, resubmission
    assert "ส่ง 2 รายการ" in chat.says(OFFICER, "ยืนยัน")


# --- d. ย้อนกลับ: the exact previous question, then on in order ---------------------------------


def test_back_to_a_budget_then_its_problem_and_solution_are_asked_again_in_order(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for answer in SMALL_ANSWERS[:6]:  # up to project A's solution
        reply = chat.says(OFFICER, answer)
    assert "ข้อ 6/7 · งบประมาณ" in reply, reply

    assert "แนวทางแก้ไข" in chat.says(OFFICER, "ย้อนกลับ")
    problem = chat.says(OFFICER, "ย้อนกลับ")
    assert "ข้อ 5/7 · ปัญหา/อุปสรรค" in problem
    budget = chat.says(OFFICER, "ย้อนกลับ")  # from the project's problem back to its budget
    assert "ข้อ 4/7 · งบประมาณ" in budget and "คำตอบเดิม: 50,000 บาท" in budget, budget

    # Answering the budget goes on to the problem and the solution, each with its old answer.
    problem = chat.says(OFFICER, "60000")
    assert "ข้อ 5/7 · ปัญหา/อุปสรรค" in problem and "คำตอบเดิม: ฝนตกหนัก" in problem, problem
    solution = chat.says(OFFICER, "ฝนตกหนักและน้ำท่วมถนน")
    assert "แนวทางแก้ไข" in solution and "คำตอบเดิม: เลื่อนการอบรม" in solution, solution
    assert "ข้อ 6/7 · งบประมาณ" in chat.says(OFFICER, "ข้าม")  # back where the officer was

    db.expire_all()
    problems = db.scalars(select(ProblemReport)).all()
    assert [(p.problems, p.solutions) for p in problems] == [("ฝนตกหนักและน้ำท่วมถนน", "เลื่อนการอบรม")]


def test_back_from_the_summary_walks_every_question_again_to_the_summary(chat, register):
    register(OFFICER)
    report(chat, SMALL_ANSWERS)
    chat.says(OFFICER, "ย้อนกลับ")  # the summary back to the last question: project B's problem
    assert "ข้อ 6/7 · งบประมาณ" in chat.says(OFFICER, "ย้อนกลับ")
    assert "ข้อ 7/7 · ปัญหา/อุปสรรค" in chat.says(OFFICER, "0")  # not straight to the summary
    assert "สรุปรายงาน" in chat.says(OFFICER, "ไม่มี")


# --- e. a problem or a solution is words ------------------------------------------------------


def test_a_bare_number_is_not_a_problem_nor_a_solution(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for answer in SMALL_ANSWERS[:4]:
        reply = chat.says(OFFICER, answer)
    assert "ปัญหา/อุปสรรค" in reply
    for bare in ("5", "๕", "12.5"):
        refused = chat.say(OFFICER, bare)
        text = "\n".join(texts_of(refused))
        assert "ต้องตอบเป็นข้อความ" in text and f"“{bare}” มีแต่ตัวเลข" in text, text
        assert "ข้อ 5/7 · ปัญหา/อุปสรรค" in texts_of(refused)[-1]  # the question again
    assert "แนวทางแก้ไข" in chat.says(OFFICER, "ฝนตก 5 วัน")
    assert "ต้องตอบเป็นข้อความ" in chat.says(OFFICER, "3")
    assert "ข้อ 6/7" in chat.says(OFFICER, "ใช้งบ 3 หมื่น")
    db.expire_all()
    problem = db.scalar(select(ProblemReport))
    assert (problem.problems, problem.solutions) == ("ฝนตก 5 วัน", "ใช้งบ 3 หมื่น")


# --- f. an invalid value at the confirmation says why ------------------------------------------


def test_an_invalid_value_at_the_confirmation_says_why_then_asks_again(chat, register, db):
    register(OFFICER)
    assert "ข้อ 1/" in chat.says(OFFICER, "รายงาน")
    assert "หลายเท่า" in chat.says(OFFICER, "1000")  # ten times P50's annual target of 100
    for invalid, why in (("-5", "ค่าต้องไม่ติดลบ"), ("12,50", "อ่านได้ไม่ชัด"), ("2.5", "จำนวนเต็ม")):
        answer = chat.say(OFFICER, invalid)
        said = texts_of(answer)
        assert why in said[0], (invalid, said)  # why the new value is refused ...
        assert "หลายเท่า" in said[-1] and "ยืนยันค่านี้ใช่ไหมคะ" in said[-1]  # ... then the question
        assert "ใช่" in quick_labels(answer)
    assert "ข้อ 2/" in chat.says(OFFICER, "20")  # a right value is saved at once
    indicator = db.scalar(select(Indicator).where(Indicator.code == "I01"))
    assert db.scalar(select(Result.value).where(Result.indicator_id == indicator.id)) == Decimal("20")


# --- g. แก้ไข shows one earlier value ------------------------------------------------------------


def test_correcting_a_percentage_shows_one_earlier_value(chat, register):
    register(OFFICER)
    report(chat, SMALL_ANSWERS[:2] + ["3", *SMALL_ANSWERS[3:]])
    chat.says(OFFICER, "ยืนยัน")
    chat.says(OFFICER, "แก้ไข")
    question = chat.says(OFFICER, "3")
    assert "อัตราการขยายตัว" in question and "คำตอบเดิม: ร้อยละ 3" in question, question
    assert "ยังไม่มี" not in question, question


# --- h. a resubmission carries the officer's note to the division (#24 item 4) -------------------

NOTE = "แก้ตามงบการเงิน 12 ธ.ค."


def sent_notes(db) -> list[tuple[int | None, str | None]]:
    """(result id, note) of every note the audit trail keeps."""
    db.expire_all()
    rows = db.execute(
        select(AuditLog.entity_id, AuditLog.new_value).where(AuditLog.field == "resubmit_note")
    ).all()
    return [(rid, note) for rid, note in rows]


def i03_result(db) -> Result:
    db.expire_all()
    indicator = db.scalar(select(Indicator).where(Indicator.code == "I03"))
    return db.scalars(select(Result).where(Result.indicator_id == indicator.id)).one()


def test_a_resubmission_offers_a_note_kept_as_text_and_sent_with_it(chat, register, db):
    register(OFFICER)
    register(DIVISION, "division", "กพก.")
    first = report(chat, SMALL_ANSWERS)
    assert "เพิ่มหมายเหตุ" not in first  # a first sending has nothing returned to explain
    chat.says(OFFICER, "ยืนยัน")
    review_p50(chat, returns={"3": "ร้อยละสูงเกินจริง กรุณาตรวจสอบกับงบการเงิน"})

    assert "ข้อ 3/7" in chat.says(OFFICER, "รายงาน")
    messages = chat.say(OFFICER, "1.5")
    assert "ร้อยละ 2 → ร้อยละ 1.5" in summary_bubble(messages)
    assert quick_labels(messages) == ["ยืนยัน", "เพิ่มหมายเหตุ", "ย้อนกลับ", "ยกเลิก"]

    question = chat.say(OFFICER, "เพิ่มหมายเหตุ")
    assert "พิมพ์หมายเหตุสั้น ๆ ถึงกอง" in texts_of(question)[0]
    # The note has a number and a month in it: it is kept as text, neither a value nor item 12.
    messages = chat.say(OFFICER, NOTE)
    summary = summary_bubble(messages)
    save_artifact("officer_resubmission_note.txt", "\n\n".join(texts_of(messages)))
    assert f"📝 หมายเหตุถึงกอง: {NOTE}" in summary, summary
    assert "ร้อยละ 2 → ร้อยละ 1.5" in summary
    assert quick_labels(messages) == ["ยืนยัน", "แก้หมายเหตุ", "ย้อนกลับ", "ยกเลิก"]
    assert i03_result(db).value == Decimal("1.5") and i03_result(db).status == "draft"
    assert sent_notes(db) == []  # nothing goes to the division before ยืนยัน

    sent = chat.says(OFFICER, "ยืนยัน")
    assert "ส่ง 1 รายการ" in sent and f"ส่งหมายเหตุถึงกองแล้ว: {NOTE}" in sent, sent
    result = i03_result(db)
    assert result.status == "submitted" and result.value == Decimal("1.5")
    assert sent_notes(db) == [(result.id, NOTE)]


def test_a_note_can_be_rewritten_refused_when_too_long_and_left_out(chat, register, db):
    register(OFFICER)
    register(DIVISION, "division", "กพก.")
    report(chat, SMALL_ANSWERS)
    chat.says(OFFICER, "ยืนยัน")
    review_p50(chat, returns={"3": "ร้อยละสูงเกินจริง"})
    chat.says(OFFICER, "รายงาน")
    chat.says(OFFICER, "1.5")
    chat.says(OFFICER, "เพิ่มหมายเหตุ")
    assert "ยาว 301 ตัวอักษร" in chat.says(OFFICER, "ก" * 301)
    chat.says(OFFICER, "ตัวเลขเดิมพิมพ์ผิด")
    again = chat.says(OFFICER, "แก้หมายเหตุ")
    assert "หมายเหตุเดิม: ตัวเลขเดิมพิมพ์ผิด" in again
    assert f"หมายเหตุถึงกอง: {NOTE}" in chat.says(OFFICER, NOTE)
    chat.says(OFFICER, "ยืนยัน")
    assert [note for _, note in sent_notes(db)] == [NOTE]  # the last note typed, once

    # Returned again, sent without a note: ยืนยัน works as before and no note is kept.
    review_p50(chat, returns={"3": "ยังไม่ตรง"})
    chat.says(OFFICER, "รายงาน")
    messages = chat.say(OFFICER, "1.4")
    assert "เพิ่มหมายเหตุ" in quick_labels(messages)
    assert "หมายเหตุ" not in summary_bubble(messages)
    sent = chat.says(OFFICER, "ยืนยัน")
    assert "ส่ง 1 รายการ" in sent and "หมายเหตุ" not in sent
    assert [note for _, note in sent_notes(db)] == [NOTE]


def test_correcting_a_returned_item_offers_the_note_before_sending_it_back(chat, register, db):
    register(OFFICER)
    register(DIVISION, "division", "กพก.")
    report(chat, SMALL_ANSWERS)
    chat.says(OFFICER, "ยืนยัน")
    review_p50(chat, returns={"3": "ร้อยละสูงเกินจริง"})

    chat.says(OFFICER, "แก้ไข")
    chat.says(OFFICER, "3")
    corrected = chat.say(OFFICER, "1.5")
    assert "ร้อยละ 2 → ร้อยละ 1.5" in "\n".join(texts_of(corrected))
    assert quick_labels(corrected) == ["ยืนยัน", "เพิ่มหมายเหตุ", "สถานะ", "ยกเลิก"]
    assert "พิมพ์หมายเหตุสั้น ๆ" in chat.says(OFFICER, "เพิ่มหมายเหตุ")
    asked = chat.say(OFFICER, NOTE)
    assert f"📝 หมายเหตุถึงกอง: {NOTE}" in texts_of(asked)[-1]
    assert quick_labels(asked) == ["ยืนยัน", "แก้หมายเหตุ", "สถานะ", "ยกเลิก"]
    assert i03_result(db).value == Decimal("1.5")
    sent = chat.says(OFFICER, "ยืนยัน")
    assert "ส่ง 1 รายการ" in sent and f"ส่งหมายเหตุถึงกองแล้ว: {NOTE}" in sent
    assert sent_notes(db) == [(i03_result(db).id, NOTE)]
