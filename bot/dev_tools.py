"""The product's one door to the dev tools (package `devtools`: the demo, the LINE emulator).

The product never imports them at module level, and the wheel leaves them out. Two things ask for
them by name: `tidtam demo` and an app with `TIDTAM_EMULATOR=1` (refused in production). They are
found on ``sys.path`` or, in an editable install (`make install`), next to this `bot` package in
the source checkout: the editable install maps only the product's packages, and the console script
`tidtam` does not put the checkout on ``sys.path``. Anywhere else (an installed wheel) the caller
gets ``DevToolsMissing`` with a message saying so.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from bot.config import ConfigError

PACKAGE = "devtools"
CHECKOUT = Path(__file__).resolve().parent.parent


class DevToolsMissing(ConfigError):
    """The dev tools are not installed (they are not part of the wheel)."""


def import_dev_module(name: str) -> ModuleType:
    """``devtools.<name>``, from ``sys.path`` or from the source checkout around this package."""
    try:
        return importlib.import_module(f"{PACKAGE}.{name}")
    except ModuleNotFoundError as error:
        if error.name != PACKAGE:  # a dev tool's own missing dependency: let it show
            raise
    if not (CHECKOUT / PACKAGE / "__init__.py").is_file():
        raise DevToolsMissing(
            f"{PACKAGE}.{name} is a dev tool: it is in the devtools/ folder of a source "
            "checkout and not installed with the wheel"
        )
    sys.path.append(str(CHECKOUT))
    return importlib.import_module(f"{PACKAGE}.{name}")
