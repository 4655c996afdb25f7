"""The photo fetch task: a photo an officer sent, recorded by the webhook (handlers/photos.py), is
fetched here from LINE's data API within bounds (bot/line_content.py: 15 s in all, 10 MB counted as
it arrives), checked and bounded (handlers/photo_images.py), stored, and the officer is told the
outcome by push (an outbox row with the photo's own retry key).

Only a registered, active officer who may attach photos to that entry now has the photo fetched.
A worker killed during the fetch leaves the job `doing`: it runs again (scheduler/tasks.py,
``retry_stalled``) and fetches once more; after MAX_ATTEMPTS starts the officer is told it failed.
A photo whose job is gone (SQLite's in-process queue after a restart) is deferred again by the
sweep (``missing_jobs``). Never silence: every photo ends stored, refused or failed, and is told.
"""

from __future__ import annotations

import logging
from datetime import datetime

from procrastinate import BaseConnector
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.line_content import OK, TOO_LARGE
from bot.runtime import Runtime
from handlers import photo_images, photos
from handlers.context import Context
from handlers.messages import Reply
from models.db import transaction
from models.entities import User
from models.line_features import FETCH_FAILED, FETCH_REFUSED, FETCH_WAITING, MAX_PHOTO_BYTES, PhotoFetch
from scheduler import outbox
from scheduler.job_kinds import PHOTO_TASK, Job, later_job

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # fetches started (each by a worker that died before it ended): then "failed"


def job(fetch: PhotoFetch, line_user_id: str) -> Job:
    """The fetch job, as the webhook defers it (a turn's Later, handlers/photos.py)."""
    return later_job(photos.fetch_later(fetch.user_id, line_user_id, fetch.line_message_id))


def _locked(session: Session, message_id: str) -> PhotoFetch | None:
    return session.scalar(
        select(PhotoFetch).where(PhotoFetch.line_message_id == message_id).with_for_update()
    )


def _tell(
    session: Session, user: User, fetch: PhotoFetch, replies: list[Reply], key: str, now: datetime
) -> None:
    outbox.record(
        session,
        user.id,
        user.line_user_id,
        "photo",
        f"photo-{fetch.id}",
        replies,
        now,
        period_id=fetch.period_id,
        retry_key=key,
    )


def fetch_photo(rt: Runtime, message_id: str, key: str) -> None:
    """Fetch, check, store and tell one photo; does nothing for a photo already done."""
    now = rt.clock.now()
    with transaction(rt.sessions) as session:  # an attempt, counted even if this worker dies
        fetch = _locked(session, message_id)
        if fetch is None or fetch.status != FETCH_WAITING:
            return  # done already (the job ran again after its worker died), or its user is gone
        user = session.get(User, fetch.user_id)
        if user is None:
            return
        ctx = Context(session, user, now, rt.services)
        fetch.attempts += 1
        if fetch.attempts > MAX_ATTEMPTS:
            log.warning("photo fetch given up after %d starts", fetch.attempts - 1)
            _tell(session, user, fetch, photos.finish(ctx, fetch, FETCH_FAILED, "worker_lost"), key, now)
            return
        refused = photos.refusal(ctx, fetch)
        if refused is not None:  # deactivated, moved, the period closed, the entry full
            fetch.status, fetch.outcome, fetch.finished_at = FETCH_REFUSED, "not_allowed", now
            _tell(session, user, fetch, refused, key, now)
            return
    fetched = rt.line.message_content(message_id, MAX_PHOTO_BYTES)  # no transaction open meanwhile
    prepared: photo_images.Prepared | str | None = None
    if fetched.outcome == OK and fetched.content is not None:
        prepared = photo_images.prepare(fetched.content)  # bounded before any decoding
    with transaction(rt.sessions) as session:
        fetch = _locked(session, message_id)
        if fetch is None or fetch.status != FETCH_WAITING:
            return
        user = session.get(User, fetch.user_id)
        if user is None:
            return
        ctx = Context(session, user, rt.clock.now(), rt.services)
        if prepared is not None:
            replies = photos.store(ctx, fetch, prepared)
        elif fetched.outcome == TOO_LARGE:
            replies = photos.finish(ctx, fetch, FETCH_REFUSED, photo_images.TOO_LARGE)
        else:
            log.warning("photo fetch failed: %s", fetched.outcome)
            replies = photos.finish(ctx, fetch, FETCH_FAILED, fetched.outcome)
        _tell(session, user, fetch, replies, key, ctx.now)


def missing_jobs(rt: Runtime, connector: BaseConnector) -> int:
    """Photos still waiting whose job is gone (SQLite's in-process queue after a restart, a job
    given up): defer them again."""
    with transaction(rt.sessions) as session:
        waiting = list(session.scalars(select(PhotoFetch).where(PhotoFetch.status == FETCH_WAITING)))
        if not waiting:
            return 0
        if outbox.on_postgres(session):
            covered = set(
                session.scalars(
                    text(
                        "SELECT j.args -> 'args' ->> 'message_id' FROM procrastinate_jobs j"
                        " WHERE j.task_name = :task AND j.status IN ('todo', 'doing')"
                    ),
                    {"task": PHOTO_TASK},
                )
            )
        else:
            covered = {
                j["args"].get("args", {}).get("message_id")
                for j in list(getattr(connector, "jobs", {}).values())
                if j["task_name"] == PHOTO_TASK and j["status"] in ("todo", "doing")
            }
        lost = [f for f in waiting if f.line_message_id not in covered]
        for fetch in lost:
            user = session.get(User, fetch.user_id)
            if user is not None:
                outbox.defer(session, job(fetch, user.line_user_id))
    if lost:
        log.info("sweep: %d photo(s) had no fetch job; deferred again", len(lost))
    return len(lost)
