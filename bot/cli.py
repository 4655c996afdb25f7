"""The `tidtam` command. Errors print a message and exit 1; never a traceback."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.cli_support import fail, load_config, load_runtime, province_codes
from bot.config import ConfigError
from bot.dev_tools import DevToolsMissing, run_demo
from bot.logs import configure_json_logging
from bot.report_command import commands as report_commands
from bot.runtime import make_sqlite_folder
from handlers import texts as T
from handlers.audit_trail import value_of, what_of
from models import audit
from models.clock import to_bangkok
from models.db import transaction
from models.entities import Unit
from models.migrate import upgrade
from models.on_behalf import audited_on_behalf
from models.parsing import parse_period
from models.plan_import import PlanImportError, import_plan, write_template
from models.registration import InviteError, create_invites
from scheduler.cli import commands as scheduler_commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Tidtam (ติดตาม): monthly results reporting over LINE."""


@cli.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply migrations to DATABASE_URL."""
    config = load_config()
    url = config.normalized_database_url()
    make_sqlite_folder(url)
    try:
        upgrade(url)
    except SQLAlchemyError as error:
        fail(
            f"error: cannot upgrade the database: {error.__class__.__name__}: {error.orig if hasattr(error, 'orig') else error}"
        )
    click.echo("database is up to date")


@cli.command("plan-template")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def plan_template(path: Path) -> None:
    """Write the plan import template (.xlsx)."""
    try:
        write_template(path)
    except OSError as error:
        fail(f"error: cannot write {path}: {error.strerror}")
    click.echo(f"template written: {path}")


@cli.command("import-plan")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--fiscal-year", "fiscal_year", type=int, required=True, help="BE year, e.g. 2570")
def import_plan_cmd(path: Path, fiscal_year: int) -> None:
    """Validate and import a plan workbook: all or nothing."""
    if not 2500 <= fiscal_year <= 2700:
        fail("error: --fiscal-year is a BE year such as 2570")
    if not path.exists():
        fail(f"error: file not found: {path}")
    rt = load_runtime()
    try:
        with transaction(rt.sessions) as session:
            summary = import_plan(session, path, fiscal_year, provinces=province_codes())
    except PlanImportError as error:
        click.echo(f"นำเข้าไม่สำเร็จ พบปัญหา {len(error.problems)} รายการ (ยังไม่มีการบันทึกข้อมูลใด ๆ):", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    except SQLAlchemyError as error:
        fail(f"error: database: {error.__class__.__name__}")
    for line in summary.lines():
        click.echo(line)


@cli.command("invite")
@click.option("--role", type=click.Choice(["officer", "division", "central", "admin"]), required=True)
@click.option("--unit", "unit_code", required=True, help="unit code, e.g. P50")
@click.option("--days", type=click.IntRange(1, 365), default=14, show_default=True)
@click.option("--count", type=click.IntRange(1, 10_000), default=1, show_default=True)
def invite(role: str, unit_code: str, days: int, count: int) -> None:
    """Create single-use invite codes, one per line."""
    rt = load_runtime()
    now = rt.clock.now()
    try:
        with transaction(rt.sessions) as session:
            codes = create_invites(session, role=role, unit_code=unit_code, now=now, days=days, count=count)
    except InviteError as error:
        fail(f"error: {error}")
    except SQLAlchemyError as error:
        fail(f"error: database: {error.__class__.__name__} (did you run `tidtam db upgrade`?)")
    for code in codes:
        click.echo(code)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
def serve(host: str, port: int) -> None:
    """Run the web app (development server; use gunicorn in production, see Procfile)."""
    from werkzeug.serving import run_simple  # the web app loads Flask, the dialogues and the LINE SDK

    from bot.app import create_app  # (about 1 s): only `serve` pays for them, not every command

    config = load_config()
    try:
        app = create_app(config)
    except ConfigError as error:  # TIDTAM_EMULATOR=1 without the dev tools (an installed wheel)
        fail(f"error: {error}")
    # Werkzeug's server itself (not app.run, whose banner goes to stdout as plain text): its lines
    # go through the JSON log like everything else.
    run_simple(host, port, app, threaded=True, use_reloader=False)


@cli.command("demo")
@click.option("--port", default=8000, type=int, show_default=True)
@click.option("--reset/--keep", default=True, show_default=True, help="start from a fresh demo database")
def demo(port: int, reset: bool) -> None:
    """Run the bot with demo data on SQLite and the LINE emulator."""
    # Looked up when asked for, not imported: the demo is a dev tool (package `devtools`, plugged
    # in through an entry point), which a source checkout has and the wheel leaves out (bot/dev_tools.py).
    try:
        run = run_demo()
    except DevToolsMissing:
        fail(
            "error: `tidtam demo` needs the dev tools (the devtools/ folder of a source checkout); "
            "they are not installed with the wheel. Run `make demo` in a checkout of the repository."
        )
    run(port=port, reset=reset)


VIA_TH = {"chat": "แชต", "import": "นำเข้า", "cli": "คำสั่ง", "scheduler": "ระบบแจ้งเตือน"}


@cli.group()
def richmenu() -> None:
    """LINE rich menus per role."""


@richmenu.command("sync")
def richmenu_sync() -> None:
    """Create or update the rich menus (safe to run again) and link registered users."""
    from bot import rich_menus  # Pillow and the menu images: only for this command

    rt = load_runtime()
    try:
        report = rich_menus.sync(rt)
    except Exception as error:  # the LINE API refused or is unreachable: say so, no traceback
        fail(f"error: rich menu sync failed: {type(error).__name__}: {str(error)[:300]}")
    finally:
        rt.close()
    click.echo(report.summary())


@cli.command("audit")
@click.option("--unit", "unit_code", required=True, help="unit code, e.g. P50")
@click.option("--period", "period_text", required=True, help="YYYY-MM, BE (2569-12) or CE (2026-12)")
def audit_cmd(unit_code: str, period_text: str) -> None:
    """Print the change history of a unit for a period, oldest first, one change a line."""
    try:
        month = parse_period(period_text)
    except ValueError as error:
        fail(f"error: {error}")
    rt = load_runtime()
    try:
        with rt.sessions() as session:
            unit = session.scalar(select(Unit).where(Unit.code == unit_code))
            if unit is None:
                fail(f"error: unknown unit code {unit_code!r}")
            period = audit.period_by_month(session, month)
            if period is None:
                fail(f"error: no period {period_text} in the database")
            for row, user, actor_unit in audit.trail(session, unit.id, period.id):
                who = (user.display_name or user.line_user_id) if user else T.AUDIT_SYSTEM
                where = f" ({actor_unit.code})" if actor_unit else ""
                when = to_bangkok(row.at).strftime("%Y-%m-%d %H:%M:%S")
                what = f"{what_of(row.entity, row.field)} #{row.entity_id}"
                old, new = value_of(row.field, row.old_value), value_of(row.field, row.new_value)
                if audited_on_behalf(row):  # #22: "บันทึกแทนโดย <user> (<their unit>)" for the unit
                    who, where = f"บันทึกแทนโดย {who}", f"{where} แทน {unit.code}"
                click.echo(
                    f"{when} | {who}{where} | {what} | {old} -> {new} | {VIA_TH.get(row.via, row.via)}"
                )
    except SQLAlchemyError as error:
        fail(f"error: database: {error.__class__.__name__}")


def _report_runtime() -> tuple[Callable[[], Session], datetime]:
    rt = load_runtime()
    return rt.sessions, rt.clock.now()


def _add_package_commands() -> None:
    """The scheduler package brings its own commands (remind, holiday ...); `report` is in
    bot/report_command.py (the reports package does not import the CLI: layers point down)."""
    for command in (*scheduler_commands(), *report_commands(_report_runtime)):
        cli.add_command(command)


_add_package_commands()


def main() -> None:
    configure_json_logging()  # one JSON object per line, like the web process
    logging.getLogger("alembic").setLevel(logging.WARNING)
    cli(prog_name="tidtam")


if __name__ == "__main__":  # pragma: no cover
    main()
