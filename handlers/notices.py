"""Notices that a chat action causes for other people (issue #16): an approved value changed.

One small function, returning pushes that go out after commit the same way as the return notices
of `ตรวจ` and the closing notices of `ปิดรอบ` (Turn.pushes): the one place to re-route them.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from handlers import texts as T
from handlers.clip import clip
from handlers.context import Context
from handlers.messages import Push, Text, quick
from models import calendar as cal
from models.entities import AuditLog, EntryStatus, Result, User
from models.periods import PeriodInfo


def approved_value_changed(
    ctx: Context, info: PeriodInfo, result: Result, label: str, old: str, new: str
) -> list[Push]:
    """When the value just changed had been approved: the officer who had sent it (someone else)
    and the reviewer who approved it are told; it waits for review again."""
    reopened = ctx.session.scalar(
        select(AuditLog.id).where(
            AuditLog.entity == "result",
            AuditLog.entity_id == result.id,
            AuditLog.field == "status",
            AuditLog.old_value == EntryStatus.APPROVED.value,
            AuditLog.new_value == EntryStatus.SUBMITTED.value,
            AuditLog.at == ctx.now,
        )
    )
    if reopened is None:
        return []
    who = ctx.user.display_name or ctx.user.unit.name
    month = cal.thai_month(info.month)
    pushes: list[Push] = []
    for user_id, text, button in (
        (result.submitted_by_id, T.NOTICE_APPROVED_CHANGED_OFFICER, T.W_STATUS),
        (result.reviewed_by_id, T.NOTICE_APPROVED_CHANGED_REVIEWER, T.W_REVIEW),
    ):
        if user_id is None or user_id == ctx.user.id:
            continue
        to = ctx.session.get(User, user_id)
        if to is None or not to.active or not to.following:
            continue
        message = text.format(
            month=month, office=ctx.user.unit.name, item=clip(label, 80), old=old, new=new, who=clip(who, 40)
        )
        pushes.append(Push(to.line_user_id, (Text(message, quick(button)),), str(uuid.uuid4())))
    return pushes
