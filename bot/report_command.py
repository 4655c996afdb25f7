"""The `tidtam report` command (added to the main CLI by bot/cli.py): writes a report file
through the report service, on the database and clock the `runtime` it is given."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import click
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from reports import labels, service
from reports.rows import ReportError

# Opens the configured database (a session factory) and tells the configured time.
Runtime = Callable[[], tuple[Callable[[], Session], datetime]]


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def report(
    runtime: Runtime, kind: str, period: str, unit_code: str | None, out: Path, department: str | None
) -> None:
    """Write the report file of KIND for PERIOD (only UNIT's data when given) to OUT."""
    try:
        request = service.parse_request(kind, period)
    except ReportError as error:
        _fail(f"error: {error}")
    sessions, now = runtime()
    try:
        with sessions() as session:
            made = service.make(
                session,
                request,
                service.unit_scope(session, unit_code),
                now,
                department=department or labels.DEFAULT_DEPARTMENT,
            )
    except ReportError as error:
        _fail(f"error: {error}")
    except SQLAlchemyError as error:
        _fail(f"error: database: {error.__class__.__name__} (did you run `tidtam db upgrade`?)")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(made.content)
    except OSError as error:
        _fail(f"error: cannot write {out}: {error.strerror}")
    click.echo(f"report written: {out} ({len(made.data.indicators)} indicators)")


def commands(runtime: Runtime) -> list[click.Command]:
    """The reports package's commands, working on the database and clock `runtime` gives."""

    @click.command("report")
    @click.argument("kind", type=str)
    @click.option("--period", required=True, help="2570-01 (BE or CE year); quarterly: 2570-Q2")
    @click.option("--unit", "unit_code", default=None, help="an office or division code: only its data")
    @click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--department", default=None, help="the department named in the header")
    def report_command(
        kind: str, period: str, unit_code: str | None, out: Path, department: str | None
    ) -> None:
        """Write a report file: KIND is tp1, bb301, status or quarterly."""
        report(runtime, kind, period, unit_code, out, department)

    return [report_command]
