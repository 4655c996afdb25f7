"""What the database keeps and for how long, and the purge that applies it (daily, `tidtam purge`).

Rules (also in the README, "Security"):

- webhook event ids (processed_event): 7 days. LINE redelivers an event for about a day at most;
  a week covers that with room to spare.
- invite-code tries (invite_attempt): 30 days. The limit looks back ten minutes; a month is
  enough to see who was guessing.
- conversations (conversation_state): deleted once expired (two weeks after the last message);
  an expired conversation is never resumed.
- report files and charts (download_token.content): the file is deleted as soon as its link
  expires (24 hours; files are rebuilt from the database on request). The link row and its
  download log (who followed it, when, from where) are deleted a year after the link expired.
- messages waiting for their turn (pending_event, with the text typed): 1 day. A turn drops a
  pending event ten minutes old; what is left behind by a user who never wrote again goes here.
- evidence photos (photo.content): 2 years after they were sent (two fiscal years of reviews and
  reports); the row (which entry, when, type and size) is kept as part of the record.
- kept for good: the plan, results, budget, problems, summaries, the audit trail, users and the
  reminder history (notification), which are the record of the reporting itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Delete, Select, Update, delete, func, select, update
from sqlalchemy.orm import Session

from models.db import rowcount
from models.entities import (
    ConversationState,
    DownloadLog,
    DownloadToken,
    InviteAttempt,
    Photo,
    ProcessedEvent,
    User,
)
from models.inbox import PendingEvent

EVENT_IDS_KEPT = timedelta(days=7)
INVITE_TRIES_KEPT = timedelta(days=30)
DOWNLOAD_LOG_KEPT = timedelta(days=365)  # after the link expired
PHOTOS_KEPT = timedelta(days=730)  # evidence photos' content, after they were sent
PENDING_KEPT = timedelta(days=1)  # messages left waiting for a turn (#23)


@dataclass(frozen=True)
class Purged:
    """Rows deleted (or files cleared) per kind."""

    event_ids: int = 0
    invite_tries: int = 0
    conversations: int = 0
    files: int = 0
    links: int = 0
    download_logs: int = 0
    photos: int = 0
    pending_events: int = 0

    def summary(self) -> str:
        return (
            f"event ids {self.event_ids}, invite tries {self.invite_tries}, "
            f"conversations {self.conversations}, files {self.files}, links {self.links}, "
            f"download logs {self.download_logs}, photos {self.photos}, pending events {self.pending_events}"
        )


def _count(session: Session, query: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def purge(session: Session, now: datetime, *, dry_run: bool = False) -> Purged:
    """Apply the retention rules as of ``now``; with ``dry_run`` only count what would go."""
    old_links = select(DownloadToken.id).where(DownloadToken.expires_at <= now - DOWNLOAD_LOG_KEPT)
    queries = {
        "event_ids": select(ProcessedEvent.webhook_event_id).where(
            ProcessedEvent.received_at <= now - EVENT_IDS_KEPT
        ),
        "invite_tries": select(InviteAttempt.id).where(InviteAttempt.attempted_at <= now - INVITE_TRIES_KEPT),
        "conversations": select(ConversationState.user_id).where(ConversationState.expires_at <= now),
        "files": select(DownloadToken.id).where(
            DownloadToken.expires_at <= now, DownloadToken.content.is_not(None)
        ),
        "links": old_links,
        "download_logs": select(DownloadLog.id).where(DownloadLog.token_id.in_(old_links)),
        "photos": select(Photo.id).where(Photo.received_at <= now - PHOTOS_KEPT, Photo.content.is_not(None)),
        "pending_events": select(PendingEvent.id).where(PendingEvent.received_at <= now - PENDING_KEPT),
    }
    if dry_run:
        return Purged(**{kind: _count(session, query) for kind, query in queries.items()})
    counts = {
        "event_ids": _delete(
            session, delete(ProcessedEvent).where(ProcessedEvent.received_at <= now - EVENT_IDS_KEPT)
        ),
        "invite_tries": _delete(
            session, delete(InviteAttempt).where(InviteAttempt.attempted_at <= now - INVITE_TRIES_KEPT)
        ),
        "conversations": _purge_conversations(session, now),
        "files": _delete(
            session,
            update(DownloadToken)
            .where(DownloadToken.expires_at <= now, DownloadToken.content.is_not(None))
            .values(content=None),
        ),
        "download_logs": _delete(session, delete(DownloadLog).where(DownloadLog.token_id.in_(old_links))),
        "photos": _delete(
            session,
            update(Photo)
            .where(Photo.received_at <= now - PHOTOS_KEPT, Photo.content.is_not(None))
            .values(content=None),
        ),
        "pending_events": _delete(
            session, delete(PendingEvent).where(PendingEvent.received_at <= now - PENDING_KEPT)
        ),
    }
    counts["links"] = _delete(
        session, delete(DownloadToken).where(DownloadToken.expires_at <= now - DOWNLOAD_LOG_KEPT)
    )
    session.flush()
    return Purged(**counts)


def _delete(session: Session, statement: Delete | Update) -> int:
    return rowcount(session.execute(statement.execution_options(synchronize_session=False))) or 0


def _purge_conversations(session: Session, now: datetime) -> int:
    """Expired conversations of users not in the middle of a message: the webhook holds the user's
    row while it reads and writes the conversation, so the purge takes the same lock and skips
    users whose message is being handled (their turn replaces the expired conversation anyway)."""
    users = session.scalars(
        select(User.id)
        .join(ConversationState, ConversationState.user_id == User.id)
        .where(ConversationState.expires_at <= now)
        .with_for_update(of=User, skip_locked=True)
    ).all()
    if not users:
        return 0
    return _delete(
        session,
        delete(ConversationState).where(
            ConversationState.user_id.in_(users), ConversationState.expires_at <= now
        ),
    )
