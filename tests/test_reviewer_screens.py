"""Reviewers see what changed (issue #24 point 4): after a resubmission the review list marks the
items that came back with their old and new values and says which stayed as they were; the
return prompt suggests numbers from the reviewer's own list; offices are named (short names where
space is tight, with a count and a cut) in the queue, the questions, closing and timeliness; office
buttons carry short names cut between words, and send the code the dialogue reads."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from pythainlp.tokenize import word_tokenize
from sqlalchemy import select

from handlers.unit_names import name_list, short_name
from models.clock import Clock
from models.entities import Assignment, Indicator, Period, Result, Unit
from models.registration import create_invites
from tests.support import quick_labels, texts_of
from tests.test_org_tree import submit, tree_app, tree_chat  # noqa: F401  (fixtures)

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
P50, P40, P90 = "Uofficer50", "Uofficer40", "Uofficer90"
DIVISION, OTHER_DIVISION, CENTRAL = "Udivision", "Udivision-npk", "Ucentral"
# I01, I02, I03 (ร้อยละ), budget and problems of projects A and B
P50_ANSWERS = ["10", "100", "12.5", "50000", "ไม่มี", "0", "ไม่มี"]
SMALL_ANSWERS = ["8", "90", "40000", "ไม่มี"]  # I01, I02, budget and problems of project A


def report_month(chat, user: str, answers: list[str]) -> None:
    chat.says(user, "รายงาน")
    for answer in answers:
        chat.says(user, answer)
    assert "เรียบร้อย" in chat.says(user, "ยืนยัน")


def quick_items(messages: list[dict]) -> list[dict]:
    return [item["action"] for item in messages[-1].get("quickReply", {}).get("items", [])]


def listed_numbers(sheet: str) -> list[int]:
    """The item numbers of an office's review list, in the order shown."""
    return [int(n) for n in re.findall(r"^(\d+)\. ", sheet, flags=re.MULTILINE)]


def example_numbers(prompt: str) -> list[int]:
    found = re.search(r"เช่น ([\d,]+)", prompt)
    assert found, prompt
    return [int(n) for n in found.group(1).split(",")]


# --- a. what came back, old → new, and what stayed ------------------------------------------------


def test_a_resubmission_shows_what_came_back_old_to_new_and_what_stayed(chat, register):
    register(P50, "officer", "P50")
    register(DIVISION, "division", "กพก.")
    report_month(chat, P50, P50_ANSWERS)

    chat.says(DIVISION, "ตรวจ")
    before = chat.says(DIVISION, "P50")
    assert "ส่งแก้ไขแล้ว" not in before and "🔁" not in before  # nothing was returned yet
    chat.says(DIVISION, "ส่งกลับ")
    chat.says(DIVISION, "2,3")
    assert "ส่งกลับ 2 รายการ" in chat.says(DIVISION, "ข้อ 3 ร้อยละสูงเกินจริง ข้อ 2 ตรวจสอบจำนวนสมาชิก")

    # The officer answers the two returned items: item 2 as it was, item 3 corrected, and sends.
    again = chat.says(P50, "รายงาน")
    assert "ถูกส่งกลับให้แก้ไข" in again
    chat.says(P50, "100")
    chat.says(P50, "3.2")
    assert "เรียบร้อย" in chat.says(P50, "ยืนยัน")

    queue = chat.says(DIVISION, "ตรวจ")
    assert "1. P50 สำนักงานสหกรณ์จังหวัดเชียงใหม่ · ส่ง 15 ธ.ค. 2569 · 🔁 ส่งแก้ไขแล้ว 2 ข้อ" in queue
    sheet = chat.says(DIVISION, "P50")
    assert "🔁 ส่งกลับให้แก้ไขเมื่อ 15 ธ.ค. 2569 · ส่งกลับมาแล้ว 2 ข้อ (ข้อ 2, 3)" in sheet
    assert "ไม่เปลี่ยนแปลงตั้งแต่ส่งกลับ: ข้อ 1" in sheet
    items = re.split(r"\n(?=\d+\. )", sheet)
    first, second, third = (next(i for i in items if i.startswith(f"{n}. ")) for n in (1, 2, 3))
    assert "· ส่งแล้ว (ไม่เปลี่ยนแปลง)" in first and "🔁" not in first
    assert "· ส่งแก้ไขแล้ว" in second and "🔁 ส่งกลับมาโดยไม่แก้ค่า (100 ราย)" in second
    assert "· ส่งแก้ไขแล้ว" in third and "🔁 แก้ไขแล้ว: ร้อยละ 12.5 → ร้อยละ 3.2" in third
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reviewer_list.txt").write_text(sheet + "\n", encoding="utf-8")

    # Approved, the list still tells what came back; an office never returned shows no marks.
    chat.says(DIVISION, "อนุมัติ")
    chat.says(DIVISION, "ยืนยัน")
    register(P40, "officer", "P40")
    report_month(chat, P40, SMALL_ANSWERS)
    chat.says(DIVISION, "ตรวจ")
    assert "🔁" not in chat.says(DIVISION, "P40")


