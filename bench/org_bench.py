"""Issue #16 at the scale of seed 004 (Department of Local Administration): 7,850 local governments
under 76 provincial offices, 20,000 officers, 50 indicators, reviewed by area.

Each step runs in a process of its own (spawned), so its peak memory (ru_maxrss) is its own; the
figure printed beside it is the process's memory after its imports, before the step. Next to each
step, a floor: the least the same work can cost here.

    plan import          floor: reading every cell of the workbook with openpyxl (read-only)
    reminder pass        floor: reading the period's results and the assignments (two SELECTs)
      (planning only: scheduler.delivery.decide, nothing written or sent)
    สถานะ central / province   floor: one GROUP BY counting the period's results per office
    completeness file    floor: a bare write-only openpyxl loop writing as many cells

    python -m bench.org_bench [--database-url sqlite|postgresql+psycopg://...] [--units 7850]
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import random
import resource
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, insert, select

from bench.chat_bench import fresh_database
from bench.reports_bench import cells_of, floor
from models.clock import BANGKOK
from models.db import make_engine, make_session_factory
from models.entities import Assignment, Period, Result, Unit, User
from models.migrate import upgrade
from models.plan_import import import_plan
from models.plan_import.contract import HEADERS, OPTIONAL_HEADERS

YEAR = 2570
MONTH = date(2026, 12, 1)
NOW = datetime(2026, 12, 21, 9, 0, tzinfo=BANGKOK)  # the offices' overdue day: every tier has mail
SUBMITTED_SHARE = 0.6


def provinces(count: int) -> list[str]:
    with resources.files("bot").joinpath("data/th-provinces.csv").open(encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    return codes[:count]


def write_workbook(path: Path, units: int, n_provinces: int, indicators: int) -> None:
    """The seed-004 plan: department, an owning division, provinces, local governments, targets."""
    book = Workbook(write_only=True)
    sheets = {name: book.create_sheet(name) for name in HEADERS}
    for name, sheet in sheets.items():
        sheet.append(list(HEADERS[name] + OPTIONAL_HEADERS.get(name, ())))
    units_sheet = sheets["หน่วยงาน"]
    units_sheet.append(["สถ.", "กรมส่งเสริมการปกครองท้องถิ่น", "ส่วนกลาง", None, None])
    units_sheet.append(["กพส.", "กองพัฒนาและส่งเสริมการบริหารงานท้องถิ่น", "กอง", None, "สถ."])
    codes = provinces(n_provinces)
    for code in codes:
        units_sheet.append([f"สถจ.{code}", f"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด {code}", "กอง", None, "สถ."])
    for n in range(units):
        province = codes[n % len(codes)]
        units_sheet.append([f"L{n:05d}", f"องค์กรปกครองส่วนท้องถิ่น {n:05d}", "พื้นที่", province, f"สถจ.{province}"])
    for i in range(indicators):
        sheets["ตัวชี้วัด"].append(
            [
                f"D{i:02d}",
                "แผนงานพื้นฐานด้านการพัฒนาท้องถิ่น",
                f"โครงการที่ {i // 10 + 1}",
                f"กิจกรรมที่ {i // 5 + 1}",
                f"ตัวชี้วัดที่ {i + 1}",
                "แห่ง",
                10 * units,
                "กพส.",
                None,
                None,
            ]
        )
    for n in range(units):
        for i in range(indicators):
            sheets["เป้าหมายรายหน่วย"].append([f"D{i:02d}", f"L{n:05d}", 10])
    book.save(path)


def people_and_results(url: str, officers: int) -> None:
    """20,000 officers, one reviewer per province, a central user; 60% of offices submitted."""
    engine = make_engine(url)
    rng = random.Random(4)
    with make_session_factory(engine)() as session, session.begin():
        units = session.execute(select(Unit.id, Unit.code, Unit.kind)).all()
        offices = [u.id for u in units if u.kind == "office"]
        provinces_ = [u.id for u in units if u.code.startswith("สถจ.")]
        central = next(u.id for u in units if u.kind == "central")
        now = datetime.now(UTC)
        people: list[dict[str, Any]] = [
            {"line_user_id": f"Uo{n:06d}", "role": "officer", "unit_id": offices[n % len(offices)]}
            for n in range(officers)
        ]
        people += [
            {"line_user_id": f"Up{n:03d}", "role": "division", "unit_id": p} for n, p in enumerate(provinces_)
        ]
        people.append({"line_user_id": "Ucentral", "role": "central", "unit_id": central})
        session.execute(
            insert(User), [{**p, "created_at": now, "active": True, "following": True} for p in people]
        )
        period_id = session.scalar(select(Period.id).where(Period.month_start == MONTH))
        submitted = set(rng.sample(offices, int(len(offices) * SUBMITTED_SHARE)))
        rows = [
            {
                "indicator_id": indicator_id,
                "unit_id": unit_id,
                "period_id": period_id,
                "value": Decimal(rng.randint(0, 20)),
                "status": "approved" if unit_id % 3 == 0 else "submitted",
                "entered_at": now,
                "submitted_at": now,
            }
            for indicator_id, unit_id in session.execute(select(Assignment.indicator_id, Assignment.unit_id))
            if unit_id in submitted
        ]
        for start in range(0, len(rows), 20_000):
            session.execute(insert(Result), rows[start : start + 20_000])
    engine.dispose()


# --- the steps, each in a process of its own ---------------------------------------------------


def _rss() -> int:
    """The process's peak resident memory in bytes. VmHWM starts afresh at exec; ru_maxrss would
    carry the parent's peak over into a spawned child."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def step_import(url: str, path: str) -> tuple[float, str]:
    sessions = make_session_factory(make_engine(url))
    t0 = time.perf_counter()
    with sessions() as session, session.begin():
        summary = import_plan(session, path, YEAR, provinces=set(provinces(77)))
    return time.perf_counter() - t0, f"{summary.units.created} units, {summary.assignments.created} pairs"


