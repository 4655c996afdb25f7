"""What officers, divisions and central type (issue #24): every phrase of the corpus reaches the
dialogue it must start, through the real webhook and router, on this test's database. One app,
three users, many phrases: the conversation is cleared between phrases instead of a new app."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, select

from handlers import texts as T
from handlers.dialogue import REGISTRY, Dialogue
from models.entities import User
from models.operations import ConversationState
from tests.conftest import ROOT
from tests.support import quick_labels, texts_of
from tests.test_report_chat import download, files_app  # noqa: F401  (files_app: a fixture)

OFFICER, DIVISION, CENTRAL = "Uofficer", "Udivision", "Ucentral"
FILE = "more"  # a report file was sent: the dialogue waits for another kind of the same month

# (who, what they type, the command word whose dialogue it must start, the step it must stop at
# for report requests: "kind", "period", "scope", FILE; None: not checked)
CORPUS: list[tuple[str, str, str, str | None]] = [
    # --- an officer: this month's results
    (OFFICER, "รายงาน", T.W_REPORT, None),
    (OFFICER, "รายงานผล", T.W_REPORT, None),  # the rich-menu label
    (OFFICER, "รายงานผลค่ะ", T.W_REPORT, None),
    (OFFICER, "รายงาน ผล ครับ", T.W_REPORT, None),
    (OFFICER, "รายงานผลหน่อยนะคะ", T.W_REPORT, None),
    (OFFICER, "ส่งรายงาน", T.W_REPORT, None),
    (OFFICER, "ส่งรายงานค่ะ", T.W_REPORT, None),
    (OFFICER, "ส่ง รายงาน", T.W_REPORT, None),
    (OFFICER, "ส่งผล", T.W_REPORT, None),
    (OFFICER, "ส่งผลงานครับ", T.W_REPORT, None),
    (OFFICER, "รายงานผลงาน", T.W_REPORT, None),
    (OFFICER, "รายงานผลประจำเดือน", T.W_REPORT, None),
    (OFFICER, "รายงานประจำเดือนค่ะ", T.W_REPORT, None),
    (OFFICER, "กรอกผล", T.W_REPORT, None),
    (OFFICER, "กรอกข้อมูลค่ะ", T.W_REPORT, None),
    (OFFICER, "ทำรายงาน", T.W_REPORT, None),
    (OFFICER, "เริ่มรายงาน", T.W_REPORT, None),
    (OFFICER, "รายงานต่อนะคะ", T.W_REPORT, None),
    (OFFICER, "report", T.W_REPORT, None),
    (OFFICER, "Report", T.W_REPORT, None),
    (OFFICER, "รายงานค่ะ", T.W_REPORT, None),
    (OFFICER, "รายงานครับ", T.W_REPORT, None),
    (OFFICER, "รายงานผล!", T.W_REPORT, None),
    # status
    (OFFICER, "สถานะ", T.W_STATUS, None),
    (OFFICER, "สถานะค่ะ", T.W_STATUS, None),
    (OFFICER, "สถานะครับ", T.W_STATUS, None),
    (OFFICER, "ขอดูสถานะ", T.W_STATUS, None),
    (OFFICER, "ขอดูสถานะค่ะ", T.W_STATUS, None),
    (OFFICER, "ขอดู สถานะ หน่อยนะคะ", T.W_STATUS, None),
    (OFFICER, "ขอดูสถานะรายงานค่ะ", T.W_STATUS, None),
    (OFFICER, "ดูสถานะ", T.W_STATUS, None),
    (OFFICER, "เช็คสถานะ", T.W_STATUS, None),
    (OFFICER, "เช็กสถานะครับ", T.W_STATUS, None),
    (OFFICER, "ตรวจสอบสถานะ", T.W_STATUS, None),
    (OFFICER, "สถานะรายงาน", T.W_STATUS, None),
    (OFFICER, "ความคืบหน้า", T.W_STATUS, None),
    (OFFICER, "ส่งครบยังคะ", T.W_STATUS, None),
    (OFFICER, "ส่งครบหรือยังครับ", T.W_STATUS, None),
    (OFFICER, "status", T.W_STATUS, None),
    (OFFICER, "Status", T.W_STATUS, None),
    # corrections
    (OFFICER, "แก้ไข", T.W_CORRECT, None),
    (OFFICER, "แก้ไขผล", T.W_CORRECT, None),  # the rich-menu label
    (OFFICER, "แก้ไขผลค่ะ", T.W_CORRECT, None),
    (OFFICER, "แก้ผล", T.W_CORRECT, None),
    (OFFICER, "แก้ไขข้อมูล", T.W_CORRECT, None),
    (OFFICER, "แก้ไขค่า", T.W_CORRECT, None),
    (OFFICER, "แก้ค่าหน่อยค่ะ", T.W_CORRECT, None),
    (OFFICER, "แก้ไขรายงาน", T.W_CORRECT, None),
    (OFFICER, "edit", T.W_CORRECT, None),
    # report files: the word, its synonyms, and requests in one go
    (OFFICER, "ขอรายงาน", T.W_REQUEST_REPORT, "kind"),
    (OFFICER, "ขอรายงานค่ะ", T.W_REQUEST_REPORT, "kind"),
    (OFFICER, "ขอไฟล์รายงาน", T.W_REQUEST_REPORT, "kind"),
    (OFFICER, "ขอไฟล์ค่ะ", T.W_REQUEST_REPORT, "kind"),
    (OFFICER, "ดาวน์โหลดรายงาน", T.W_REQUEST_REPORT, "kind"),
    (OFFICER, "ไฟล์รายงาน", T.W_REQUEST_REPORT, "kind"),
    (OFFICER, "download", T.W_REQUEST_REPORT, "kind"),
    (OFFICER, "ตป.๑ ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ตป.1 ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ตป1 ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ตป.๑ ธ.ค.69", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ตป.๑ ธ.ค. ๖๙", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ตป.๑ ธ.ค. 2569", T.W_REQUEST_REPORT, FILE),  # the usual request's button
    (OFFICER, "ตป.๑ ธ.ค. 69 ค่ะ", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ตป.๑ 12/2569", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ตป.๑ 12/69", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ตป.๑ ธันวาคม", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ตป.๑ ธันวาคม 2569", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ขอรายงาน ตป.๑ ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ขอ ตป.1 ธ.ค. 69", T.W_REQUEST_REPORT, FILE),  # a leading ขอ before the kind
    (OFFICER, "ขอดู ตป.๑ ธ.ค. 69 ค่ะ", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ตป.๑ ธค 69", T.W_REQUEST_REPORT, FILE),  # the month's abbreviation without dots
    (OFFICER, "ตป.๑ ธค.69", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ขอตป.๑", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "ขอ สงป.301", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "ตป.๑", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "ตป.1", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "ตป1", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "ตป 1", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "ตป.๑ ค่ะ", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "tp1", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "สงป.๓๐๑", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "สงป.301", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "สงป301", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "301", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "๓๐๑", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "301 ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "สงป.๓๐๑ 12/2569", T.W_REQUEST_REPORT, FILE),
    (OFFICER, "ความครบถ้วน", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "รายไตรมาส", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "ไตรมาส", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "ข้อมูลรายเดือน", T.W_REQUEST_REPORT, "period"),
    (OFFICER, "ตป.๑ ไม่มีเดือนนี้", T.W_REQUEST_REPORT, "period"),  # a month not understood is asked
    # reminders
    (OFFICER, "พักแจ้งเตือน", T.W_PAUSE, None),
    (OFFICER, "พักแจ้งเตือนค่ะ", T.W_PAUSE, None),
    (OFFICER, "หยุดแจ้งเตือน", T.W_PAUSE, None),
    (OFFICER, "ปิดแจ้งเตือนค่ะ", T.W_PAUSE, None),
    (OFFICER, "พักการแจ้งเตือน", T.W_PAUSE, None),
    (OFFICER, "เปิดแจ้งเตือน", T.W_RESUME, None),
    (OFFICER, "เปิดการแจ้งเตือน", T.W_RESUME, None),
    (OFFICER, "รับแจ้งเตือนค่ะ", T.W_RESUME, None),
    # help and greetings
    (OFFICER, "ช่วยเหลือ", T.W_HELP, None),
    (OFFICER, "ช่วยเหลือค่ะ", T.W_HELP, None),
    (OFFICER, "help", T.W_HELP, None),
    (OFFICER, "HELP", T.W_HELP, None),
    (OFFICER, "เมนู", T.W_HELP, None),
    (OFFICER, "menu", T.W_HELP, None),
    (OFFICER, "วิธีใช้", T.W_HELP, None),
    (OFFICER, "คู่มือ", T.W_HELP, None),
    (OFFICER, "ทำอะไรได้บ้างคะ", T.W_HELP, None),
    (OFFICER, "สวัสดี", T.W_GREETING, None),
    (OFFICER, "สวัสดีค่ะ", T.W_GREETING, None),
    (OFFICER, "สวัสดีครับ", T.W_GREETING, None),
    (OFFICER, "หวัดดีจ้า", T.W_GREETING, None),
    (OFFICER, "hello", T.W_GREETING, None),
    (OFFICER, "Hi", T.W_GREETING, None),
    (OFFICER, "อรุณสวัสดิ์ค่ะ", T.W_GREETING, None),
    (OFFICER, "ขอบคุณค่ะ", T.W_THANKS, None),
    (OFFICER, "ขอบคุณครับ", T.W_THANKS, None),
    (OFFICER, "ขอบคุณมากค่ะ", T.W_THANKS, None),
    (OFFICER, "โอเค", T.W_THANKS, None),
    (OFFICER, "ok", T.W_THANKS, None),
    (OFFICER, "OK ครับ", T.W_THANKS, None),
    # --- a division
    (DIVISION, "ตรวจ", T.W_REVIEW, None),
    (DIVISION, "ตรวจผล", T.W_REVIEW, None),  # the rich-menu label
    (DIVISION, "ตรวจผลค่ะ", T.W_REVIEW, None),
    (DIVISION, "ตรวจผลงาน", T.W_REVIEW, None),
    (DIVISION, "ตรวจ ผล งาน ครับ", T.W_REVIEW, None),
    (DIVISION, "ตรวจรายงาน", T.W_REVIEW, None),
    (DIVISION, "ตรวจสอบผล", T.W_REVIEW, None),
    (DIVISION, "ตรวจสอบรายงานค่ะ", T.W_REVIEW, None),
    (DIVISION, "อนุมัติผล", T.W_REVIEW, None),
    (DIVISION, "review", T.W_REVIEW, None),
    (DIVISION, "สรุปโครงการ", T.W_SUMMARY, None),
    (DIVISION, "สรุปผลโครงการ", T.W_SUMMARY, None),
    (DIVISION, "เขียนสรุปโครงการค่ะ", T.W_SUMMARY, None),
    (DIVISION, "ยกเลิกการอนุมัติ", T.W_UNAPPROVE, None),
    (DIVISION, "ยกเลิกอนุมัติ", T.W_UNAPPROVE, None),  # the rich-menu label
    (DIVISION, "ถอนอนุมัติ", T.W_UNAPPROVE, None),
    (DIVISION, "ประวัติ", T.W_AUDIT, None),
    (DIVISION, "ประวัติการแก้ไข", T.W_AUDIT, None),
    (DIVISION, "ดูประวัติค่ะ", T.W_AUDIT, None),
    (DIVISION, "history", T.W_AUDIT, None),
    (DIVISION, "ความตรงเวลา", T.W_TIMELINESS, None),
    (DIVISION, "สถานะ", T.W_STATUS, None),
    (DIVISION, "ขอดูสถานะค่ะ", T.W_STATUS, None),
    (DIVISION, "ขอดูสถานะรายงานค่ะ", T.W_STATUS, None),
    (DIVISION, "ขอรายงาน", T.W_REQUEST_REPORT, "kind"),
    (DIVISION, "ตป.๑ ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (DIVISION, "ตป.1 ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (DIVISION, "ขอ ตป.1 ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (DIVISION, "ตป.๑ ธค 69", T.W_REQUEST_REPORT, FILE),
    (DIVISION, "ขอตป.๑", T.W_REQUEST_REPORT, "period"),
    (DIVISION, "ขอ สงป.301", T.W_REQUEST_REPORT, "period"),
    (DIVISION, "ตป.๑ 12/2569", T.W_REQUEST_REPORT, FILE),
    (DIVISION, "ตป.๑ ธันวาคม", T.W_REQUEST_REPORT, FILE),
    (DIVISION, "ตป.๑", T.W_REQUEST_REPORT, "period"),
    (DIVISION, "สงป.๓๐๑ ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (DIVISION, "ความครบถ้วน ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (DIVISION, "รายไตรมาส", T.W_REQUEST_REPORT, "period"),
    (DIVISION, "ไตรมาส 1", T.W_REQUEST_REPORT, None),
    (DIVISION, "ไตรมาสที่ 1", T.W_REQUEST_REPORT, None),
    (DIVISION, "พักแจ้งเตือน", T.W_PAUSE, None),
    (DIVISION, "ช่วยเหลือ", T.W_HELP, None),
    (DIVISION, "help", T.W_HELP, None),
    (DIVISION, "สวัสดีค่ะ", T.W_GREETING, None),
    (DIVISION, "ขอบคุณค่ะ", T.W_THANKS, None),
    (DIVISION, "โอเคค่ะ", T.W_THANKS, None),
    # --- central
    (CENTRAL, "รายงานแทน", T.W_REPORT_FOR, None),
    (CENTRAL, "รายงานแทนค่ะ", T.W_REPORT_FOR, None),
    (CENTRAL, "ส่งแทน", T.W_REPORT_FOR, None),
    (CENTRAL, "บันทึกแทนครับ", T.W_REPORT_FOR, None),
    (CENTRAL, "ปิดรอบ", T.W_CLOSE, None),
    (CENTRAL, "ปิดรอบค่ะ", T.W_CLOSE, None),
    (CENTRAL, "ปิดรอบรายงาน", T.W_CLOSE, None),
    (CENTRAL, "ปิดรอบเดือน", T.W_CLOSE, None),
    (CENTRAL, "เปิดรอบ", T.W_REOPEN, None),
    (CENTRAL, "เปิดรอบรายงาน", T.W_REOPEN, None),
    (CENTRAL, "เปิดรอบใหม่ค่ะ", T.W_REOPEN, None),
    (CENTRAL, "ผู้ใช้", T.W_USERS, None),
    (CENTRAL, "ผู้ใช้งาน", T.W_USERS, None),
    (CENTRAL, "จัดการผู้ใช้", T.W_USERS, None),
    (CENTRAL, "users", T.W_USERS, None),
    (CENTRAL, "ความตรงเวลา", T.W_TIMELINESS, None),
    (CENTRAL, "ส่งตรงเวลา", T.W_TIMELINESS, None),
    (CENTRAL, "คะแนนความตรงเวลาค่ะ", T.W_TIMELINESS, None),
    (CENTRAL, "ตรวจ", T.W_REVIEW, None),
    (CENTRAL, "ตรวจผล", T.W_REVIEW, None),
    (CENTRAL, "สรุปโครงการ", T.W_SUMMARY, None),
    (CENTRAL, "ยกเลิกอนุมัติ", T.W_UNAPPROVE, None),
    (CENTRAL, "ประวัติ", T.W_AUDIT, None),
    (CENTRAL, "สถานะ", T.W_STATUS, None),
    (CENTRAL, "status", T.W_STATUS, None),
    (CENTRAL, "ขอรายงาน", T.W_REQUEST_REPORT, "kind"),
    (CENTRAL, "ตป.๑ ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (CENTRAL, "ตป.1 ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (CENTRAL, "ขอ ตป.1 ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (CENTRAL, "ตป.๑ ธค 69", T.W_REQUEST_REPORT, FILE),
    (CENTRAL, "ขอตป.๑", T.W_REQUEST_REPORT, "period"),
    (CENTRAL, "ขอ สงป.301", T.W_REQUEST_REPORT, "period"),
    (CENTRAL, "ขอดูสถานะรายงานค่ะ", T.W_STATUS, None),
    (CENTRAL, "ตป.๑ 12/2569", T.W_REQUEST_REPORT, FILE),
    (CENTRAL, "ตป.๑ ธันวาคม", T.W_REQUEST_REPORT, FILE),
    (CENTRAL, "ตป.๑", T.W_REQUEST_REPORT, "period"),
    (CENTRAL, "301 ธ.ค. 69", T.W_REQUEST_REPORT, FILE),
    (CENTRAL, "ความครบถ้วน", T.W_REQUEST_REPORT, "period"),
    (CENTRAL, "รายไตรมาส", T.W_REQUEST_REPORT, "period"),
    (CENTRAL, "ไตรมาส 1", T.W_REQUEST_REPORT, "scope"),
    (CENTRAL, "ไตรมาส 1/2570", T.W_REQUEST_REPORT, "scope"),
    (CENTRAL, "ไตรมาสที่ 1", T.W_REQUEST_REPORT, "scope"),
    (CENTRAL, "ประจำปี 2570", T.W_REQUEST_REPORT, None),  # #25: no September closed yet: said so
    (CENTRAL, "รายงานประจำปีค่ะ", T.W_REQUEST_REPORT, None),
    (CENTRAL, "เปิดแจ้งเตือน", T.W_RESUME, None),
    (CENTRAL, "ช่วยเหลือ", T.W_HELP, None),
    (CENTRAL, "สวัสดีครับ", T.W_GREETING, None),
    (CENTRAL, "ขอบคุณครับ", T.W_THANKS, None),
    (CENTRAL, "ok", T.W_THANKS, None),
]


@pytest.fixture
def people(chat, register):
    register(OFFICER, "officer", "P50")
    register(DIVISION, "division", "กพก.")
    register(CENTRAL, "central", "กผง.")
    return chat


@pytest.fixture
def started(monkeypatch):
    """The command words whose entries the router began, in order (the dialogue itself runs)."""
    begun: list[str] = []
    begin = Dialogue.begin

    def recording(self, ctx, word, arg=None, rest=""):
        begun.append(word)
        return begin(self, ctx, word, arg, rest)

    monkeypatch.setattr(Dialogue, "begin", recording)
    return begun


def test_every_phrase_of_the_corpus_starts_its_dialogue(people, started, db):
    typed = [(who, text) for who, text, _, _ in CORPUS]
    assert len(typed) >= 150 and len(typed) == len(set(typed))  # big, and each phrase once
    chat = people
    ids = {u.line_user_id: u.id for u in db.scalars(select(User))}
    wrong = []
    for who, text, word, step in CORPUS:
        started.clear()
        answer = chat.say(who, text)
        said = "\n".join(texts_of(answer))
        db.expire_all()
        state = db.get(ConversationState, ids[who])
        stopped = state.step if state is not None else None
        if started != [word] or T.UNKNOWN in said or T.ERROR in said or (step and stopped != step):
            wrong.append((who, text, started[:], stopped, said[:80]))
        db.execute(delete(ConversationState))  # the next phrase starts outside any dialogue
        db.commit()
    assert not wrong, "\n".join(map(str, wrong))


def _readme_examples() -> set[str]:
    """What the README's "What users type" section shows people typing, in backticks."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What users type", 1)[1].split("\nLate months", 1)[0]
    quoted = set(re.findall(r"`([^`]+)`", section))
    return {q for q in quoted if not re.fullmatch(r"[A-Z_]+|[\w/]+\.py", q)}  # not names in the code


