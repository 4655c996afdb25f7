"""Download links for report files and chart images: `GET /files/<token>`.

A token is 256 random bits (``secrets.token_urlsafe(32)``); only its SHA-256 is stored, so the
database alone does not give working links. The file itself is kept in the database too, so any
web instance behind a load balancer can serve it. Links expire (24 hours by default); an unknown or
expired token answers 404, the same for both so nothing is learnt from the answer. Every download
is logged (token, time, remote address, user agent).
"""

from __future__ import annotations

import hashlib
import io
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import Blueprint, Response, abort, request, send_file
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import DownloadLog, DownloadToken, User

log = logging.getLogger(__name__)
bp = Blueprint("files", __name__)

DEFAULT_TTL = timedelta(hours=24)
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class FileStore:
    """How users reach stored files."""

    base_url: str  # PUBLIC_BASE_URL

    def issue(
        self,
        session: Session,
        content: bytes | Path,
        filename: str,
        content_type: str,
        user: User | None,
        now: datetime,
        ttl: timedelta = DEFAULT_TTL,
    ) -> str:
        """Store ``content`` and return an unguessable link to it that expires after ``ttl``."""
        data = content.read_bytes() if isinstance(content, Path) else content
        token = secrets.token_urlsafe(TOKEN_BYTES)
        session.add(
            DownloadToken(
                token_hash=hash_token(token),
                filename=filename,
                content_type=content_type,
                content=data,
                created_by_id=user.id if user is not None else None,
                created_at=now,
                expires_at=now + ttl,
            )
        )
        session.flush()
        return f"{self.base_url.rstrip('/')}/files/{token}"


def current_store() -> FileStore:
    """The store of the running app, linking through PUBLIC_BASE_URL."""
    from bot.runtime import runtime

    return FileStore(runtime().config.public_base_url)


@bp.get("/files/<token>")
def download(token: str) -> Response:
    from bot.runtime import runtime

    if not token or len(token) > MAX_TOKEN_LENGTH:
        abort(404)
    rt = runtime()
    now = rt.clock.now()
    with rt.sessions() as session, session.begin():
        entry = session.scalar(select(DownloadToken).where(DownloadToken.token_hash == hash_token(token)))
        if entry is None or entry.expires_at <= now or entry.content is None:  # no content: purged
            abort(404)
        data = entry.content
        session.add(
            DownloadLog(
                token_id=entry.id,
                at=now,
                remote_addr=(request.remote_addr or "")[:64] or None,
                user_agent=(request.user_agent.string or "")[:255] or None,
            )
        )
        filename, content_type = entry.filename, entry.content_type
    inline = content_type.startswith("image/")
    response = send_file(
        io.BytesIO(data), mimetype=content_type, as_attachment=not inline, download_name=filename, max_age=0
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
