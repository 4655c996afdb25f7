"""Issue #11, the dialogue: one number per item on every screen, a one-tap resubmission after
correcting a returned item, group traffic that leaves the 1:1 dialogue alone, a value waiting for
confirmation that survives anything else, and names clipped between words. Told as conversations."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from models.entities import ConversationState, Indicator, ProblemReport, Result, User
from tests.support import quick_labels, text_event, texts_of

OFFICER = "Uofficer50"
DIVISION = "Udivision"
GROUP = {"type": "group", "groupId": "Cgroup1", "userId": OFFICER}


def _conversation(db, line_user_id: str) -> ConversationState | None:
    db.expire_all()
    user = db.scalar(select(User).where(User.line_user_id == line_user_id))
    return db.scalar(select(ConversationState).where(ConversationState.user_id == user.id))


# --- point 10: group traffic never touches the 1:1 dialogue -----------------------------------


def test_a_message_in_a_group_keeps_the_senders_report_where_it_was(chat, register, db, line_server):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    assert "ข้อ 2/" in chat.says(OFFICER, "12")
    before = _conversation(db, OFFICER)
    assert (before.flow, before.step, before.data["pos"]) == ("report", "item", 1)
    saved = (before.data, before.updated_at, before.expires_at)

    # The same officer chats in a group the bot is in, and even types a command word there.
    for text in ("สวัสดีทุกคน", "รายงาน"):
        token = line_server.store.issue_reply_token(OFFICER)
        assert chat.deliver(text_event(OFFICER, text, token, source=GROUP)) == 200

    after = _conversation(db, OFFICER)
    assert after is not None, "the group message deleted the 1:1 dialogue"
    assert (after.flow, after.step, after.data, after.updated_at, after.expires_at) == (
        "report",
        "item",
        *saved,
    )

    # Back in the 1:1 chat the next answer goes to item 2, where the officer was.
    assert "ข้อ 3/" in chat.says(OFFICER, "25")
    indicator = db.scalar(select(Indicator).where(Indicator.code == "I02"))
    assert db.scalar(select(Result.value).where(Result.indicator_id == indicator.id)) == Decimal("25")


# --- point 11: a value waiting for confirmation survives any non-answer ------------------------


def _to_the_first_question(chat) -> None:
    assert "ข้อ 1/" in chat.says(OFFICER, "รายงาน")  # item 1, I01: P50's annual target is 100


def test_a_sticker_at_the_confirmation_prompt_keeps_the_value_waiting(chat, register, db):
    register(OFFICER)
    _to_the_first_question(chat)
    doubt = chat.say(OFFICER, "1000")  # ten times the annual target
    assert "หลายเท่า" in texts_of(doubt)[0] and "ใช่" in quick_labels(doubt)

    after_sticker = chat.sticker(OFFICER)
    assert "สติกเกอร์" in texts_of(after_sticker)[0]
    assert "หลายเท่า" in "\n".join(texts_of(after_sticker)), texts_of(after_sticker)
    assert "ใช่" in quick_labels(after_sticker)
    assert _conversation(db, OFFICER).data["pending"] == "1000"

    chat.says(OFFICER, "ใช่")
    indicator = db.scalar(select(Indicator).where(Indicator.code == "I01"))
    assert db.scalar(select(Result.value).where(Result.indicator_id == indicator.id)) == Decimal("1000")


def test_a_stray_text_or_help_at_the_confirmation_prompt_keeps_the_value_waiting(chat, register, db):
    register(OFFICER)
    _to_the_first_question(chat)
    chat.says(OFFICER, "1000")
    for stray in ("เดี๋ยวก่อนนะคะ", "ช่วยเหลือ"):
        answer = chat.say(OFFICER, stray)
        assert "หลายเท่า" in "\n".join(texts_of(answer)), (stray, texts_of(answer))
        assert "ใช่" in quick_labels(answer)
    chat.says(OFFICER, "ใช่")
    indicator = db.scalar(select(Indicator).where(Indicator.code == "I01"))
    assert db.scalar(select(Result.value).where(Result.indicator_id == indicator.id)) == Decimal("1000")
    assert "pending" not in _conversation(db, OFFICER).data


# --- point 8: an item keeps one number on every screen -----------------------------------------
# P50's plan: 1 I01, 2 I02, 3 I03 (a rate), 4 budget A, 5 problems A (+ solutions), 6 budget B,
# 7 problems B (+ solutions).
ANSWERS = ["10", "100", "2", "50000", "ฝนตกหนัก", "เลื่อนการอบรม", "0", "ไม่มี"]


def _report_and_have_item_3_returned(chat, register, reason: str) -> None:
    register(OFFICER)
    register(DIVISION, "division", "กพก.")
    chat.says(OFFICER, "รายงาน")
    for answer in ANSWERS:
        chat.says(OFFICER, answer)
    assert "เรียบร้อย" in chat.says(OFFICER, "ยืนยัน")
    chat.says(DIVISION, "ตรวจ")
    sheet = chat.says(DIVISION, "P50")
    assert "3. อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์" in sheet
    chat.says(DIVISION, "ส่งกลับ")
    chat.says(DIVISION, "3")
    assert "ส่งกลับ 1 รายการ" in chat.says(DIVISION, reason)


def test_a_returned_item_keeps_its_number_in_every_screen(chat, register, db, line_server):
    _report_and_have_item_3_returned(chat, register, "ข้อ 3 ร้อยละสูงเกินจริง กรุณาตรวจสอบ")

    # The return notice names the item, with the number the officer sees, so "ข้อ 3" fits.
    pushed = texts_of([m for r in line_server.store.pushes() if r.json["to"] == OFFICER for m in r.messages])
    assert "ข้อ 3 อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์" in pushed[0], pushed

    status = chat.says(OFFICER, "สถานะ")
    assert "• 3. อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์" in status

    again = chat.says(OFFICER, "รายงาน")  # the returned item is asked first, as item 3 of 7
    assert "ข้อ 3/7" in again and "อัตราการขยายตัว" in again, again
    summary = chat.says(OFFICER, "2.5")  # a resubmission: only what changed (#24), under its number
    assert "3. อัตราการขยายตัวปริมาณธุรกิจของสหกรณ์\n   ร้อยละ 2 → ร้อยละ 2.5" in summary, summary
    assert "1. จำนวนสหกรณ์" not in summary and "7. ปัญหา" not in summary
    assert "ข้อ 3/7" in chat.says(OFFICER, "3")  # "3" in the summary opens the same item
    chat.says(OFFICER, "2.5")
    assert "เรียบร้อย" in chat.says(OFFICER, "ยืนยัน")

    listing = chat.says(OFFICER, "แก้ไข")  # the correction list uses the same numbers: 1–7
    assert "6. เบิกจ่าย โครงการพัฒนาผลิตภัณฑ์สินค้าชุมชน: 0 บาท" in listing, listing
    assert "7. ปัญหา/อุปสรรค โครงการพัฒนาผลิตภัณฑ์สินค้า…: ไม่มี" in listing
    assert "8." not in listing and "9." not in listing
    assert "ข้อ 6/7" in chat.says(OFFICER, "6")
    indicator = db.scalar(select(Indicator).where(Indicator.code == "I03"))
    result = db.scalar(select(Result).where(Result.indicator_id == indicator.id))
    assert (result.value, result.status) == (Decimal("2.5"), "submitted")


def test_correcting_problems_goes_on_to_their_solutions_under_the_same_number(chat, register, db):
    register(OFFICER)
    chat.says(OFFICER, "รายงาน")
    for answer in ANSWERS:
        chat.says(OFFICER, answer)
    chat.says(OFFICER, "ยืนยัน")
    chat.says(OFFICER, "แก้ไข")
    assert "ข้อ 5/7" in chat.says(OFFICER, "5")
    solutions = chat.says(OFFICER, "ข้าม")  # problems stay; the solutions of item 5 come next
    assert "ข้อ 5/7" in solutions and "แนวทางแก้ไข" in solutions
    done = chat.says(OFFICER, "ประสานอำเภอ")
    assert "แก้ไขแล้ว" in done and "เลื่อนการอบรม → ประสานอำเภอ" in done
    assert (
        db.scalar(select(ProblemReport.solutions).where(ProblemReport.problems == "ฝนตกหนัก")) == "ประสานอำเภอ"
    )


# --- point 9: correcting a returned item offers one tap that resubmits it ------------------------


def test_a_corrected_returned_item_is_resubmitted_with_one_tap(chat, register, db):
    _report_and_have_item_3_returned(chat, register, "ร้อยละสูงเกินจริง")
    chat.says(OFFICER, "แก้ไข")
    assert "ข้อ 3/7" in chat.says(OFFICER, "3")
    corrected = chat.say(OFFICER, "2.5")
    assert "แก้ไขแล้ว" in texts_of(corrected)[0] and "ร้อยละ 2 → ร้อยละ 2.5" in texts_of(corrected)[0]
    assert "อย่าลืมพิมพ์ รายงาน" not in texts_of(corrected)[0]
    assert "ยืนยัน" in quick_labels(corrected)
    indicator = db.scalar(select(Indicator).where(Indicator.code == "I03"))
    assert db.scalar(select(Result.status).where(Result.indicator_id == indicator.id)) == "draft"

    sent = chat.says(OFFICER, "ยืนยัน")
    assert "เรียบร้อย" in sent and "ส่ง 1 รายการ" in sent, sent
    db.expire_all()
    result = db.scalar(select(Result).where(Result.indicator_id == indicator.id))
    assert (result.value, result.status) == (Decimal("2.5"), "submitted")
    assert "รอตรวจ 1 แห่ง" in chat.says(DIVISION, "ตรวจ")


def test_a_stray_word_at_the_resubmit_prompt_asks_again(chat, register, db):
    _report_and_have_item_3_returned(chat, register, "ร้อยละสูงเกินจริง")
    chat.says(OFFICER, "แก้ไข")
    chat.says(OFFICER, "3")
    chat.says(OFFICER, "2.5")
    again = chat.say(OFFICER, "โอเค")
    assert "ยืนยัน" in texts_of(again)[0] and "ยืนยัน" in quick_labels(again)
    assert "เรียบร้อย" in chat.says(OFFICER, "ยืนยัน")


# --- point 13: names are clipped between words -------------------------------------------------

PROJECT_A_WORDS = [
    "ผลผลิต",
    " ",
    ":",
    " ",
    "สหกรณ์",
    "และ",
    "กลุ่ม",
    "เกษตรกร",
    "ได้รับ",
    "การ",
    "ส่งเสริม",
    "และ",
    "พัฒนา",
    "ตาม",
    "ศักยภาพ",
]
PROJECT_A = "".join(PROJECT_A_WORDS)
WORD_ENDS = {len("".join(PROJECT_A_WORDS[:i])) for i in range(1, len(PROJECT_A_WORDS))}


def _assert_clipped_between_words(text: str) -> int:
    """Every shortened mention of project A ends after a whole word, with an ellipsis."""
    clipped, start = 0, 0
    while (at := text.find("ผลผลิต", start)) >= 0:
        n = 0
        while at + n < len(text) and n < len(PROJECT_A) and text[at + n] == PROJECT_A[n]:
            n += 1
        if n < len(PROJECT_A):
            assert n in WORD_ENDS and text[at + n] == "…", text[at : at + n + 1]
            clipped += 1
        start = at + n
    return clipped


def test_names_are_clipped_between_words_in_questions_summary_and_review(chat, register):
    register(OFFICER)
    register(DIVISION, "division", "กพก.")
    question = chat.says(OFFICER, "รายงาน")
    assert _assert_clipped_between_words(question) == 1
    assert "ได้รับการส่งเสริมและพัฒนาตาม…" in question
    for answer in ANSWERS:
        reply = chat.says(OFFICER, answer)
    # project A's budget and problems (its solution shares the problems' line, #24)
    assert "สรุปรายงาน" in reply and _assert_clipped_between_words(reply) >= 2
    chat.says(OFFICER, "ยืนยัน")
    assert _assert_clipped_between_words(chat.says(OFFICER, "แก้ไข")) >= 3
    chat.says(OFFICER, "ยกเลิก")

    chat.says(DIVISION, "ตรวจ")
    sheet = chat.says(DIVISION, "P50")
    assert "ฝนตกหนัก" in sheet and _assert_clipped_between_words(sheet) == 1
