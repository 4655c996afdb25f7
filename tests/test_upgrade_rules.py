"""What the README promises about upgrades holds: migrations expand while the old release serves,
the few that cannot are named, and the library whose private method we override is pinned."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import version

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from packaging.requirements import Requirement

from reports.builders import CellRows
from tests.conftest import ROOT

VERSIONS = ROOT / "models" / "migrations" / "versions"
# Migrations that cannot run while the previous release serves (the README says: stop, upgrade, start).
NEEDS_A_STOP = {"0003", "0004", "0009"}  # 0009: only the old `clock` (its lease table goes)


def _keyword(call: ast.Call, name: str):
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_false(node) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def contracting_steps(source: str) -> list[str]:
    """Steps of upgrade() the previous release may trip over: dropping or renaming what it reads,
    a NOT NULL it does not fill, deleting its rows."""
    upgrade = next(
        n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"
    )
    steps = []
    for call in (
        n for n in ast.walk(upgrade) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    ):
        name = call.func.attr
        if name in ("drop_column", "drop_table", "rename_table"):
            steps.append(name)
        elif name == "alter_column" and (
            _is_false(_keyword(call, "nullable")) or _keyword(call, "new_column_name")
        ):
            steps.append("alter_column to NOT NULL or a new name")
        elif name == "add_column":
            column = call.args[-1] if call.args else None
            if (
                isinstance(column, ast.Call)
                and _is_false(_keyword(column, "nullable"))
                and _keyword(column, "server_default") is None
            ):
                steps.append("add_column NOT NULL without a server default")
        elif (
            name == "execute"
            and call.args
            and isinstance(call.args[0], ast.Constant)
            and re.match(r"\s*(DELETE|DROP|TRUNCATE)\b", str(call.args[0].value), re.IGNORECASE)
        ):
            steps.append(str(call.args[0].value)[:40])
    return steps


def test_contracting_steps_are_recognised():
    assert contracting_steps((VERSIONS / "0003_files_in_database.py").read_text())
    assert contracting_steps((VERSIONS / "0004_plan_version.py").read_text())
    assert not contracting_steps((VERSIONS / "0001_initial_schema.py").read_text())


def test_only_the_named_migrations_need_a_stop_and_the_readme_names_them():
    needing = {
        path.name.split("_")[0] for path in VERSIONS.glob("*.py") if contracting_steps(path.read_text())
    }
    # A new migration that drops or tightens must be split: expand now, contract in a later release.
    assert needing == NEEDS_A_STOP
    readme = (ROOT / "README.md").read_text()
    upgrading = readme[readme.index("**Upgrading**") :]
    upgrading = upgrading[: upgrading.index("\n\n")]
    assert "expand" in upgrading and "contract" in upgrading
    for revision in NEEDS_A_STOP:
        assert revision in upgrading, revision


def test_openpyxl_is_pinned_to_the_minor_release_whose_private_hook_we_override():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    openpyxl = next(Requirement(r) for r in project["dependencies"] if r.lower().startswith("openpyxl"))
    assert any(spec.operator == "<" for spec in openpyxl.specifier), openpyxl  # an upper bound
    assert version("openpyxl") in openpyxl.specifier
    assert "_values_to_row" in vars(CellRows)
    assert callable(getattr(WriteOnlyWorksheet, "_values_to_row", None))  # the hook still exists
