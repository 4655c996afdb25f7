"""The store behind download links for report files and chart images (served by bot/files.py).

A token is 256 random bits (``secrets.token_urlsafe(32)``); only its SHA-256 is stored, so the
database alone does not give working links. The file itself is kept in the database too, so any
web instance behind a load balancer can serve it. Links expire (24 hours by default).

The runtime builds one store from PUBLIC_BASE_URL (bot/runtime.py) and hands it to every dialogue
step in its context (``handlers.context.Services``): the web app, the worker and the CLI alike.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from models.entities import DownloadToken, User

DEFAULT_TTL = timedelta(hours=24)
TOKEN_BYTES = 32


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
