"""`make bench`: every benchmark, each printing its figures and its ratio to a floor measured in the
same run. Record the figures with the machine's description in bench/RESULTS.md."""

import platform
import sys

from bench import chat_bench, line_native_bench, org_bench, reminders_bench, reports_bench

if __name__ == "__main__":
    print(f"machine: {platform.platform()}, Python {sys.version.split()[0]}")
    chat_bench.main([])
    reminders_bench.main([])
    reports_bench.main([])
    org_bench.main([])
    line_native_bench.main([])
