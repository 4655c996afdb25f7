"""ช่วยเหลือ for each role (issue #24): generated from the dialogues' declarations, so every command
a role may use is explained, and an officer also learns photos, ข้าม/ย้อนกลับ/ยกเลิก and whom to call."""

from __future__ import annotations

from handlers import help as help_
from handlers import router  # noqa: F401  (declares every dialogue)
from handlers import texts as T
from handlers.dialogue import REGISTRY
from models.permissions import role_may

ROLES = ("officer", "division", "central", "admin")


def test_every_listed_command_has_a_help_line_in_the_help_of_each_role_that_may_use_it():
    for role in ROLES:
        lines = help_.lines_of(role)
        for word in REGISTRY.words():
            dialogue, entry = REGISTRY.entry(word)
            if not entry.listed:
                continue
            explained = [line for line in lines if line.startswith(f"{word} — ")]
            assert explained if role_may(role, entry.action) else not explained, (role, word)


def test_centrals_help_names_the_commands_it_left_out(chat, register):
    register("Ucentral", "central", "กผง.")
    answer = chat.say("Ucentral", "ช่วยเหลือ")
    text = answer[0]["text"]
    for word in (T.W_SUMMARY, T.W_TIMELINESS, T.W_AUDIT, T.W_UNAPPROVE, T.W_CLOSE, T.W_USERS):
        assert f"\n{word} — " in text, word
    assert f"\n{T.W_REPORT} — " not in text  # central does not report
    assert "📷" not in text


def test_an_officers_help_tells_photos_the_words_inside_a_dialogue_and_whom_to_call(
    chat, register, monkeypatch
):
    monkeypatch.setenv("TIDTAM_INVITE_CONTACT", "กองแผนงาน โทร 0 2123 4567")
    register("Uofficer", "officer", "P50")
    text = chat.say("Uofficer", "ช่วยเหลือค่ะ")[0]["text"]
    assert "\nรายงาน — " in text and "\nแก้ไข — " in text and "\nขอรายงาน — " in text
    assert "📷" in text and "JPEG" in text
    assert "ข้าม" in text and "ย้อนกลับ" in text and "ยกเลิก" in text
    assert "ติดต่อ กองแผนงาน โทร 0 2123 4567" in text
    assert "\nตรวจ — " not in text and "\nปิดรอบ — " not in text
