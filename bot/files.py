"""Download links for report files and chart images: `GET /files/<token>`.

The links are made by the file store (models/downloads.py: random tokens, only their SHA-256
stored, the file kept in the database). Links expire (24 hours by default); an unknown or
expired token answers 404, the same for both so nothing is learnt from the answer. Every download
is logged (token, time, remote address, user agent).
"""

from __future__ import annotations

import io
import logging

from flask import Blueprint, Response, abort, request, send_file
from sqlalchemy import select

from bot.runtime import runtime
from models.downloads import hash_token
from models.entities import DownloadLog, DownloadToken

log = logging.getLogger(__name__)
bp = Blueprint("files", __name__)

MAX_TOKEN_LENGTH = 100


@bp.get("/files/<token>")
def download(token: str) -> Response:
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
