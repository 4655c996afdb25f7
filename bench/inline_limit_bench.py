"""Where the inline limit of report builds lies (issue #14): how long the chat's answer to a report
request takes (the file with its summary, and the chart) for growing office × indicator pairs.
An inline build must stay well inside LINE's 2 s reply window; bigger ones go to a worker.

    python -m bench.inline_limit_bench [--pairs 1000,2500,5000,10000,20000] [--months 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.reports_bench import AT, YEAR, generate
from models import calendar as cal
from models.db import make_engine, make_session_factory
from models.permissions import Scope
from reports import charts, service

INDICATORS = 50


def measure(url: str, months: int) -> tuple[float, float, float]:
    """(file, file and chart) wall seconds, and the CPU seconds of both (the host may be busy)."""
    engine = make_engine(url)
    month = cal.fiscal_months(YEAR)[months - 1]
    with make_session_factory(engine)() as session:
        started, cpu = time.perf_counter(), time.process_time()
        made = service.make(session, service.Request("tp1", month), Scope(), AT, summary=True)
        built = time.perf_counter() - started
        charts.chart_png("tp1", made.data)
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu
    engine.dispose()
    return built, total, cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", default="1000,2500,5000,10000,20000")
    parser.add_argument("--months", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for pairs in (int(p) for p in args.pairs.split(",")):
            offices = max(1, pairs // INDICATORS)
            url = f"sqlite:///{Path(tmp) / f'p{pairs}.db'}"
            generate(url, offices, INDICATORS, args.months)
            measure(url, args.months)  # warm the imports and the page cache
            built, total, cpu = measure(url, args.months)
            print(
                f"tp1 answer for {offices * INDICATORS:,} pairs ({offices} offices × {INDICATORS} indicators, "
                f"{args.months} months): file {built:.2f} s, with the chart {total:.2f} s "
                f"(CPU {cpu:.2f} s); "
                f"{offices * INDICATORS / total:,.0f} pairs/s"
            )


if __name__ == "__main__":
    main()
