"""Photo evidence: an officer sends photos of a project's activities while reporting it (or
afterwards, until the period closes); each is attached to the office's entry of that project for
the period, at most MAX_PHOTOS_PER_ENTRY per entry, and the bot says how many are attached.

The webhook never downloads a photo: ``receive`` decides, from the dialogue at that moment, which
entry the photo goes to, records it (PhotoFetch) and asks a queue task to fetch it
(scheduler/photo_fetch.py). The task checks again that the officer may attach it now
(``refusal``), fetches it within bounds, and ``store`` keeps it (handlers/photo_images.py bounds
it) and says the outcome, which the officer gets by push.
The project is the one being asked about in `รายงาน` or `แก้ไข`; outside a dialogue, the project the
office last answered about in the open period.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from handlers import photo_images
from handlers import texts as T
from handlers.clip import clip
from handlers.context import Context
from handlers.messages import Conversation, Image, Inbound, Later, PhotoWork, Reply, Text
from models import calendar as cal
from models.entities import Disbursement, Period, PeriodState, ProblemReport, Project, Role, User
from models.line_features import (
    FETCH_FAILED,
    FETCH_REFUSED,
    FETCH_STORED,
    FETCH_WAITING,
    MAX_PHOTOS_PER_ENTRY,
    Photo,
    PhotoFetch,
)

PROJECT_ITEMS = frozenset({"disb", "prob", "sol"})  # handlers/items.py kinds that name a project
REPORT_FLOWS = frozenset({"report", "correct"})
THUMBNAIL_TTL = timedelta(hours=24)
# The fetch's outcomes (bot/line_content.py and photo_images) and what the officer is told.
FAILURE_TEXTS = {
    "too_large": T.PHOTO_TOO_LARGE,
    photo_images.TOO_MANY_PIXELS: T.PHOTO_TOO_MANY_PIXELS,
    photo_images.BAD_TYPE: T.PHOTO_BAD_TYPE,
    photo_images.UNREADABLE: T.PHOTO_BAD_TYPE,
}


def retry_key(message_id: str) -> str:
    """The push that tells the outcome of one photo: one key however often its task runs."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"tidtam:photo:{message_id}"))


def _asked_project(conv: Conversation | None) -> tuple[int, str] | None:
    """(project id, ISO month) of the item the officer is answering in รายงาน/แก้ไข."""
    if conv is None or conv.flow not in REPORT_FLOWS:
        return None
    data: Any = conv.data
    items, pos = getattr(data, "items", None), getattr(data, "pos", None)
    if not items or pos is None or not 0 <= pos < len(items):
        return None
    kind, item_id = items[pos]
    return (int(item_id), str(data.period)) if kind in PROJECT_ITEMS else None


def _last_project(ctx: Context, period_id: int) -> int | None:
    """The project the office answered about last in the period."""
    latest = None
    for entity in (Disbursement, ProblemReport):
        row = ctx.session.execute(
            select(entity.project_id, entity.entered_at)
            .where(entity.unit_id == ctx.user.unit_id, entity.period_id == period_id)
            .order_by(entity.entered_at.desc())
            .limit(1)
        ).first()
        if row is not None and (latest is None or row[1] > latest[1]):
            latest = row
    return None if latest is None else int(latest[0])


def receive(ctx: Context, inbound: Inbound, conv: Conversation | None) -> tuple[list[Reply], Later | None]:
    """Record a photo for the entry it goes to and ask for its fetch (the Later); or say why not."""
    if ctx.user.role != Role.OFFICER.value:
        return [Text(T.PHOTO_NOT_OFFICER)], None
    if not inbound.message_id:
        return [Text(T.PHOTO_UNAVAILABLE)], None
    asked = _asked_project(conv)
    if asked is not None:
        project_id, month = asked
        info = ctx.stored_period(month)
    else:
        info = ctx.office_period()
        project_id = _last_project(ctx, info.period.id) if info is not None else None  # type: ignore[assignment]
    if info is None or project_id is None:
        return [Text(T.PHOTO_NO_PROJECT)], None
    month = cal.thai_month(info.month)
    if info.closed:
        return [Text(T.PHOTO_CLOSED.format(month=month))], None
    session = ctx.session
    name = clip(session.scalar(select(Project.name).where(Project.id == project_id)) or "", 60)
    received = Text(T.PHOTO_RECEIVED.format(project=name, month=month))
    if session.scalar(select(PhotoFetch.id).where(PhotoFetch.line_message_id == inbound.message_id)):
        return [received], None  # the same photo again: its fetch is on its way already
    if entry_count(ctx, project_id, ctx.user.unit_id, info.period.id) >= MAX_PHOTOS_PER_ENTRY:
        return [Text(T.PHOTO_FULL.format(project=name, month=month, limit=MAX_PHOTOS_PER_ENTRY))], None
    session.add(
        PhotoFetch(
            line_message_id=inbound.message_id,
            user_id=ctx.user.id,
            project_id=project_id,
            unit_id=ctx.user.unit_id,
            period_id=info.period.id,
            status=FETCH_WAITING,
            attempts=0,
            received_at=ctx.now,
        )
    )
    session.flush()
    return [received], fetch_later(ctx.user.id, ctx.user.line_user_id, inbound.message_id)