# Examples that are answers inside a dialogue, not phrases that start one, and names the README
# quotes beside them (a plan column, a command line).
ANSWERS = {T.W_CONFIRM, T.W_SKIP, T.W_BACK, T.W_CANCEL, "P50", "I01", "หน่วยงานกำกับ", "tidtam audit"}


def test_every_example_the_readme_gives_is_in_the_corpus():
    examples = _readme_examples() - ANSWERS
    assert {"ตป.๑ ธ.ค. 69", "รายงานผล", "ขอดูสถานะ", "ส่งรายงาน"} <= examples
    typed = [text for _, text, _, _ in CORPUS]
    missing = [e for e in sorted(examples) if not any(e == text or f" {e}" in text for text in typed)]
    assert not missing, missing


def test_a_request_in_one_go_sends_the_file_of_that_month(people, files_app, db):  # noqa: F811
    chat = people
    answer = chat.say(DIVISION, "ตป.๑ ธ.ค. 69")
    assert "ตป.๑ ธ.ค. 2569 พร้อมดาวน์โหลดแล้ว" in texts_of(answer)[0]
    book, _ = download(files_app, answer)
    by_office = [r for r in book["รายหน่วยงาน"].iter_rows(values_only=True) if r[0] == "I01"]
    assert {r[1]: r[5] for r in by_office} == {"P50": 12, "P40": 40, "P90": 7}
    # the other kinds of that month, one tap each, as after a file asked for step by step
    assert "สงป.๓๐๑" in quick_labels(answer)
    asked = chat.says(DIVISION, "ตป1")  # a kind alone after a file: the same month
    assert "ตป.๑ ธ.ค. 2569 พร้อมดาวน์โหลดแล้ว" in asked
    plain = chat.say(OFFICER, "ตป.๑")
    assert "ตป.๑ ของรอบเดือนใด" in texts_of(plain)[0] and "ธ.ค. 2569" in quick_labels(plain)
    bad = chat.says(OFFICER, "ตป.๑ เดือนหน้า")
    assert T.RF_BAD_PERIOD in bad
    for typed in ("ขอ ตป.1 ธ.ค. 69", "ตป.๑ ธค 69"):  # a leading ขอ; the month without its dots
        assert "ตป.๑ ธ.ค. 2569 พร้อมดาวน์โหลดแล้ว" in chat.says(DIVISION, typed)