def test_a_value_corrected_after_the_return_on_an_item_not_returned_is_shown_too(chat, register):
    register(P40, "officer", "P40")
    register(DIVISION, "division", "กพก.")
    report_month(chat, P40, SMALL_ANSWERS)
    chat.says(DIVISION, "ตรวจ")
    chat.says(DIVISION, "P40")
    chat.says(DIVISION, "ส่งกลับ")
    chat.says(DIVISION, "1")
    chat.says(DIVISION, "ตรวจสอบจำนวนสหกรณ์")
    chat.says(P40, "แก้ไข")
    chat.says(P40, "2")  # the officer also corrects item 2, which was not returned
    chat.says(P40, "95")
    chat.says(P40, "ยืนยัน")
    report_month(chat, P40, ["9"])  # the returned item 1, answered again and sent
    chat.says(DIVISION, "ตรวจ")
    sheet = chat.says(DIVISION, "P40")
    assert "ส่งกลับมาแล้ว 1 ข้อ (ข้อ 1)" in sheet and "ไม่เปลี่ยนแปลงตั้งแต่ส่งกลับ" not in sheet
    assert "🔁 แก้ไขแล้ว: 8 แห่ง → 9 แห่ง" in sheet
    assert "✏️ แก้ไขหลังส่งกลับ: 90 ราย → 95 ราย" in sheet


def test_items_returned_in_two_goes_come_back_as_one_round(chat, register, set_now):
    register(P40, "officer", "P40")
    register(DIVISION, "division", "กพก.")
    report_month(chat, P40, SMALL_ANSWERS)
    for item, when in (("1", "2026-12-15T11:00:00+07:00"), ("2", "2026-12-16T09:00:00+07:00")):
        set_now(when)
        chat.says(DIVISION, "ตรวจ")
        chat.says(DIVISION, "P40")
        chat.says(DIVISION, "ส่งกลับ")
        chat.says(DIVISION, item)
        assert "ส่งกลับ 1 รายการ" in chat.says(DIVISION, f"ตรวจสอบข้อ {item}")
    report_month(chat, P40, ["9", "91"])
    queue = chat.says(DIVISION, "ตรวจ")
    assert "🔁 ส่งแก้ไขแล้ว 2 ข้อ" in queue
    sheet = chat.says(DIVISION, "P40")
    assert "🔁 ส่งกลับให้แก้ไขเมื่อ 16 ธ.ค. 2569 · ส่งกลับมาแล้ว 2 ข้อ (ข้อ 1, 2)" in sheet
    assert "🔁 แก้ไขแล้ว: 8 แห่ง → 9 แห่ง" in sheet and "🔁 แก้ไขแล้ว: 90 ราย → 91 ราย" in sheet

    # Returned again after that resubmission: only this round's item is marked as came back.
    chat.says(DIVISION, "ส่งกลับ")
    chat.says(DIVISION, "2")
    chat.says(DIVISION, "ยังไม่ถูกต้อง")
    report_month(chat, P40, ["92"])
    chat.says(DIVISION, "ตรวจ")
    sheet = chat.says(DIVISION, "P40")
    assert "ส่งกลับมาแล้ว 1 ข้อ (ข้อ 2)" in sheet and "ไม่เปลี่ยนแปลงตั้งแต่ส่งกลับ: ข้อ 1" in sheet
    assert "🔁 แก้ไขแล้ว: 91 ราย → 92 ราย" in sheet and "8 แห่ง → 9 แห่ง" not in sheet


# --- b. the return prompt ------------------------------------------------------------------------


