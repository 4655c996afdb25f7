"""Download links for report files and chart images: `GET /files/<token>`.

The links are made by the file store (models/downloads.py: random tokens, only their SHA-256
stored, the file kept in the database). Links expire (24 hours by default); an unknown or
expired token answers 404, the same for both so nothing is learnt from the answer. Every download
is logged (token, time, remote address, user agent).

The download name is Thai (`filename*`, RFC 6266); the plain `filename` a client falls back to is
an ASCII name that reads the same: 'ตป.1_2569-12_กองแผนงาน.xlsx' → 'tp1_2569-12.xlsx', never a
hidden '.1_2569-12.xlsx' (#25).
"""

from __future__ import annotations

import io
import logging
import re
from urllib.parse import quote

from flask import Blueprint, Response, abort, request, send_file
from sqlalchemy import select

from bot.runtime import runtime
from models.downloads import hash_token
from models.entities import DownloadLog, DownloadToken
from reports import kinds

log = logging.getLogger(__name__)
bp = Blueprint("files", __name__)

MAX_TOKEN_LENGTH = 100

# The report kinds' file name stems (reports/kinds.py) in ASCII, by their code ('ตป.1' → 'tp1');
# any other non-ASCII text (a division's or an office's name) is left out of the fallback name.
ASCII_WORDS = {kind.stem: kind.code for kind in kinds.KINDS if kind.chat}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_name(filename: str) -> str:
    """A safe, readable, non-hidden ASCII name for ``filename``: known Thai words translated, other
    characters dropped, no leading dot, the extension kept ('report' when nothing is left)."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    for thai, word in ASCII_WORDS.items():
        stem = stem.replace(thai, word)
    stem = _UNSAFE.sub("_", stem)
    stem = re.sub(r"_{2,}", "_", stem).strip("._-") or "report"
    ext = _UNSAFE.sub("", ext)
    return f"{stem}.{ext}" if ext else stem


def content_disposition(filename: str, *, inline: bool) -> str:
    """`attachment; filename="tp1_2569-12.xlsx"; filename*=UTF-8''%E0%B8%95…`."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


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
    response = send_file(io.BytesIO(data), mimetype=content_type, max_age=0)
    response.headers["Content-Disposition"] = content_disposition(filename, inline=inline)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
