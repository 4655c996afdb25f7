"""Five wrong invite codes in ten minutes make a new LINE user wait, however fast they come."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from models.entities import InviteAttempt, User
from models.registration import MAX_WRONG
from tests.support import body_of, sign, text_event


def wrong_tries(db, line_user_id: str) -> int:
    db.expire_all()
    return db.scalar(
        select(func.count())
        .select_from(InviteAttempt)
        .where(InviteAttempt.line_user_id == line_user_id, InviteAttempt.success.is_(False))
    )


def test_the_sixth_wrong_code_is_not_tried_and_not_counted(chat, db):
    for last in "HJKL":
        assert "ไม่ถูกต้องหรือหมดอายุ" in chat.says("Uguesser", f"ABCD-EFG{last}")
    assert "รอประมาณ" in chat.says("Uguesser", "ABCD-EFGM")  # the fifth wrong one
    assert "รอประมาณ" in chat.says("Uguesser", "ABCD-EFGP")
    assert wrong_tries(db, "Uguesser") == MAX_WRONG
    assert db.scalar(select(func.count()).select_from(User)) == 0


def test_forty_wrong_codes_at_once_count_five(bot_app, line_server, db):
    """40 messages from one new LINE user arrive together (many web threads): five are tried.
    (It races on PostgreSQL; SQLite takes one writer at a time, so there it checks the outcome.)"""

    def send(n: int) -> int:
        token = line_server.store.issue_reply_token("Uracer")
        body = body_of(text_event("Uracer", f"WXYZ-{n:04d}".replace("0", "A").replace("1", "B"), token))
        response = bot_app.test_client().post(
            "/callback",
            data=body.encode(),
            headers={"X-Line-Signature": sign(body), "Content-Type": "application/json"},
        )
        return response.status_code

    with ThreadPoolExecutor(40) as pool:
        statuses = list(pool.map(send, range(40)))
    assert statuses == [200] * 40
    assert bot_app.extensions["tidtam"].turns.drain(hurry=False)  # the webhook only recorded them
    assert wrong_tries(db, "Uracer") == MAX_WRONG