def test_a_quarter_by_its_number_asks_for_that_quarter(people):
    chat = people
    plain = chat.says(CENTRAL, "ไตรมาส 1")
    chat.says(CENTRAL, T.W_CANCEL)
    said = chat.says(CENTRAL, "ไตรมาสที่ 1")
    assert said == plain and T.UNKNOWN not in said  # the scope of quarter 1 asked, as for ไตรมาส 1


def test_thanks_get_a_short_polite_reply_and_inside_a_dialogue_stay_an_answer(people):
    chat = people
    for typed in ("ขอบคุณค่ะ", "ขอบคุณครับ", "โอเค", "ok"):
        assert texts_of(chat.say(OFFICER, typed)) == [T.THANKS], typed
    assert "ข้อ 1/" in chat.says(OFFICER, "รายงานผล")
    inside = chat.says(OFFICER, "โอเค")  # an answer to the question, not thanks that end the dialogue
    assert T.THANKS not in inside and T.UNKNOWN not in inside


def test_a_repeat_sign_or_punctuation_alone_is_not_words():
    from handlers.answers import has_words, read_text

    for typed in ("ๆ", "ๆๆ", " ๆ ", "...", "!?", "ะ", "5 ๆ"):
        assert not has_words(typed), typed
        assert not isinstance(read_text(typed), str), typed  # refused, saying why
    for typed in ("ฝนตก ๆ", "ok", "น้ำท่วม"):
        assert has_words(typed) and read_text(typed) == typed


