"""Development tools, not part of the product: the fake LINE API, the LINE emulator, the demo and
its data, the OpenAPI validator, and webhook-event builders shared by the tests and the benchmarks.

This package is left out of the wheel (pyproject.toml `[tool.setuptools.packages.find]`); it is
used from a source checkout only (`make demo`, `make test`, `make bench`). It may import every
product package; no product package imports it.
"""
