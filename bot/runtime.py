"""What a Tidtam process holds while it runs: config, database, clock, the LINE adapter and the
services every dialogue step is given (the file store behind download links).

``build_runtime`` is the one place they are wired, for the web app (bot/app.py), the commands that
use the database (bot/cli.py, scheduler/cli.py) and the clock process (scheduler/jobs.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from handlers.context import Services
from models.clock import Clock
from models.db import make_engine, make_session_factory
from models.downloads import FileStore

if TYPE_CHECKING:
    from bot.line_adapter import LineAdapter
    from bot.turn_runner import TurnRunner


@dataclass
class Runtime:
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    line: LineAdapter
    services: Services  # handed to every dialogue step (handlers/context.py)
    closers: list[Callable[[], None]] = field(default_factory=list)  # e.g. an in-process worker's stop
    # The web process's turn runner (bot/turn_runner.py, started by the app factory); None elsewhere.
    turns: TurnRunner | None = None

    def close(self) -> None:
        """Stop what runs beside (closers), then close the database connections."""
        while self.closers:
            self.closers.pop()()
        self.engine.dispose()


def build_runtime(
    config: Config | None = None, *, line: LineAdapter | None = None, clock: Clock | None = None
) -> Runtime:
    """Validate ``config`` (the environment's when None; raises ConfigError) and open nothing yet:
    the engine connects on first use. ``line`` and ``clock`` replace the configured ones (tests)."""
    config = config if config is not None else Config.from_env()
    config.validate()
    url = config.normalized_database_url()
    make_sqlite_folder(url)
    engine = make_engine(url)
    if line is None:
        from bot.line_adapter import LineAdapter  # the LINE SDK loads in about 1 s: `tidtam --help` skips it

        line = LineAdapter(
            config.channel_secret,
            config.channel_access_token,
            config.line_api_base_url,
            data_api_base_url=config.line_data_api_base_url,
        )
    services = Services(FileStore(config.public_base_url), config.report_inline_pairs)
    return Runtime(config, engine, make_session_factory(engine), clock or Clock(config.now), line, services)


def make_sqlite_folder(url: str) -> None:
    """A relative SQLite file (the development default, instance/tidtam.db) gets its folder."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


def runtime() -> Runtime:
    """The runtime of the Flask app handling the current request."""
    rt: Runtime = current_app.extensions["tidtam"]
    return rt
