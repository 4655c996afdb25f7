"""The product's plug for the dev tools (package `devtools`: the demo, the LINE emulator).

The dev tools plug in through the entry point group ``tidtam.dev`` (pyproject.toml): each entry
names a function of `devtools` with the shape declared here (``RunDemo``, ``MountEmulator``). No
product module imports `devtools`: the dev tools import the product, the product only looks the
entry up when asked for it — by `tidtam demo` and by an app with `TIDTAM_EMULATOR=1` (refused in
production). A source checkout has them (`make install` puts the checkout on ``sys.path``); the
wheel lists the entries but leaves the package out, and the caller gets ``DevToolsMissing``.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Protocol, cast

from bot.config import ConfigError

if TYPE_CHECKING:
    from flask import Flask

GROUP = "tidtam.dev"


class DevToolsMissing(ConfigError):
    """The dev tools are not installed (they are not part of the wheel)."""


class RunDemo(Protocol):
    """`tidtam demo`: the bot with demo data on SQLite and the LINE emulator (devtools/demo.py)."""

    def __call__(self, port: int = ..., reset: bool = ...) -> None: ...


class MountEmulator(Protocol):
    """Mount the LINE emulator and the fake LINE API on the app (devtools/emulator.py)."""

    def __call__(self, app: Flask) -> None: ...


def _load(name: str) -> object:
    """The object the entry point ``name`` of the group names, imported now."""
    for point in entry_points(group=GROUP, name=name):
        try:
            return point.load()
        except ModuleNotFoundError as error:
            package = point.module.split(".")[0]
            if error.name is None or error.name.split(".")[0] != package:
                raise  # a dev tool's own missing dependency: let it show
    raise DevToolsMissing(
        f"the dev tool {name!r} ({GROUP}) is in the devtools/ folder of a source checkout and not "
        "installed with the wheel"
    )


def run_demo() -> RunDemo:
    found = _load("demo")
    if not callable(found):
        raise TypeError(f"{GROUP} demo is not callable: {found!r}")
    return cast(RunDemo, found)


def mount_emulator() -> MountEmulator:
    found = _load("emulator")
    if not callable(found):
        raise TypeError(f"{GROUP} emulator is not callable: {found!r}")
    return cast(MountEmulator, found)
