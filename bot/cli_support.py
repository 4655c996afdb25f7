"""What the `tidtam` commands share: failing with a message, the checked config, a session
factory, the province codes. Kept apart from bot/cli.py so that command modules (bot/report_command.py)
and the dev tools' demo can use them without importing the CLI that imports them."""

from __future__ import annotations

import csv
import sys
from importlib import resources
from typing import NoReturn

import click
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config, ConfigError
from models.db import make_engine, make_session_factory


def fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def load_config() -> Config:
    config = Config.from_env()
    try:
        config.validate()
    except ConfigError as error:
        fail(f"error: {error}")
    return config


def sessions(config: Config) -> sessionmaker[Session]:
    return make_session_factory(make_engine(config.normalized_database_url()))


def province_codes() -> set[str]:
    with resources.files("bot").joinpath("data/th-provinces.csv").open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}
