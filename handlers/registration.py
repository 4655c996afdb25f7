"""New LINE users: greet, ask for the invite code, link the account to a role and a unit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from handlers import greeting
from handlers import help as help_
from handlers import texts as T
from handlers.context import Context, Services
from handlers.messages import Inbound, Text, Turn
from models import registration as reg


def handle(session: Session, inbound: Inbound, now: datetime, services: Services) -> Turn:
    name = f" คุณ{inbound.display_name}" if inbound.display_name else ""
    if inbound.kind == "follow":
        return Turn([Text(T.GREETING.format(name=name))])
    if inbound.kind != "text" or not inbound.text or not inbound.text.strip():
        return Turn([Text(T.ASK_INVITE)])
    if inbound.user_id is None:  # LINE always names the user of a user event; nobody to register
        return Turn([Text(T.ASK_INVITE)])
    wait = reg.wait_minutes(session, inbound.user_id, now)
    if wait:
        return Turn([Text(T.INVITE_WAIT.format(minutes=wait))])
    if not reg.looks_like_code(inbound.text):
        # A greeting or other chatter is not a guess at a code: ask for it, count no wrong try.
        return no_code(inbound.text)
    redeemed = reg.redeem(session, inbound.user_id, inbound.text, now, inbound.display_name)
    if redeemed.user is None:
        if redeemed.wait_minutes:
            return Turn([Text(T.INVITE_WAIT.format(minutes=redeemed.wait_minutes))])
        return Turn([Text(T.INVITE_WRONG)])
    user = redeemed.user
    session.refresh(user)
    # The help below names the role and the unit once (T.HELP_HEADER); the rich menu follows the role.
    # What is due and the days left come first, in the greeting's words (#24).
    ctx = Context(session, user, now, services)
    due = greeting.next_step(ctx) if user.role in ("officer", "division", "central") else None
    return Turn(
        [Text("\n".join([T.REGISTERED_SHORT, *((due,) if due else ())]))] + help_.show(ctx).replies,
        rich_menus=[(user.line_user_id, user.role)],
    )


def no_code(text: str) -> Turn:
    """Text that is not a code: a wrong-shaped code is told so, other chatter asked for the code;
    both are told where to get one when the deployment names a contact (TIDTAM_INVITE_CONTACT)."""
    lines = [T.INVITE_BAD_SHAPE if reg.tried_a_code(text) else T.ASK_INVITE]
    if contact := reg.invite_contact():
        lines.append(T.REG_ASK_CONTACT.format(contact=contact))
    return Turn([Text("\n".join(lines))])
