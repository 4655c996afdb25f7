"""Photo evidence: an officer sends photos of a project's activities while reporting it (or
afterwards, until the period closes); each is attached to the office's entry of that project for
the period, and the bot says how many are attached.

The webhook fetches the content from LINE's data API before the dialogue runs (bounded by the
adapter's CONTENT_TIMEOUT): this module only checks and stores what it is given, so it stays pure.
The project is the one being asked about in `รายงาน` or `แก้ไข`; outside a dialogue, the project the
office last answered about in the open period.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from PIL import Image as PilImage
from sqlalchemy import func, select

from handlers import texts as T
from handlers.clip import clip
from handlers.context import Context
from handlers.messages import Conversation, Image, Inbound, Reply, Text
from models import calendar as cal
from models.downloads import current_store
from models.entities import Disbursement, ProblemReport, Project, Role
from models.line_features import MAX_PHOTO_BYTES, Photo

PROJECT_ITEMS = frozenset({"disb", "prob", "sol"})  # handlers/items.py kinds that name a project
REPORT_FLOWS = frozenset({"report", "correct"})
JPEG, PNG = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"
THUMBNAIL_PX = 480  # LINE's image preview must stay under 1 MB: a 480 px JPEG is ~40 KB
THUMBNAIL_TTL = timedelta(hours=24)


def content_type_of(content: bytes) -> str | None:
    """JPEG or PNG by their magic bytes; None for anything else."""
    if content.startswith(JPEG):
        return "image/jpeg"
    if content.startswith(PNG):
        return "image/png"
    return None


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


def receive(ctx: Context, inbound: Inbound, conv: Conversation | None) -> list[Reply]:
    """Check and store one photo; the replies say how many the entry has now."""
    if ctx.user.role != Role.OFFICER.value:
        return [Text(T.PHOTO_NOT_OFFICER)]
    content = inbound.content
    if content is None or not inbound.message_id:
        return [Text(T.PHOTO_UNAVAILABLE)]
    content_type = content_type_of(content)
    if content_type is None or len(content) > MAX_PHOTO_BYTES:
        return [Text(T.PHOTO_BAD_TYPE)]
    asked = _asked_project(conv)
    if asked is not None:
        project_id, month = asked
        info = ctx.stored_period(month)
    else:
        info = ctx.office_period()
        project_id = _last_project(ctx, info.period.id) if info is not None else None  # type: ignore[assignment]
    if info is None or project_id is None:
        return [Text(T.PHOTO_NO_PROJECT)]
    if info.closed:
        return [Text(T.PHOTO_CLOSED.format(month=cal.thai_month(info.month)))]
    session = ctx.session
    known = session.scalar(select(Photo.id).where(Photo.line_message_id == inbound.message_id))
    if known is None:
        session.add(
            Photo(
                project_id=project_id,
                unit_id=ctx.user.unit_id,
                period_id=info.period.id,
                sent_by_id=ctx.user.id,
                line_message_id=inbound.message_id,
                content_type=content_type,
                size=len(content),
                content=content,
                received_at=ctx.now,
            )
        )
        session.flush()
    count = photo_count(ctx, project_id, ctx.user.unit_id, info.period.id)
    name = session.scalar(select(Project.name).where(Project.id == project_id)) or ""
    return [Text(T.PHOTO_SAVED.format(project=clip(name, 60), month=cal.thai_month(info.month), count=count))]


def photo_count(ctx: Context, project_id: int, unit_id: int, period_id: int) -> int:
    return (
        ctx.session.scalar(
            select(func.count())
            .select_from(Photo)
            .where(Photo.project_id == project_id, Photo.unit_id == unit_id, Photo.period_id == period_id)
        )
        or 0
    )


def thumbnail(content: bytes) -> bytes | None:
    """A small JPEG of a stored photo (for the reviewer's chat); None if it cannot be read."""
    try:
        with PilImage.open(io.BytesIO(content)) as picture:
            picture.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
            out = io.BytesIO()
            picture.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except (OSError, ValueError, PilImage.DecompressionBombError):
        return None


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
    small = thumbnail(content) if content else None
    if small is None:
        return None
    url = current_store().issue(
        ctx.session, small, "photo.jpg", "image/jpeg", ctx.user, ctx.now, THUMBNAIL_TTL
    )
    return Image(url=url, preview_url=url)
