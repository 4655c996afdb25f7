"""`make demo`: a fresh SQLite database with demo data, the bot, and the LINE emulator."""

from __future__ import annotations

import os
import tempfile
from collections.abc import MutableMapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import click
from sqlalchemy import select

from bot.app import create_app
from bot.cli_support import province_codes
from bot.config import Config
from devtools.demo_data import demo_users, write_demo_workbook
from devtools.demo_results import seed_results
from models import calendar as cal
from models.clock import BANGKOK
from models.db import make_engine, make_session_factory, transaction
from models.entities import Unit, User
from models.migrate import upgrade
from models.plan_import import import_plan
from models.registration import INVITE_CONTACT_ENV

DEMO_DB = Path("instance") / "demo.db"
# Whom a new user without an invite code is told to ask (TIDTAM_INVITE_CONTACT); clearly a demo value.
DEMO_INVITE_CONTACT = "กองแผนงาน (ตัวอย่าง) โทร 0 2141 0000"


def demo_settings(environ: MutableMapping[str, str] | None = None) -> None:
    """The demo's settings a deployment would set itself: the invite contact, unless already set."""
    (os.environ if environ is None else environ).setdefault(INVITE_CONTACT_ENV, DEMO_INVITE_CONTACT)


def demo_moment(today: date) -> datetime:
    """A moment inside the current reporting window: five days before the offices' deadline."""
    settings = cal.DEFAULT_SETTINGS
    period = cal.reporting_period_at(today, settings)
    day = cal.deadline(period, "office", settings) - timedelta(days=5)
    return datetime.combine(day, time(10, 0), tzinfo=BANGKOK)


def prepare(database_url: str, now: datetime) -> int:
    """Migrate, import the demo plan into the fiscal year of ``now``, register the demo users and
    write what the demo's units have reported so far (devtools/demo_results.py; not over a kept
    database's answers)."""
    upgrade(database_url)
    year_be = cal.fiscal_year_of(now.astimezone(BANGKOK).date())
    sessions = make_session_factory(make_engine(database_url))
    with tempfile.TemporaryDirectory() as tmp:
        workbook = write_demo_workbook(Path(tmp) / "demo-plan.xlsx", year_be)
        with transaction(sessions) as session:
            import_plan(session, workbook, year_be, provinces=province_codes())
    with transaction(sessions) as session:
        units = {u.code: u.id for u in session.scalars(select(Unit))}
        known = set(session.scalars(select(User.line_user_id)))
        for spec in demo_users():
            if spec["line_user_id"] in known:
                continue
            session.add(
                User(
                    line_user_id=spec["line_user_id"],
                    display_name=spec["display_name"],
                    role=spec["role"],
                    unit_id=units[spec["unit_code"]],
                    created_at=now.astimezone(UTC),
                )
            )
    with transaction(sessions) as session:
        seed_results(session, year_be, now)
    return year_be


def run_demo(port: int = 8000, reset: bool = True) -> None:
    if reset and DEMO_DB.exists():
        DEMO_DB.unlink()
    DEMO_DB.parent.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{DEMO_DB.resolve()}"
    now = demo_moment(datetime.now(BANGKOK).date())
    demo_settings()
    year_be = prepare(database_url, now)
    base = f"http://127.0.0.1:{port}"
    config = Config(
        database_url=database_url,
        channel_secret="demo-channel-secret",
        channel_access_token="demo-access-token",
        line_api_base_url=f"{base}/fake-line",
        line_data_api_base_url=f"{base}/fake-line",
        public_base_url=base,
        secret_key=os.environ.get("SECRET_KEY") or "demo-secret-key",
        now=now.isoformat(),
        env="development",
        emulator=True,
    )
    app = create_app(config)
    click.echo(f"Tidtam demo: FY{year_be}, acting as if it were {now:%Y-%m-%d %H:%M} (Asia/Bangkok)")
    click.echo(f"Emulator: {base}/emulator")
    app.run(host="127.0.0.1", port=port, threaded=True, use_reloader=False)
