"""Run every benchmark: `python -m bench [--national-units N] [--months N]`."""

from bench import reports_bench

if __name__ == "__main__":
    reports_bench.main()