def test_a_greeting_names_what_is_due_and_the_next_step(people):
    chat = people
    answer = chat.say(OFFICER, "สวัสดีค่ะ")
    said = "\n".join(texts_of(answer))
    assert said.startswith("สวัสดีค่ะ") and "รอบเดือนธันวาคม 2569 ส่งแล้ว 0/" in said
    assert "เหลือ 5 วัน" in said and T.UNKNOWN not in said
    assert quick_labels(answer)[0] == T.W_REPORT
    division = chat.say(DIVISION, "หวัดดีครับ")
    assert "รอบเดือนธันวาคม 2569" in texts_of(division)[0] and quick_labels(division)[0] == T.W_REVIEW
    assert "ปิดรอบ" in chat.says(CENTRAL, "hello")


def test_text_not_understood_gets_the_closest_commands_not_the_whole_help(people):
    chat = people
    answer = chat.say(DIVISION, "อยากตรวจผลงานของจังหวัด")
    said = "\n".join(texts_of(answer))
    assert T.UNKNOWN in said and "คุณเป็น" not in said  # not the help screen
    labels = quick_labels(answer)
    assert labels[0] == T.W_REVIEW and 3 <= len(labels) <= 4 and labels[-1] == T.W_HELP
    assert set(labels) <= {*REGISTRY.listed("division"), T.W_HELP}  # only what a division may use
    assert not set(labels) & {T.W_CLOSE, T.W_REOPEN}  # central's, though close in spelling to nothing here
    officer = quick_labels(chat.say(OFFICER, "ขอดูสถานะของหน่วยงานหน่อย"))
    assert officer[0] == T.W_STATUS


