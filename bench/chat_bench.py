"""Chat load: N simulated officers report their month at once against the production setup
(gunicorn + PostgreSQL, signed webhooks over loopback, a fake LINE API), compared side by side
with a minimal echo bot on the same stack.

    python -m bench.chat_bench [--officers 100] [--workers 5] [--threads 2] [--think 2] [--database-url ...]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import requests
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url

from devtools.demo_data import write_demo_workbook
from devtools.fake_line_server import FakeLineServer
from devtools.line_events import body_of, free_port, sign, text_event
from models.db import make_engine, make_session_factory
from models.entities import FiscalYear, Unit, UnitKind, User
from models.migrate import upgrade
from models.plan_import import import_plan
from models.reporting.plan import office_plan

ROOT = Path(__file__).resolve().parent.parent
SECRET, TOKEN = "bench-secret", "bench-token"
NOW = "2026-12-15T10:00:00+07:00"


def fresh_database(admin_url: str, name: str) -> str:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def demo_plan_database(url: str) -> Engine:
    """Migrate ``url`` and import the demo plan (78 offices) for FY2570; the caller disposes."""
    upgrade(url)
    engine = make_engine(url)
    with tempfile.TemporaryDirectory() as tmp, make_session_factory(engine)() as session, session.begin():
        import_plan(session, write_demo_workbook(Path(tmp) / "plan.xlsx"), 2570)
    return engine


def script_for(session, unit_id: int, fiscal_year_id: int) -> list[str]:
    """What an officer of this office types for a whole month: the plan's own order."""
    plan = office_plan(session, unit_id, fiscal_year_id)
    answers = ["รายงาน"] + ["1" for _ in plan.indicators]
    for project in plan.projects:
        if project.id in plan.allocations:
            answers.append("10,000")
        answers.append("ไม่มี")
    return answers + ["ยืนยัน"]


def prepare(url: str, officers: int) -> dict[str, list[str]]:
    engine = demo_plan_database(url)
    with make_session_factory(engine)() as session, session.begin():
        offices = session.scalars(
            select(Unit).where(Unit.kind == UnitKind.OFFICE.value).order_by(Unit.code)
        ).all()
        year = session.scalar(select(FiscalYear).where(FiscalYear.year_be == 2570))
        users = {}
        for n in range(officers):
            line_id = f"Ubench{n:05d}"
            office = offices[n % len(offices)]
            session.add(
                User(line_user_id=line_id, role="officer", unit_id=office.id, created_at=datetime.now(UTC))
            )
            users[line_id] = script_for(session, office.id, year.id)
    engine.dispose()
    return users


def start_gunicorn(app_spec: str, env: dict, workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    """The Procfile's web process: gthread workers."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--worker-class",
            "gthread",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--keep-alive",
            "75",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app_spec,
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ["BENCH_LOG"], "a") if os.environ.get("BENCH_LOG") else subprocess.DEVNULL,  # noqa: SIM115
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            response = requests.post(
                f"{url}/callback",
                data=b'{"events":[]}',
                timeout=5,
                headers={"X-Line-Signature": sign(b'{"events":[]}', SECRET)},
            )
            if response.status_code == 200:
                return process, url
        except requests.RequestException:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app_spec} did not start")


def run_officers(
    url: str, scripts: dict[str, list[str]], think: float = 0.0
) -> tuple[list[float], int, float]:
    """Each user sends its script in order, waiting for each answer and then ``think`` seconds
    (reading the question, tapping a button); all users at once."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def officer(user: str) -> None:
        nonlocal errors
        session = requests.Session()
        rng = random.Random(user)
        if think:
            time.sleep(rng.uniform(0, 5))  # officers open LINE over a few seconds, not in one instant
        for message in scripts[user]:
            body = body_of(text_event(user, message, uuid.uuid4().hex))
            started = time.perf_counter()
            try:
                status = session.post(
                    f"{url}/callback",
                    data=body.encode(),
                    timeout=30,
                    headers={"X-Line-Signature": sign(body, SECRET), "Content-Type": "application/json"},
                ).status_code
            except requests.RequestException:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += status != 200
                if status != 200:
                    print(
                        f"      error: HTTP {status or 'no answer'} after {elapsed * 1000:.0f} ms on {message!r}"
                    )
            if think:
                time.sleep(think * (0.5 + rng.random()))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(scripts)) as pool:
        list(pool.map(officer, scripts))
    return latencies, errors, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(name: str, latencies: list[float], errors: int, wall: float) -> dict:
    figures = {
        "messages": len(latencies),
        "messages_per_s": len(latencies) / wall,
        "errors": errors,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "mean_ms": statistics.mean(latencies) * 1000,
    }
    print(
        f"{name:5s} messages={figures['messages']} throughput={figures['messages_per_s']:.1f} msg/s "
        f"p50={figures['p50_ms']:.0f} ms p95={figures['p95_ms']:.0f} ms p99={figures['p99_ms']:.0f} ms "
        f"errors={errors}"
    )
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--officers", type=int, default=100)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="mean seconds an officer takes between messages (0: stress, no pause)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args(argv)

    print(
        f"chat load: {args.officers} concurrent officers, each a whole monthly report, "
        f"gunicorn {args.workers}×{args.threads} gthread, PostgreSQL, {os.cpu_count()} cores"
    )
    with FakeLineServer() as line:
        base_env = {
            **os.environ,
            "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
            "LINE_API_BASE_URL": line.url,
            "PYTHONPATH": str(ROOT),
        }
        # Not TIDTAM_ENV=production: production refuses TIDTAM_NOW, which the bench needs (the app
        # is otherwise the same: no emulator without TIDTAM_EMULATOR).
        env = {
            **base_env,
            "TIDTAM_NOW": NOW,
            "SECRET_KEY": "bench",
            "TIDTAM_ENV": "development",
            "PUBLIC_BASE_URL": "https://bench.example",
        }
        for think in dict.fromkeys([args.think, 0.0]):
            label = f"think {think:g} s" if think else "stress, no think time"
            print(f"-- {label}")
            url = fresh_database(args.database_url, "tidtam_bench")
            scripts = prepare(url, args.officers)
            env["DATABASE_URL"] = url
            line.store.clear()
            process, app_url = start_gunicorn("bot.app:create_app()", env, args.workers, args.threads)
            try:
                chat = report("chat", *run_officers(app_url, scripts, think))
            finally:
                process.terminate()
                process.wait()
            submitted = sum(1 for r in line.store.replies() if "ส่งรายงานเดือน" in str(r.json))
            print(f"      reports confirmed: {submitted}/{len(scripts)}")
            line.store.clear()
            process, echo_url = start_gunicorn(
                "bench.echo_app:create_echo_app()", base_env, args.workers, args.threads
            )
            try:
                echo = report("echo", *run_officers(echo_url, scripts, think))
            finally:
                process.terminate()
                process.wait()
            print(
                f"ratio chat/echo p50 {chat['p50_ms'] / echo['p50_ms']:.2f} · "
                f"throughput {chat['messages_per_s'] / echo['messages_per_s']:.2f}"
            )


if __name__ == "__main__":
    main()