def floor_import(url: str, path: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    book = load_workbook(path, read_only=True)
    cells = sum(
        1 for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None
    )
    book.close()
    return time.perf_counter() - t0, f"{cells:,} cells read"


def step_remind(url: str, _arg: str) -> tuple[float, str]:
    from scheduler.delivery import decide  # spawned child: the scheduler loads only here
    from scheduler.rules import DEFAULT_REMINDERS  # same

    sessions = make_session_factory(make_engine(url))
    t0 = time.perf_counter()
    with sessions() as session:
        planned = decide(session, NOW.astimezone(UTC), DEFAULT_REMINDERS)
    kinds: dict[str, int] = {}
    for p in planned:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
    return time.perf_counter() - t0, f"{len(planned)} planned {dict(sorted(kinds.items()))}"


def floor_remind(url: str, _arg: str) -> tuple[float, str]:
    sessions = make_session_factory(make_engine(url))
    t0 = time.perf_counter()
    with sessions() as session:
        period_id = session.scalar(select(Period.id).where(Period.month_start == MONTH))
        results = session.execute(
            select(Result.unit_id, Result.indicator_id, Result.status).where(Result.period_id == period_id)
        ).all()
        pairs = session.execute(select(Assignment.unit_id, Assignment.indicator_id)).all()
    return time.perf_counter() - t0, f"{len(results):,} results, {len(pairs):,} pairs read"


def step_status(url: str, line_user_id: str) -> tuple[float, str]:
    from handlers.context import Context, Services  # spawned child: handlers load only here
    from handlers.status import show  # same
    from models.downloads import FileStore  # same

    sessions = make_session_factory(make_engine(url))
    t0 = time.perf_counter()
    with sessions() as session:
        user = session.scalar(select(User).where(User.line_user_id == line_user_id))
        assert user is not None
        turn = show(Context(session, user, NOW.astimezone(UTC), Services(FileStore("http://bench.invalid"))))
    text = getattr(turn.replies[0], "text", "")
    return time.perf_counter() - t0, text.splitlines()[2] if text.count("\n") >= 2 else text[:60]


def floor_status(url: str, _arg: str) -> tuple[float, str]:
    sessions = make_session_factory(make_engine(url))
    t0 = time.perf_counter()
    with sessions() as session:
        period_id = session.scalar(select(Period.id).where(Period.month_start == MONTH))
        rows = session.execute(
            select(Result.unit_id, func.count()).where(Result.period_id == period_id).group_by(Result.unit_id)
        ).all()
    return time.perf_counter() - t0, f"{len(rows):,} offices counted"


def step_completeness(url: str, out: str) -> tuple[float, str]:
    from models.permissions import Scope  # spawned child
    from reports import service  # spawned child: reports load only here

    sessions = make_session_factory(make_engine(url))
    t0 = time.perf_counter()
    with sessions() as session:
        made = service.make(session, service.Request("status", MONTH), Scope(), NOW.astimezone(UTC))
    Path(out).write_bytes(made.content)
    return time.perf_counter() - t0, f"{len(made.content) / 2**20:.1f} MiB"


def floor_completeness(_url: str, out: str) -> tuple[float, str]:
    cells, widest = cells_of(Path(out))
    return floor(cells, widest, Path(out).with_suffix(".floor.xlsx")), f"{cells:,} cells written"


def _child(step: Callable[[str, str], tuple[float, str]], url: str, arg: str, answers: Any) -> None:
    before = _rss()
    seconds, note = step(url, arg)
    answers.put((seconds, before, _rss(), note))


def measured(
    step: Callable[[str, str], tuple[float, str]], url: str, arg: str
) -> tuple[float, int, int, str]:
    spawn = multiprocessing.get_context("spawn")
    answers = spawn.Queue()
    child = spawn.Process(target=_child, args=(step, url, arg, answers))
    child.start()
    answer = answers.get()
    child.join()
    return answer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=7850)
    parser.add_argument("--provinces", type=int, default=76)
    parser.add_argument("--officers", type=int, default=20_000)
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", "sqlite"))
    args = parser.parse_args(argv)
    os.environ["TIDTAM_REVIEW_BY"] = "area"  # the spawned children inherit it
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.database_url == "sqlite":
            url, engine_name = f"sqlite:///{workdir / 'org.db'}", "SQLite"
        else:
            url, engine_name = fresh_database(args.database_url, "tidtam_bench_org"), "PostgreSQL"
        upgrade(url)
        plan = workdir / "plan.xlsx"
        t0 = time.perf_counter()
        write_workbook(plan, args.units, args.provinces, args.indicators)
        print(
            f"org [{engine_name}]: {args.units} local governments under {args.provinces} provinces, "
            f"{args.indicators} indicators, {args.officers} officers; workbook written in "
            f"{time.perf_counter() - t0:.1f} s ({plan.stat().st_size / 2**20:.1f} MiB)"
        )
        steps: list[tuple[str, Any, Any, str]] = [
            ("plan import", step_import, floor_import, str(plan)),
        ]
        for name, step, base, arg in steps:
            _report(name, measured(step, url, arg), measured(base, url, arg))
        people_and_results(url, args.officers)
        out = str(workdir / "completeness.xlsx")
        for name, step, base, arg in (
            ("reminder pass (planning)", step_remind, floor_remind, ""),
            ("สถานะ central", step_status, floor_status, "Ucentral"),
            ("สถานะ province", step_status, floor_status, "Up000"),
            ("completeness workbook", step_completeness, floor_completeness, out),
        ):
            _report(name, measured(step, url, arg), measured(base, url, arg))


def _report(name: str, figures: tuple[float, int, int, str], base: tuple[float, int, int, str]) -> None:
    seconds, before, peak, note = figures
    print(
        f"  {name}: {seconds:.2f} s, peak {peak / 2**20:.0f} MiB (after imports {before / 2**20:.0f} MiB) "
        f"· {note} · floor {base[0]:.2f} s ({base[3]}) · ratio {seconds / max(base[0], 1e-3):.1f}"
    )


if __name__ == "__main__":
    main()
