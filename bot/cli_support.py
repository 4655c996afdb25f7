"""What the `tidtam` commands share: failing with a message, the checked config, the runtime
(database, clock: bot/runtime.py), the province codes. Kept apart from bot/cli.py so that command modules (bot/report_command.py)
and the dev tools' demo can use them without importing the CLI that imports them."""

from __future__ import annotations

import csv
import sys
from importlib import resources
from typing import NoReturn

import click

from bot.config import Config, ConfigError
from bot.runtime import Runtime, build_runtime


def fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def load_config() -> Config:
    try:
        config = Config.from_env()
        config.validate()
    except ConfigError as error:
        fail(f"error: {error}")
    return config


def load_runtime() -> Runtime:
    """The runtime of the environment's settings; a bad setting ends the command with a message."""
    try:
        return build_runtime()
    except ConfigError as error:
        fail(f"error: {error}")


def province_codes() -> set[str]:
    with resources.files("bot").joinpath("data/th-provinces.csv").open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}
