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

from reports import kinds, labels, service
from reports.rows import ReportError

# Opens the configured database (a session factory) and tells the configured time.
Runtime = Callable[[], tuple[Callable[[], Session], datetime]]


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


# How each kind's period is written (the kind declares which it takes: reports/kinds.py).
PERIOD_FORMS = {kinds.Period.MONTH: "2570-01", kinds.Period.QUARTER: "2570-Q2", kinds.Period.YEAR: "2570"}


def _kinds_help() -> str:
    return ", ".join(f"{k.code} ({PERIOD_FORMS[k.period]})" for k in kinds.KINDS)


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

    @click.command("report", help=f"Write a report file. KIND and its PERIOD: {_kinds_help()}.")
    @click.argument("kind", type=str)
    @click.argument("period_given", metavar="[PERIOD]", required=False, default=None)
    @click.option("--period", default=None, help="the same as PERIOD: 2570-01 (BE or CE year), 2570-Q2, 2570")
    @click.option("--unit", "unit_code", default=None, help="an office or division code: only its data")
    @click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--department", default=None, help="the department named in the header")
    def report_command(
        kind: str,
        period_given: str | None,
        period: str | None,
        unit_code: str | None,
        out: Path,
        department: str | None,
    ) -> None:
        chosen = period or period_given
        if chosen is None or (period and period_given and period != period_given):
            _fail("error: give the period once, as PERIOD or --period (e.g. 2570-01, 2570-Q2, 2570)")
        report(runtime, kind, chosen, unit_code, out, department)

    return [report_command]