def test_the_return_prompt_suggests_numbers_from_the_reviewers_own_list(chat, register, db):
    # A second division owns I04 of project A at P50: its list of P50 holds one item, not item 1.
    other = Unit(code="กพน.", name="กองพัฒนาสหกรณ์ภาคนอกการเกษตร", kind="division")
    db.add(other)
    db.flush()
    i01 = db.scalar(select(Indicator).where(Indicator.code == "I01"))
    extra = Indicator(
        fiscal_year_id=i01.fiscal_year_id,
        code="I04",
        activity_id=i01.activity_id,
        name="จำนวนผลิตภัณฑ์ของสหกรณ์ที่ได้รับการพัฒนา",
        unit_label="ผลิตภัณฑ์",
        target=Decimal(10),
        owner_unit_id=other.id,
        sort_order=99,  # after I01 and I02 in project A
    )
    db.add(extra)
    db.flush()
    p50 = db.scalar(select(Unit.id).where(Unit.code == "P50"))
    db.add(Assignment(indicator_id=extra.id, unit_id=p50, target=Decimal(10)))
    db.commit()

    register(P50, "officer", "P50")
    register(P40, "officer", "P40")
    register(DIVISION, "division", "กพก.")
    register(OTHER_DIVISION, "division", "กพน.")
    report_month(chat, P50, ["10", "100", "4", "12.5", "50000", "ไม่มี", "0", "ไม่มี"])
    report_month(chat, P40, SMALL_ANSWERS)

    chat.says(OTHER_DIVISION, "ตรวจ")
    listed = listed_numbers(chat.says(OTHER_DIVISION, "P50"))
    assert listed == [3]  # I04 is the office's item 3
    prompt = chat.says(OTHER_DIVISION, "ส่งกลับ")
    assert example_numbers(prompt) == listed, prompt

    chat.says(DIVISION, "ตรวจ")
    listed = listed_numbers(chat.says(DIVISION, "P40"))
    assert listed == [1, 2]
    prompt = chat.says(DIVISION, "ส่งกลับ")
    assert example_numbers(prompt) == [1, 2], prompt  # "เช่น 1,3" named an item not in the list
    assert "กรุณาพิมพ์หมายเลขข้อ (1, 2)" in chat.says(DIVISION, "3")


# --- c. offices by name ---------------------------------------------------------------------------


def test_offices_are_named_in_the_queue_the_questions_and_closing(chat, register, set_now):
    register(P50, "officer", "P50")
    register(P40, "officer", "P40")
    register(DIVISION, "division", "กพก.")
    register(CENTRAL, "central", "กผง.")
    report_month(chat, P50, P50_ANSWERS)
    set_now("2026-12-21T09:00:00+07:00")  # P40 sends a day after its deadline
    report_month(chat, P40, SMALL_ANSWERS)

    queue = chat.say(DIVISION, "ตรวจ")
    text = "\n".join(texts_of(queue))
    assert "ยังไม่ส่ง 1 แห่ง: สกจ.สงขลา" in text and "P90" not in text
    offices = [a for a in quick_items(queue) if a["text"] in ("P50", "P40")]
    assert [(a["label"], a["text"]) for a in offices] == [("สกจ.ขอนแก่น", "P40"), ("สกจ.เชียงใหม่", "P50")]
    chat.says(DIVISION, "P40")
    assert "อนุมัติ สกจ.ขอนแก่น (P40) ทั้ง 2 ข้อ?" in chat.says(DIVISION, "อนุมัติ")
    chat.says(DIVISION, "ยืนยัน")
    chat.says(DIVISION, "ตรวจ")
    chat.says(DIVISION, "P50")
    chat.says(DIVISION, "อนุมัติ")
    chat.says(DIVISION, "ยืนยัน")

    undo = chat.say(DIVISION, "ยกเลิกการอนุมัติ")
    assert [(a["label"], a["text"]) for a in quick_items(undo)][:2] == [
        ("สกจ.เชียงใหม่", "P50"),
        ("สกจ.ขอนแก่น", "P40"),
    ]
    assert "ยกเลิกการอนุมัติ สกจ.ขอนแก่น (P40) ทั้ง 2 ข้อ?" in chat.says(DIVISION, "P40")
    chat.says(DIVISION, "ยกเลิก")

    close = "\n".join(texts_of(chat.say(CENTRAL, "ปิดรอบ")))
    assert "ยังส่งไม่ครบ 1 แห่ง: สกจ.สงขลา" in close
    assert "ส่งช้า 1 แห่ง: สกจ.ขอนแก่น" in close and "P40" not in close


