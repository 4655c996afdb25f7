"""How long report files take to build, against the floor of a bare openpyxl write-only loop.

    python -m bench.reports_bench [--national-units 8000] [--national-indicators 50] [--months 12]
                                  [--skip-national] [--keep DIR]

Two datasets on SQLite, generated with bulk inserts: the department (78 offices × 40 indicators ×
12 months) and a national case (8,000 units × 50 indicators × 12 months by default; scale it down
with the flags when generation takes too long). For tp1 and status it prints the query time, the
build+save time, the peak memory of a process that builds only that report (getrusage) and the
ratio to the floor: the same number of
cells written by a bare write-only loop. Timing is never asserted anywhere.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import insert, select

from models import calendar as cal
from models.base import Base
from models.db import make_engine, make_session_factory
from models.entities import (
    Activity,
    Allocation,
    Assignment,
    Disbursement,
    FiscalYear,
    Indicator,
    Period,
    Plan,
    ProblemReport,
    Project,
    Result,
    Unit,
)
from models.permissions import Scope
from reports import service
from reports.builders import Meta

YEAR = 2570
AT = datetime(2027, 9, 15, tzinfo=UTC)
BATCH = 50_000


def generate(url: str, offices: int, indicators: int, months: int) -> None:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        fy = conn.execute(
            insert(FiscalYear).values(year_be=YEAR, first_report_month=10)
        ).inserted_primary_key[0]
        period_ids = [
            conn.execute(insert(Period).values(fiscal_year_id=fy, month_start=m)).inserted_primary_key[0]
            for m in cal.fiscal_months(YEAR)
        ]
        conn.execute(
            insert(Unit),
            [{"id": 1, "code": "กผง.", "name": "กองแผนงาน", "kind": "central"}]
            + [{"id": 2 + d, "code": f"D{d:02d}", "name": f"กองที่ {d}", "kind": "division"} for d in range(5)],
        )
        office_ids = list(range(100, 100 + offices))
        conn.execute(
            insert(Unit),
            [{"id": u, "code": f"O{u:05d}", "name": f"หน่วยงานที่ {u}", "kind": "office"} for u in office_ids],
        )
        plan = conn.execute(insert(Plan).values(fiscal_year_id=fy, name="แผนงานพื้นฐาน")).inserted_primary_key[
            0
        ]
        n_projects = max(1, indicators // 5)
        projects = [
            conn.execute(
                insert(Project).values(
                    fiscal_year_id=fy, plan_id=plan, name=f"โครงการที่ {p + 1}", sort_order=p
                )
            ).inserted_primary_key[0]
            for p in range(n_projects)
        ]
        activities = [
            conn.execute(insert(Activity).values(project_id=p, name="กิจกรรมหลัก")).inserted_primary_key[0]
            for p in projects
        ]
        ind_ids = list(range(1, indicators + 1))
        conn.execute(
            insert(Indicator),
            [
                {
                    "id": i,
                    "fiscal_year_id": fy,
                    "code": f"I{i:03d}",
                    "activity_id": activities[(i - 1) % n_projects],
                    "name": f"ตัวชี้วัดที่ {i} จำนวนสหกรณ์ที่ได้รับการส่งเสริม",
                    "unit_label": "แห่ง",
                    "target": Decimal(offices * 12),
                    "owner_unit_id": 2 + i % 5,
                    "counting": "latest" if i % 10 == 0 else "sum",
                    "sort_order": i,
                }
                for i in ind_ids
            ],
        )
        rows = [{"indicator_id": i, "unit_id": u, "target": Decimal(12)} for u in office_ids for i in ind_ids]
        for start in range(0, len(rows), BATCH):
            conn.execute(insert(Assignment), rows[start : start + BATCH])
        conn.execute(
            insert(Allocation),
            [
                {"project_id": p, "unit_id": u, "amount": Decimal(100_000)}
                for u in office_ids
                for p in projects
            ],
        )
        batch: list[dict] = []
        for m, pid in enumerate(period_ids[:months]):
            for u in office_ids:
                for i in ind_ids:
                    batch.append(
                        {
                            "indicator_id": i,
                            "unit_id": u,
                            "period_id": pid,
                            "value": Decimal(1 + (u + i + m) % 3),
                            "status": "submitted" if (u + m) % 7 else "draft",
                            "entered_at": AT,
                        }
                    )
                    if len(batch) >= BATCH:
                        conn.execute(insert(Result), batch)
                        batch.clear()
            conn.execute(
                insert(Disbursement),
                [
                    {
                        "project_id": p,
                        "unit_id": u,
                        "period_id": pid,
                        "amount": Decimal(5_000),
                        "status": "submitted",
                        "entered_at": AT,
                    }
                    for u in office_ids
                    for p in projects
                ],
            )
            conn.execute(
                insert(ProblemReport),
                [
                    {
                        "project_id": p,
                        "unit_id": u,
                        "period_id": pid,
                        "problems": "=SUM(A1) ฝนตก" if u % 50 == 0 else "ไม่มี",
                        "solutions": "ไม่มี",
                        "status": "submitted",
                        "entered_at": AT,
                    }
                    for u in office_ids
                    for p in projects
                ],
            )
        if batch:
            conn.execute(insert(Result), batch)
    engine.dispose()


def floor(cells: int, columns: int, path: Path) -> float:
    """Seconds a bare write-only loop takes to write ``cells`` numbers and save."""
    started = time.perf_counter()
    book = Workbook(write_only=True)
    ws = book.create_sheet("floor")
    row = list(range(columns))
    for _ in range(max(1, cells // columns)):
        ws.append(row)
    book.save(path)
    return time.perf_counter() - started


def cells_of(path: Path) -> tuple[int, int]:
    """(cells holding a value, the widest row) of a saved workbook."""
    book = load_workbook(path, read_only=True)
    cells, widest = 0, 1
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            filled = sum(1 for v in row if v is not None)
            cells += filled
            widest = max(widest, len(row))
    book.close()
    return cells, widest


def measure(url: str, name: str, kind: str, month: date, workdir: str, answers) -> None:
    """One report in a process of its own, so that its peak memory is its own."""
    out = Path(workdir) / f"{name}-{kind}.xlsx"
    sessions = make_session_factory(make_engine(url))
    request = service.Request(kind, month)
    t0 = time.perf_counter()
    with sessions() as session:
        assert session.scalar(select(Period.id).where(Period.month_start == month))
        data = service.load(session, request, Scope())
    t1 = time.perf_counter()
    book = service.build(request, data, Meta(made=date(2027, 9, 15)))
    book.save(out)
    t2 = time.perf_counter()
    answers.put((t1 - t0, t2 - t1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, str(out)))


def run_case(name: str, offices: int, indicators: int, months: int, workdir: Path) -> None:
    url = f"sqlite:///{workdir / f'{name}.db'}"
    started = time.perf_counter()
    generate(url, offices, indicators, months)
    print(
        f"[{name}] {offices} offices × {indicators} indicators × {months} months: "
        f"data generated in {time.perf_counter() - started:.1f} s"
    )
    month = cal.fiscal_months(YEAR)[months - 1]
    spawn = multiprocessing.get_context("spawn")
    for kind in ("tp1", "status"):
        answers = spawn.Queue()
        child = spawn.Process(target=measure, args=(url, name, kind, month, str(workdir), answers))
        child.start()
        query, build, peak, out = answers.get()
        child.join()
        out = Path(out)
        cells, widest = cells_of(out)
        base = floor(cells, widest, workdir / "floor.xlsx")
        total = query + build
        print(
            f"[{name}] {kind}: query {query:.2f} s, build+save {build:.2f} s, total {total:.2f} s, "
            f"peak memory {peak / 2**20:.0f} MiB, {cells:,} cells, {out.stat().st_size / 2**20:.1f} MiB; "
            f"floor {base:.2f} s; ratio report/floor {total / base:.1f} (build only {build / base:.1f})"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--national-units", type=int, default=8000)
    parser.add_argument("--national-indicators", type=int, default=50)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the databases and files in this directory")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        run_case("department", 78, 40, args.months, workdir)
        if not args.skip_national:
            run_case("national", args.national_units, args.national_indicators, args.months, workdir)


if __name__ == "__main__":
    main()
