"""Configuration, read from the environment only when asked (never at import time)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from models.org import REVIEW_BY_ENV, ReviewBy


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which."""


DEFAULT_SQLITE = "sqlite:///" + str(Path("instance") / "tidtam.db")
DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"
# Credentials `tidtam demo` (and, before, the development defaults) used: never valid in production.
KNOWN_SECRETS = frozenset({"development-secret", "demo-channel-secret"})
KNOWN_TOKENS = frozenset({"development-token", "demo-access-token"})
KNOWN_KEYS = frozenset({"development-key", "demo-secret-key"})
MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_CHARACTERS = 8  # different characters in a production key (32 random hex digits have ~15)
# What TIDTAM_ENV may say, exactly: case and spaces are not forgiven (unset or empty: development).
ENVIRONMENTS = ("production", "development")
# Only a Config built in code (the test fixtures) may say this; the environment variable may not.
CODE_ONLY_ENV = "testing"
CREDENTIALS = ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "SECRET_KEY")


@dataclass
class Config:
    database_url: str = DEFAULT_SQLITE
    channel_secret: str = ""
    channel_access_token: str = ""
    line_api_base_url: str = "https://api.line.me"
    line_data_api_base_url: str = "https://api-data.line.me"  # message content, rich menu images
    public_base_url: str = ""  # empty: DEFAULT_PUBLIC_BASE_URL outside production
    secret_key: str = ""
    now: str | None = None
    env: str = "development"
    emulator: bool = False  # mount the emulator and the fake LINE API (TIDTAM_EMULATOR=1, `tidtam demo`)
    # LINE gives up on a webhook after 2 s: sending the replies may wait this many seconds after the
    # webhook arrived, then goes on after the webhook was answered. None waits for the sending
    # (tests that read the replies as soon as the webhook answers).
    reply_budget_s: float | None = 1.5
    # Run the task queue's jobs inside this process (scheduler/tasks.py, InProcessWorker). None: on
    # SQLite yes (the embedded default needs no other process), on PostgreSQL no (Procfile `worker`).
    worker_in_process: bool | None = None
    # Report requests covering more office × indicator pairs than this are built by a worker
    # (TIDTAM_REPORT_INLINE_PAIRS; None: the measured default in handlers/report_request.py).
    report_inline_pairs: int | None = None

    def runs_worker_in_process(self) -> bool:
        if self.worker_in_process is not None:
            return self.worker_in_process
        return not self.normalized_database_url().startswith("postgresql")

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
            line_data_api_base_url=env.get("LINE_DATA_API_BASE_URL") or "https://api-data.line.me",
            public_base_url=(env.get("PUBLIC_BASE_URL") or "").strip().rstrip("/"),
            secret_key=env.get("SECRET_KEY", ""),
            now=env.get("TIDTAM_NOW") or None,
            env=_environment(env.get("TIDTAM_ENV")),
            emulator=(env.get("TIDTAM_EMULATOR") or "").strip().lower() in ("1", "true", "yes", "on"),
            worker_in_process=_flag(env.get("TIDTAM_WORKER_IN_PROCESS")),
            report_inline_pairs=int(env["TIDTAM_REPORT_INLINE_PAIRS"])
            if env.get("TIDTAM_REPORT_INLINE_PAIRS")
            else None,
        )

    def validate(self) -> None:
        """Fail closed: every credential must be set, whatever the environment (no defaults: `tidtam
        demo` and the test fixtures pass their own); production also refuses unsafe settings."""
        review = (os.environ.get(REVIEW_BY_ENV) or "").strip().lower()
        if review and review not in {mode.value for mode in ReviewBy}:
            raise ConfigError(f"{REVIEW_BY_ENV} must be owner, area or both (got {review!r})")
        if self.env not in (*ENVIRONMENTS, CODE_ONLY_ENV):
            raise ConfigError(f"TIDTAM_ENV must be exactly production or development (got {self.env!r})")
        required = dict(
            zip(CREDENTIALS, (self.channel_secret, self.channel_access_token, self.secret_key), strict=True)
        )
        if self.production:
            required["DATABASE_URL"] = self.database_url if self.database_url != DEFAULT_SQLITE else ""
            required["PUBLIC_BASE_URL"] = self.public_base_url
        missing = [name for name, value in required.items() if not value.strip()]
        if missing:
            where = "for production" if self.production else "(no credential has a default)"
            raise ConfigError(f"missing settings {where}: " + ", ".join(missing))
        if len(set(self.secret_key)) < 2:
            raise ConfigError("SECRET_KEY must be a random string, not one repeated character")
        if self.production:
            unsafe = self.unsafe_for_production()
            if unsafe:
                raise ConfigError("unsafe settings for production: " + "; ".join(unsafe))
            return
        self.public_base_url = self.public_base_url or DEFAULT_PUBLIC_BASE_URL

    def unsafe_for_production(self) -> list[str]:
        """What production refuses, each naming its setting."""
        unsafe = []
        url = urlsplit(self.public_base_url)
        if url.scheme != "https" or not url.hostname:
            unsafe.append(
                "PUBLIC_BASE_URL must be an https:// address with a host name "
                "(LINE refuses file links that are not https)"
            )
        if self.channel_secret in KNOWN_SECRETS:
            unsafe.append("LINE_CHANNEL_SECRET is the development or demo secret")
        if self.channel_access_token in KNOWN_TOKENS:
            unsafe.append("LINE_CHANNEL_ACCESS_TOKEN is the development or demo token")
        if (
            self.secret_key in KNOWN_KEYS
            or len(self.secret_key) < MIN_SECRET_KEY_LENGTH
            or len(set(self.secret_key.strip())) < MIN_SECRET_KEY_CHARACTERS
        ):
            unsafe.append(
                f"SECRET_KEY must be a random string of at least {MIN_SECRET_KEY_LENGTH} characters "
                f"(at least {MIN_SECRET_KEY_CHARACTERS} different ones, not spaces)"
            )
        if self.now:
            unsafe.append("TIDTAM_NOW is set (a fixed clock is for training and tests)")
        if self.emulator:
            unsafe.append("TIDTAM_EMULATOR is set (the emulator signs events with the channel secret)")
        return unsafe

    def normalized_database_url(self) -> str:
        """Accept the common `postgres://` and `postgresql://` forms and use psycopg 3."""
        url = self.database_url
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url


def _environment(value: str | None) -> str:
    """TIDTAM_ENV as written: exactly production or development (unset or empty: development)."""
    if not value:
        return "development"
    if value not in ENVIRONMENTS:
        raise ConfigError(f"TIDTAM_ENV must be exactly production or development (got {value!r})")
    return value


def _flag(value: str | None) -> bool | None:
    """ "1"/"true"/... → True, "0"/"false"/... → False, unset or empty → None."""
    if not value or not value.strip():
        return None
    return value.strip().lower() in ("1", "true", "yes", "on")
