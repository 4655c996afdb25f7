"""Configuration, read from the environment only when asked (never at import time)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which."""


DEFAULT_SQLITE = "sqlite:///" + str(Path("instance") / "tidtam.db")


@dataclass
class Config:
    database_url: str = DEFAULT_SQLITE
    channel_secret: str = ""
    channel_access_token: str = ""
    line_api_base_url: str = "https://api.line.me"
    public_base_url: str = "http://127.0.0.1:8000"
    secret_key: str = ""
    now: str | None = None
    env: str = "development"
    extra: dict = field(default_factory=dict)

    @property
    def production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_SQLITE,
            channel_secret=env.get("LINE_CHANNEL_SECRET", ""),
            channel_access_token=env.get("LINE_CHANNEL_ACCESS_TOKEN", ""),
            line_api_base_url=env.get("LINE_API_BASE_URL") or "https://api.line.me",
            public_base_url=(env.get("PUBLIC_BASE_URL") or "http://127.0.0.1:8000").rstrip("/"),
            secret_key=env.get("SECRET_KEY", ""),
            now=env.get("TIDTAM_NOW") or None,
            env=env.get("TIDTAM_ENV") or "development",
        )

    def validate(self) -> None:
        """In production every credential must be set; in development defaults are filled in."""
        if self.production:
            missing = [
                name
                for name, value in (
                    ("LINE_CHANNEL_SECRET", self.channel_secret),
                    ("LINE_CHANNEL_ACCESS_TOKEN", self.channel_access_token),
                    ("SECRET_KEY", self.secret_key),
                    ("DATABASE_URL", self.database_url if self.database_url != DEFAULT_SQLITE else ""),
                )
                if not value
            ]
            if missing:
                raise ConfigError("missing settings for production: " + ", ".join(missing))
            return
        self.channel_secret = self.channel_secret or "development-secret"
        self.channel_access_token = self.channel_access_token or "development-token"
        self.secret_key = self.secret_key or "development-key"

    def normalized_database_url(self) -> str:
        """Accept the common `postgres://` and `postgresql://` forms and use psycopg 3."""
        url = self.database_url
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url
