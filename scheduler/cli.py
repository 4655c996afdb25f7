"""`tidtam` commands of the scheduler package (added to the main CLI by bot/cli.py)."""

from __future__ import annotations

import click


def commands() -> list[click.Command]:
    return []
