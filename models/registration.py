"""Invite codes and linking LINE accounts to a role and a unit."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from models.db import rowcount
from models.entities import InviteAttempt, InviteCode, Role, Unit, UnitKind, User

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud and type
CODE_LENGTH = 8
MAX_WRONG = 5
WRONG_WINDOW = timedelta(minutes=10)
# First key of the PostgreSQL advisory lock that serialises one LINE user's code tries ("TIDT").
INVITE_LOCK_CLASS = 0x54494454

# Which kind of unit each role belongs to.
ROLE_UNIT_KINDS = {
    Role.OFFICER.value: {UnitKind.OFFICE.value},
    Role.DIVISION.value: {UnitKind.DIVISION.value},
    Role.CENTRAL.value: {UnitKind.CENTRAL.value},
    Role.ADMIN.value: {UnitKind.CENTRAL.value, UnitKind.DIVISION.value},
}


class InviteError(ValueError):
    """A request for invite codes that cannot be met (unknown unit, role not fitting the unit)."""


def normalize_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def format_code(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:]}"


def looks_like_code(text: str) -> bool:
    raw = normalize_code(text)
    return len(raw) == CODE_LENGTH and all(ch in ALPHABET for ch in raw)


INVITE_CONTACT_ENV = "TIDTAM_INVITE_CONTACT"  # who gives out invite codes: a phone, a LINE id, a unit
_TRIED_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{2,18}[A-Za-z0-9]")


def invite_contact(environ: Mapping[str, str] | None = None) -> str:
    """The deployment's contact for invite codes (empty: none configured)."""
    return ((os.environ if environ is None else environ).get(INVITE_CONTACT_ENV) or "").strip()[:200]


def tried_a_code(text: str) -> bool:
    """Text shaped like an attempt at a code (Latin letters and digits, maybe a dash) that is not
    one: told the code is wrong; other chatter is asked for a code. Neither counts as a try."""
    return bool(_TRIED_CODE.fullmatch(text.strip())) and any(ch.isdigit() or ch == "-" for ch in text)


def create_invites(
    session: Session, *, role: str, unit_code: str, now: datetime, days: int = 14, count: int = 1
) -> list[str]:
    if role not in ROLE_UNIT_KINDS:
        raise InviteError(f"unknown role {role!r}; use officer, division, central or admin")
    unit = session.scalar(select(Unit).where(Unit.code == unit_code))
    if unit is None:
        raise InviteError(f"unknown unit code {unit_code!r}")
    if unit.kind not in ROLE_UNIT_KINDS[role]:
        raise InviteError(f"role {role} does not fit unit {unit_code} ({unit.kind})")
    if not 1 <= days <= 365 or not 1 <= count <= 10_000:
        raise InviteError("days must be 1..365 and count 1..10000")
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        session.add(
            InviteCode(
                code_hash=hash_code(raw),
                role=role,
                unit_id=unit.id,
                created_at=now,
                expires_at=now + timedelta(days=days),
            )
        )
        codes.append(format_code(raw))
    session.flush()
    return codes


def wait_minutes(session: Session, line_user_id: str, now: datetime) -> int:
    """Minutes the user must wait before another try (0: may try now)."""
    since = now - WRONG_WINDOW
    wrong = session.scalars(
        select(InviteAttempt.attempted_at)
        .where(
            InviteAttempt.line_user_id == line_user_id,
            InviteAttempt.attempted_at > since,
            InviteAttempt.success.is_(False),
        )
        .order_by(InviteAttempt.attempted_at)
    ).all()
    if len(wrong) < MAX_WRONG:
        return 0
    free_at = wrong[-MAX_WRONG] + WRONG_WINDOW
    seconds = (free_at - now).total_seconds()
    return max(1, int(seconds // 60) + (1 if seconds % 60 else 0))


def lock_tries(session: Session, line_user_id: str) -> None:
    """Hold this LINE user's code tries until the transaction ends (a not-yet-registered user has no
    row to lock, hence a transaction-scoped advisory lock). On SQLite the webhook's transaction
    holds the one write lock from its first statement (claiming the event id), so tries of the same
    user cannot interleave there."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:cls, hashtext(:uid))"),
            {"cls": INVITE_LOCK_CLASS, "uid": line_user_id},
        )


@dataclass(frozen=True)
class Redeemed:
    user: User | None
    wait_minutes: int = 0


def redeem(
    session: Session, line_user_id: str, text: str, now: datetime, display_name: str | None = None
) -> Redeemed:
    """Try an invite code. Returns the new user, or None (wrong/expired/used), with any wait.

    Counting the wrong tries and adding this one happen under a lock per LINE user, so that many
    messages at once cannot each see fewer than five wrong tries.
    """
    lock_tries(session, line_user_id)
    wait = wait_minutes(session, line_user_id, now)
    if wait:
        return Redeemed(None, wait)
    invite = session.scalar(select(InviteCode).where(InviteCode.code_hash == hash_code(text)))
    usable = False
    if invite is not None and invite.used_at is None and invite.expires_at > now:
        # Conditional update: of two simultaneous redemptions only one wins.
        claimed = rowcount(
            session.execute(
                update(InviteCode)
                .where(InviteCode.id == invite.id, InviteCode.used_at.is_(None))
                .values(used_at=now)
            )
        )
        usable = claimed == 1
    session.add(InviteAttempt(line_user_id=line_user_id, attempted_at=now, success=usable))
    if invite is None or not usable:
        session.flush()
        return Redeemed(None, wait_minutes(session, line_user_id, now))
    user = User(
        line_user_id=line_user_id,
        display_name=display_name,
        role=invite.role,
        unit_id=invite.unit_id,
        created_at=now,
    )
    session.add(user)
    session.flush()
    invite.used_by_id = user.id
    session.flush()
    return Redeemed(user)