def test_a_long_list_of_offices_is_cut_with_a_count():
    offices = [Unit(code=f"P{n}", name=f"สำนักงานสหกรณ์จังหวัดที่ {n}", kind="office") for n in range(11, 88)]
    listed = name_list(offices)
    assert listed.startswith("สกจ.ที่ 11, สกจ.ที่ 12, ") and listed.endswith(" …และอีก 62 แห่ง")
    assert "P1" not in listed and listed.count(",") == 14
    assert name_list(offices[:3]) == "สกจ.ที่ 11, สกจ.ที่ 12, สกจ.ที่ 13"


def test_timeliness_names_the_office_of_each_late_officer(tree_app, tree_chat):  # noqa: F811
    chat, rt = tree_chat, tree_app.extensions["tidtam"]
    for user, role, unit in (("Udept", "central", "สถ."), ("UL5001", "officer", "L5001")):
        with rt.sessions() as session, session.begin():
            code = create_invites(session, role=role, unit_code=unit, now=rt.clock.now())[0]
        assert "ลงทะเบียนเรียบร้อย" in chat.says(user, code)
    rt.clock = Clock("2027-01-15T10:00:00+07:00")  # December was due on the 20th, L5001 never sent
    text = chat.says("Udept", "ความตรงเวลา")
    late = text.split("ผู้ใช้ที่ส่งช้า/ไม่ส่งบ่อยที่สุด:")[1]
    assert "UL5001 (เทศบาลนครเชียงใหม่): ตรงเวลา 0 · ช้า 0 · ไม่ส่ง 1" in late, late


# --- d. buttons: short names, cut between words -----------------------------------------------------


def test_office_buttons_carry_short_names_cut_between_words(chat, register, db):
    long_name = "สำนักงานส่งเสริมสหกรณ์และกลุ่มเกษตรกรภาคใต้ตอนล่าง"
    p90 = db.scalar(select(Unit).where(Unit.code == "P90"))
    p90.name = long_name
    dec = db.scalar(select(Period.id).where(Period.month_start == date(2026, 12, 1)))
    for indicator in db.scalars(select(Indicator).where(Indicator.code.in_(["I01", "I02"]))):
        db.add(
            Result(
                indicator_id=indicator.id,
                unit_id=p90.id,
                period_id=dec,
                value=Decimal(5),
                status="submitted",
                entered_at=datetime(2026, 12, 14, tzinfo=UTC),
                submitted_at=datetime(2026, 12, 14, tzinfo=UTC),
            )
        )
    db.commit()
    register(DIVISION, "division", "กพก.")
    queue = chat.say(DIVISION, "ตรวจ")
    button = next(a for a in quick_items(queue) if a["text"] == "P90")
    label = button["label"]
    assert len(label) <= 20 and label.endswith("…") and label != "P90"
    kept = label[:-1]
    ends = {sum(map(len, word_tokenize(long_name, engine="newmm")[:k])) for k in range(1, 20)}
    assert long_name.startswith(kept) and len(kept) in ends, label  # whole words only
    assert "สำนักงานส่งเสริมสหกรณ์และกลุ่มเกษตรกรภาคใต้ตอนล่าง" in chat.says(DIVISION, button["text"])
    assert "P90" not in quick_labels(queue)


def test_a_unit_with_a_thai_code_is_shown_by_it_and_a_long_name_is_cut_between_words():
    division = "กองพัฒนาสหกรณ์ภาคการเกษตรและกลุ่มเกษตรกร"
    assert short_name("กพก.", division) == "กพก."
    clipped = short_name("D01", division)
    assert clipped == "กองพัฒนาสหกรณ์ภาค…", clipped  # not "กองพัฒนาสหกรณ์ภาคกา…"
    assert short_name("P50", "สำนักงานสหกรณ์จังหวัดเชียงใหม่") == "สกจ.เชียงใหม่"
    assert short_name("L5001", "เทศบาลนครเชียงใหม่") == "เทศบาลนครเชียงใหม่"


# --- g. the officer's note on a resubmission (#24 item 4) -----------------------------------------

NOTE = "แก้ตามงบการเงิน 12 ธ.ค."


def return_items(chat, office: str, items: str, reason: str) -> None:
    chat.says(DIVISION, "ตรวจ")
    chat.says(DIVISION, office)
    chat.says(DIVISION, "ส่งกลับ")
    chat.says(DIVISION, items)
    assert "ส่งกลับ" in chat.says(DIVISION, reason)


def item_of(sheet: str, n: int) -> str:
    """One item of an office's review list: its line and the lines under it."""
    return next(i for i in re.split(r"\n(?=\d+\. )", sheet) if i.startswith(f"{n}. "))


