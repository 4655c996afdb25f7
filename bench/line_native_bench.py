"""LINE-native features (#17): what the rich menus cost to draw and to sync, and how long fetching a
photo from the data API takes inside a webhook, next to the floor of a small JSON call to the same
fake LINE API.

    python -m bench.line_native_bench [--photos N] [--photo-kb K]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from types import SimpleNamespace
from typing import Any

from PIL import Image

from bot import rich_menus
from bot.line_adapter import LineAdapter
from devtools.fake_line_server import FakeLineServer


def _photo(kilobytes: int) -> bytes:
    """A JPEG of about ``kilobytes`` (noise does not compress)."""
    side = 64
    while True:
        out = io.BytesIO()
        Image.effect_noise((side, side), 80).convert("RGB").save(out, "JPEG", quality=90)
        if out.tell() >= kilobytes * 1000 or side > 4000:
            return out.getvalue()
        side = int(side * 1.4)


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--photo-kb", type=int, default=300)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    built = rich_menus.build_all()
    drawn = time.perf_counter() - started
    sizes = ", ".join(f"{b.page.key} {len(b.image) / 1000:.0f} KB" for b in built)
    print(f"rich menus: {len(built)} drawn in {drawn:.2f} s ({sizes})")

    with FakeLineServer() as server:
        line = LineAdapter("bench", "bench", server.url, data_api_base_url=server.url)
        sessions: Any = _NoUsers
        rt: Any = SimpleNamespace(line=line, sessions=sessions)
        for run in ("first", "second"):
            before = len(server.store.all())
            started = time.perf_counter()
            report = rich_menus.sync(rt)
            took = time.perf_counter() - started
            calls = len(server.store.all()) - before
            print(f"richmenu sync, {run} run: {took:.2f} s, {calls} API calls ({report.summary()})")

        photo = _photo(args.photo_kb)
        server.store.add_content("bench-photo", photo)
        fetch, floor = [], []
        for _ in range(args.photos):
            started = time.perf_counter()
            assert line.message_content("bench-photo", 10_000_000).content == photo
            fetch.append(time.perf_counter() - started)
            started = time.perf_counter()
            line.quota()
            floor.append(time.perf_counter() - started)
        print(f"photo of {len(photo) / 1000:.0f} KB from the data API: {_ms(fetch)}")
        print(f"floor, GET quota + consumption (two small JSON calls): {_ms(floor)}")


class _NoUsers:
    """A session factory with no registered users (the bench syncs menus only)."""

    def __enter__(self) -> _NoUsers:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def scalars(self, *args: object) -> list[str]:
        return []


if __name__ == "__main__":
    main()
