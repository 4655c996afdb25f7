"""Issue #11, the dialogue: one number per item on every screen, a one-tap resubmission after
correcting a returned item, group traffic that leaves the 1:1 dialogue alone, a value waiting for
confirmation that survives anything else, and names clipped between words. Told as conversations."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from models.entities import ConversationState, Indicator, Result, User
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
    assert (after.flow, after.step, after.data, after.updated_at, after.expires_at) == ("report", "item", *saved)

    # Back in the 1:1 chat the next answer goes to item 2, where the officer was.
    assert "ข้อ 3/" in chat.says(OFFICER, "25")
    indicator = db.scalar(select(Indicator).where(Indicator.code == "I02"))
    assert db.scalar(select(Result.value).where(Result.indicator_id == indicator.id)) == Decimal("25")


# --- point 11: a value waiting for confirmation survives any non-answer ------------------------

def _to_the_rate_question(chat) -> None:
    chat.says(OFFICER, "รายงาน")
    chat.says(OFFICER, "1")
    assert "ร้อยละ" in chat.says(OFFICER, "2")  # item 3, I03, is a rate


def test_a_sticker_at_the_confirmation_prompt_keeps_the_value_waiting(chat, register, db):
    register(OFFICER)
    _to_the_rate_question(chat)
    doubt = chat.say(OFFICER, "150")
    assert "เกิน 100" in texts_of(doubt)[0] and "ใช่" in quick_labels(doubt)

    after_sticker = chat.sticker(OFFICER)
    assert "สติกเกอร์" in texts_of(after_sticker)[0]
    assert "เกิน 100" in "\n".join(texts_of(after_sticker)), texts_of(after_sticker)
    assert "ใช่" in quick_labels(after_sticker)
    assert _conversation(db, OFFICER).data["pending"] == "150"

    chat.says(OFFICER, "ใช่")
    indicator = db.scalar(select(Indicator).where(Indicator.code == "I03"))
    assert db.scalar(select(Result.value).where(Result.indicator_id == indicator.id)) == Decimal("150")


def test_a_stray_text_or_help_at_the_confirmation_prompt_keeps_the_value_waiting(chat, register, db):
    register(OFFICER)
    _to_the_rate_question(chat)
    chat.says(OFFICER, "150")
    for stray in ("เดี๋ยวก่อนนะคะ", "ช่วยเหลือ"):
        answer = chat.say(OFFICER, stray)
        assert "เกิน 100" in "\n".join(texts_of(answer)), (stray, texts_of(answer))
        assert "ใช่" in quick_labels(answer)
    chat.says(OFFICER, "ใช่")
    indicator = db.scalar(select(Indicator).where(Indicator.code == "I03"))
    assert db.scalar(select(Result.value).where(Result.indicator_id == indicator.id)) == Decimal("150")
    assert "pending" not in _conversation(db, OFFICER).data