def test_the_division_reads_the_officers_note_beside_what_came_back(chat, register):
    register(P50, "officer", "P50")
    register(DIVISION, "division", "กพก.")
    report_month(chat, P50, P50_ANSWERS)
    return_items(chat, "P50", "2,3", "ข้อ 3 ร้อยละสูงเกินจริง ข้อ 2 ตรวจสอบจำนวนสมาชิก")

    # The officer answers the two returned items, adds a note and sends.
    chat.says(P50, "รายงาน")
    chat.says(P50, "100")
    assert "เพิ่มหมายเหตุ" in quick_labels(chat.say(P50, "3.2"))
    chat.says(P50, "เพิ่มหมายเหตุ")
    assert f"หมายเหตุถึงกอง: {NOTE}" in chat.says(P50, NOTE)
    assert "เรียบร้อย" in chat.says(P50, "ยืนยัน")

    chat.says(DIVISION, "ตรวจ")
    sheet = chat.says(DIVISION, "P50")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "reviewer_list.txt").write_text(sheet + "\n", encoding="utf-8")
    head = "🔁 ส่งกลับให้แก้ไขเมื่อ 15 ธ.ค. 2569 · ส่งกลับมาแล้ว 2 ข้อ (ข้อ 2, 3)"
    assert f"{head}\n💬 หมายเหตุจากหน่วยงาน: {NOTE}\nไม่เปลี่ยนแปลงตั้งแต่ส่งกลับ: ข้อ 1" in sheet, sheet
    assert sheet.count("หมายเหตุจากหน่วยงาน") == 1  # one note for both items, said once
    assert "🔁 แก้ไขแล้ว: ร้อยละ 12.5 → ร้อยละ 3.2" in item_of(sheet, 3)
    assert "🔁 ส่งกลับมาโดยไม่แก้ค่า (100 ราย)" in item_of(sheet, 2)

    # ประวัติ says it in Thai: the note on each result sent back.
    chat.says(DIVISION, "ยกเลิก")
    chat.says(DIVISION, "ประวัติ")
    trail = chat.says(DIVISION, "P50")
    assert f"ผล I02 หมายเหตุจากหน่วยงาน: - → {NOTE}" in trail, trail
    assert f"ผล I03 หมายเหตุจากหน่วยงาน: - → {NOTE}" in trail
    assert "resubmit_note" not in trail


def test_notes_sent_with_different_items_stand_under_each_and_a_new_return_forgets_them(chat, register):
    register(P50, "officer", "P50")
    register(DIVISION, "division", "กพก.")
    report_month(chat, P50, P50_ANSWERS)
    return_items(chat, "P50", "2,3", "ตรวจสอบข้อ 2 และ 3")
    for item, value, note in (("2", "105", "นับสมาชิกใหม่ที่สมัครปลายเดือน"), ("3", "3.2", NOTE)):
        chat.says(P50, "แก้ไข")
        chat.says(P50, item)
        assert "เพิ่มหมายเหตุ" in quick_labels(chat.say(P50, value))
        chat.says(P50, "เพิ่มหมายเหตุ")
        chat.says(P50, note)
        assert "ส่ง 1 รายการ" in chat.says(P50, "ยืนยัน")

    chat.says(DIVISION, "ตรวจ")
    sheet = chat.says(DIVISION, "P50")
    assert "💬 หมายเหตุจากหน่วยงาน: นับสมาชิกใหม่ที่สมัครปลายเดือน" in item_of(sheet, 2), sheet
    assert f"💬 หมายเหตุจากหน่วยงาน: {NOTE}" in item_of(sheet, 3)
    assert "หมายเหตุ" not in sheet.split("\n1. ")[0]  # not under the office's name: they differ

    # Returned again and sent back without a note: the earlier round's notes are not shown.
    chat.says(DIVISION, "ส่งกลับ")
    chat.says(DIVISION, "3")
    chat.says(DIVISION, "ยังไม่ตรงกับงบการเงิน")
    chat.says(P50, "รายงาน")
    assert "เพิ่มหมายเหตุ" in quick_labels(chat.say(P50, "3.1"))  # offered, not taken
    assert "เรียบร้อย" in chat.says(P50, "ยืนยัน")
    chat.says(DIVISION, "ตรวจ")
    sheet = chat.says(DIVISION, "P50")
    assert "🔁 แก้ไขแล้ว: ร้อยละ 3.2 → ร้อยละ 3.1" in item_of(sheet, 3), sheet
    assert "หมายเหตุจากหน่วยงาน" not in sheet
