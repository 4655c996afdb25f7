"""What the app holds while it runs: config, database, clock and the LINE adapter."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.line_adapter import LineAdapter
from models.clock import Clock


@dataclass
class Runtime:
    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    line: LineAdapter


def runtime() -> Runtime:
    rt: Runtime = current_app.extensions["tidtam"]
    return rt
