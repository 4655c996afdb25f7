"""The `tidtam report` command (added to the main CLI by bot/cli.py)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("report")
@click.argument("kind", type=str)
@click.option("--period", required=True, help="2570-01 (BE or CE year); quarterly: 2570-Q2")
@click.option("--unit", "unit_code", default=None, help="an office or division code: only its data")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--department", default=None, help="the department named in the header")
def report(kind: str, period: str, unit_code: str | None, out: Path, department: str | None) -> None:
    """Write a report file: KIND is tp1, bb301, status or quarterly."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from bot.cli_support import fail, load_config, sessions
    from models.clock import Clock, to_bangkok
    from models.entities import Unit, UnitKind
    from models.permissions import Scope
    from reports import labels, service
    from reports.builders import Meta
    from reports.queries import ReportError

    try:
        request = service.parse_request(kind, period)
    except ReportError as error:
        fail(f"error: {error}")
        return
    config = load_config()
    try:
        with sessions(config)() as session:
            scope = Scope()
            if unit_code:
                unit = session.scalar(select(Unit).where(Unit.code == unit_code))
                if unit is None:
                    fail(f"error: unknown unit {unit_code!r}")
                    return
                if unit.kind == UnitKind.OFFICE.value:
                    scope = Scope(office_id=unit.id)
                elif unit.kind == UnitKind.DIVISION.value:
                    scope = Scope(owner_unit_id=unit.id)
            data = service.load(session, request, scope)
    except ReportError as error:
        fail(f"error: {error}")
        return
    except SQLAlchemyError as error:
        fail(f"error: database: {error.__class__.__name__} (did you run `tidtam db upgrade`?)")
        return
    meta = Meta(department or labels.DEFAULT_DEPARTMENT, to_bangkok(Clock(config.now).now()).date())
    book = service.build(request, data, meta)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        book.save(out)
    except OSError as error:
        fail(f"error: cannot write {out}: {error.strerror}")
        return
    click.echo(f"report written: {out} ({len(data.indicators)} indicators)")


def commands() -> list[click.Command]:
    return [report]
