"""`tidtam` commands of the scheduler package (added to the main CLI by bot/cli.py):
`remind`, `purge`, `scheduler`, `worker`, `holiday add`, `holiday list`."""

from __future__ import annotations

import sys
from datetime import date
from typing import NoReturn

import click
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.config import ConfigError
from bot.runtime import Runtime, build_runtime
from models import calendar as cal
from models import parsing
from models.clock import parse_moment, to_bangkok
from models.entities import Holiday
from scheduler.workdays import thai_holiday_names


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def _runtime() -> Runtime:
    try:
        return build_runtime()
    except ConfigError as error:
        _fail(f"error: {error}")


@click.command("remind")
@click.option("--at", "at", default=None, help="act as of this ISO datetime (Bangkok if no zone)")
@click.option("--dry-run", is_flag=True, help="print the plan; write and send nothing")
def remind(at: str | None, dry_run: bool) -> None:
    """One reminder pass as of now (or --at), as the clock's: the workers push it (in this process on
    SQLite); waits up to two minutes for them. A second pass at the same moment sends nothing."""
    now = None
    if at is not None:
        try:
            now = parse_moment(at)
        except ValueError:
            _fail(f"error: --at must be an ISO date or datetime such as 2026-12-15T09:00, not {at!r}")
    from scheduler.jobs import run_pass  # APScheduler and the LINE SDK load in ~1 s: only this command pays
    from scheduler.tasks import InProcessWorker  # procrastinate: only this command and the worker pay

    rt = _runtime()
    if not dry_run and rt.config.runs_worker_in_process():  # SQLite: no worker process sends them
        worker = InProcessWorker(rt).start()
        rt.closers.append(worker.stop)
        # The start-up sweep (rows an earlier run left planned) ends before the pass writes: it
        # cannot take this pass's rows for its own and queue them twice.
        worker.wait_idle(60)
    try:
        report = run_pass(rt, now, dry_run=dry_run)
    except SQLAlchemyError as error:
        _fail(f"error: database: {error.__class__.__name__} (did you run `tidtam db upgrade`?)")
    finally:
        rt.close()
    if dry_run:
        click.echo(f"dry run for {report.day.isoformat()}: {len(report.planned)} message(s); nothing sent")
        for p in report.planned:
            click.echo(
                f"--- to {p.line_user_id} (user {p.user_id}) · {p.kind}/{p.rule} · priority {p.priority}"
            )
            click.echo(p.text)
        return
    click.echo(report.summary())
    if report.unreachable:
        sys.exit(1)


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="count what would be deleted; delete nothing")
def purge_cmd(dry_run: bool) -> None:
    """Delete what the retention rules no longer keep (the clock does this daily at 03:00)."""
    from scheduler.jobs import run_purge  # APScheduler and the LINE SDK load in ~1 s: only this command pays

    rt = _runtime()
    try:
        purged = run_purge(rt, dry_run=dry_run)
    except SQLAlchemyError as error:
        _fail(f"error: database: {error.__class__.__name__} (did you run `tidtam db upgrade`?)")
    finally:
        rt.close()
    click.echo(f"{'would purge' if dry_run else 'purged'}: {purged.summary()}")


@click.command("scheduler")
def scheduler_cmd() -> None:
    """Run the clock process (APScheduler): the daily reminder pass, one active instance at a time."""
    from scheduler.jobs import run_scheduler  # APScheduler and the LINE SDK: ~1 s, this command only

    rt = _runtime()
    rt.close()
    run_scheduler()


@click.command("worker")
@click.option(
    "--concurrency", type=int, default=None, help="jobs at once (default: TIDTAM_WORKER_CONCURRENCY or 3)"
)
def worker_cmd(concurrency: int | None) -> None:
    """Run the task queue's worker: pushes and report builds (PostgreSQL; SQLite runs them in process)."""
    from dataclasses import replace  # only this command needs these

    from scheduler.sending import Settings  # procrastinate and the LINE SDK: this command only
    from scheduler.tasks import run_worker  # procrastinate and the LINE SDK: this command only

    rt = _runtime()
    if not rt.config.normalized_database_url().startswith("postgresql"):
        rt.close()
        _fail(
            "error: `tidtam worker` needs PostgreSQL (DATABASE_URL); on SQLite the web process runs the jobs"
        )
    settings = Settings.from_env()
    if concurrency is not None:
        settings = replace(settings, concurrency=concurrency)
    try:
        run_worker(rt, settings)
    except KeyboardInterrupt:
        pass
    finally:
        rt.close()


@click.group("holiday")
def holiday() -> None:
    """Extra non-working days on top of the Thai public holidays."""


def _parse_day(text: str) -> date:
    """ISO CE `2026-12-07`; a year of 2400 or more is taken as BE (`2569-12-07`)."""
    return parsing.parse_iso_day(text)


@holiday.command("add")
@click.argument("day")
@click.argument("name", nargs=-1, required=True)
def holiday_add(day: str, name: tuple[str, ...]) -> None:
    """Add (or rename) an extra holiday: DATE as 2026-12-07, NAME free text."""
    try:
        when = _parse_day(day)
    except ValueError:
        _fail(f"error: DATE must be written like 2026-12-07, not {day!r}")
    label = " ".join(name).strip()
    if not label:
        _fail("error: NAME is empty")
    rt = _runtime()
    try:
        with rt.sessions() as session, session.begin():
            row = session.get(Holiday, when)
            if row is None:
                session.add(Holiday(day=when, name=label[:255]))
            else:
                row.name = label[:255]
    except SQLAlchemyError as error:
        _fail(f"error: database: {error.__class__.__name__} (did you run `tidtam db upgrade`?)")
    finally:
        rt.close()
    click.echo(f"holiday added: {when.isoformat()} ({cal.thai_date(when)}) {label}")


@holiday.command("list")
@click.option("--year", type=int, default=None, help="CE or BE year (default: this year)")
def holiday_list(year: int | None) -> None:
    """Extra holidays from the database, and the Thai public holidays of the year for reference."""
    rt = _runtime()
    try:
        with rt.sessions() as session:
            extra = [(h.day, h.name) for h in session.scalars(select(Holiday).order_by(Holiday.day))]
    except SQLAlchemyError as error:
        _fail(f"error: database: {error.__class__.__name__} (did you run `tidtam db upgrade`?)")
    finally:
        rt.close()
    click.echo(f"extra holidays ({len(extra)}):")
    for day, name in extra:
        click.echo(f"  {day.isoformat()}  {cal.thai_date(day)}  {name}")
    year = year or to_bangkok(rt.clock.now()).year
    year = parsing.as_ce_year(year)
    click.echo(f"Thai public holidays {year} ({cal.be_year(year)}):")
    for day, name in sorted(thai_holiday_names(year).items()):
        click.echo(f"  {day.isoformat()}  {cal.thai_date(day)}  {name}")


def commands() -> list[click.Command]:
    return [remind, purge_cmd, scheduler_cmd, worker_cmd, holiday]