def fetch_later(user_id: int, line_user_id: str, message_id: str) -> Later:
    """The photo's fetch, done by a worker (scheduler/photo_fetch.py) once the turn commits: one
    at a time and one waiting per photo (its lock); the outcome is pushed with its retry key."""
    work = PhotoWork(user_id, message_id)
    return Later(work, line_user_id, retry_key(message_id), f"photo-{message_id}")


def entry_count(ctx: Context, project_id: int, unit_id: int, period_id: int) -> int:
    """Photos of the entry, stored or on their way."""
    waiting = ctx.session.scalar(
        select(func.count())
        .select_from(PhotoFetch)
        .where(
            PhotoFetch.project_id == project_id,
            PhotoFetch.unit_id == unit_id,
            PhotoFetch.period_id == period_id,
            PhotoFetch.status == FETCH_WAITING,
        )
    )
    return photo_count(ctx, project_id, unit_id, period_id) + (waiting or 0)


def _names(ctx: Context, fetch: PhotoFetch) -> tuple[str, str]:
    name = ctx.session.scalar(select(Project.name).where(Project.id == fetch.project_id)) or ""
    month = ctx.session.scalar(select(Period.month_start).where(Period.id == fetch.period_id))
    return clip(name, 60), cal.thai_month(month) if month is not None else ""


def refusal(ctx: Context, fetch: PhotoFetch) -> list[Reply] | None:
    """Why this photo may not be attached now (checked by the task before fetching and before
    storing), or None. ``ctx.user`` is the officer who sent it."""
    user: User = ctx.user
    if not user.active or user.role != Role.OFFICER.value or user.unit_id != fetch.unit_id:
        return [Text(T.PHOTO_NOT_OFFICER)]
    name, month = _names(ctx, fetch)
    state = ctx.session.scalar(select(Period.state).where(Period.id == fetch.period_id))
    if state == PeriodState.CLOSED.value:
        return [Text(T.PHOTO_CLOSED.format(month=month))]
    if photo_count(ctx, fetch.project_id, fetch.unit_id, fetch.period_id) >= MAX_PHOTOS_PER_ENTRY:
        return [Text(T.PHOTO_FULL.format(project=name, month=month, limit=MAX_PHOTOS_PER_ENTRY))]
    return None


def finish(ctx: Context, fetch: PhotoFetch, status: str, outcome: str | None) -> list[Reply]:
    """Mark a fetch refused or failed; the replies tell the officer why."""
    fetch.status, fetch.outcome, fetch.finished_at = status, outcome, ctx.now
    if status == FETCH_FAILED:
        return [Text(T.PHOTO_UNAVAILABLE)]
    return [Text(FAILURE_TEXTS.get(outcome or "", T.PHOTO_UNAVAILABLE))]


def store(ctx: Context, fetch: PhotoFetch, prepared: photo_images.Prepared | str) -> list[Reply]:
    """Keep a fetched photo for its entry (``prepared`` by handlers/photo_images.py, or why it
    cannot be kept); the replies say how many the entry has now, or why it was not kept."""
    refused = refusal(ctx, fetch)
    if refused is not None:
        fetch.status, fetch.outcome, fetch.finished_at = FETCH_REFUSED, "not_allowed", ctx.now
        return refused
    if isinstance(prepared, str):
        return finish(ctx, fetch, FETCH_REFUSED, prepared)
    session = ctx.session
    if session.scalar(select(Photo.id).where(Photo.line_message_id == fetch.line_message_id)) is None:
        session.add(
            Photo(
                project_id=fetch.project_id,
                unit_id=fetch.unit_id,
                period_id=fetch.period_id,
                sent_by_id=fetch.user_id,
                line_message_id=fetch.line_message_id,
                content_type=prepared.content_type,
                size=len(prepared.content),
                content=prepared.content,
                received_at=fetch.received_at,
            )
        )
        session.flush()
    fetch.status, fetch.outcome, fetch.finished_at = FETCH_STORED, None, ctx.now
    count = photo_count(ctx, fetch.project_id, fetch.unit_id, fetch.period_id)
    name, month = _names(ctx, fetch)
    return [Text(T.PHOTO_SAVED.format(project=name, month=month, count=count))]


def photo_count(ctx: Context, project_id: int, unit_id: int, period_id: int) -> int:
    return (
        ctx.session.scalar(
            select(func.count())
            .select_from(Photo)
            .where(Photo.project_id == project_id, Photo.unit_id == unit_id, Photo.period_id == period_id)
        )
        or 0
    )


def latest_thumbnail(ctx: Context, unit_id: int, period_id: int, project_ids: list[int]) -> Image | None:
    """The office's newest photo for these projects in the period, as an image message (a link
    that expires, like report files), for the reviewer."""
    content = ctx.session.scalar(
        select(Photo.content)
        .where(
            Photo.unit_id == unit_id,
            Photo.period_id == period_id,
            Photo.project_id.in_(project_ids or [0]),
            Photo.content.is_not(None),
        )
        .order_by(Photo.received_at.desc(), Photo.id.desc())
        .limit(1)
    )
    small = photo_images.thumbnail(content) if content else None
    if small is None:
        return None
    url = ctx.services.files.issue(
        ctx.session, small, "photo.jpg", "image/jpeg", ctx.user, ctx.now, THUMBNAIL_TTL
    )
    return Image(url=url, preview_url=url)