def test_inside_a_dialogue_a_number_stays_an_answer_and_polite_words_count(people):
    chat = people
    assert "ข้อ 1/" in chat.says(OFFICER, "รายงานผลค่ะ")
    assert "ผลสะสมจะเป็น 301" in chat.says(OFFICER, "301")  # an answer (asked once), not สงป.๓๐๑
    assert "ข้อ 2/" in chat.says(OFFICER, "ใช่ค่ะ")
    assert "ข้อ 1/" in chat.says(OFFICER, "ย้อนกลับค่ะ")
    assert "301" in chat.says(OFFICER, "สวัสดีค่ะ")  # hello, and the same question again
    inside = chat.says(OFFICER, "ช่วยเหลือค่ะ")  # the words inside a dialogue, and the question again
    assert "ระหว่างรายงาน" in inside and "ข้อ 1/" in inside
    assert "ข้อ 1/" in chat.says(OFFICER, "ตรวจผล")  # another role's phrase inside a dialogue: an answer
    assert T.CANCELLED in chat.says(OFFICER, "ยกเลิกค่ะ")


def test_every_rich_menu_label_typed_starts_what_its_area_sends():
    from bot.rich_menus import PAGES, UNREGISTERED
    from handlers import help as help_

    table = help_.table()
    for role, pages in PAGES.items():
        for page in pages:
            for word in page.words:
                if word in T.RICH_MENU_LABELS and role != UNREGISTERED:
                    label = T.RICH_MENU_LABELS[word]
                    for typed in (label, f"{label}ค่ะ", f" {label} ครับ"):
                        understood = table.understand(typed)
                        assert understood is not None and understood.word == word, (role, typed)
