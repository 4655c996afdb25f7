"""Layers point down (models < reports < handlers < LINE adapter and runtime < scheduler < web app,
CLI, dev tools), imports sit at the top of modules, and every process wires its database, clock
and LINE client through one runtime builder (bot/runtime.py)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import runtime as runtime_module
from bot.app import create_app
from bot.cli import cli
from bot.config import Config
from models.migrate import upgrade
from models.plan_import import import_plan
from scheduler import jobs
from tests.plans import write_small_plan
from tests.support import SECRET, TOKEN

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("bot", "models", "reports", "handlers", "scheduler", "devtools", "bench")


def test_the_layer_contracts_of_pyproject_hold():
    # A process of its own: import-linter reconfigures logging (it would silence this process's loggers).
    lint = subprocess.run(
        [Path(sys.executable).parent / "lint-imports", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def function_level_imports(path: Path) -> list[str]:
    """`path:line` of each import inside a function whose line has no comment saying why."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Import | ast.ImportFrom) and "#" not in lines[node.lineno - 1]:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_import_inside_a_function_without_a_comment_saying_why():
    paths = [
        p
        for package in CHECKED
        for p in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in p.parts
    ]
    assert [found for p in paths for found in function_level_imports(p)] == []


@pytest.fixture
def env(db_url, line_server, tmp_path, monkeypatch):
    upgrade(db_url)
    for name, value in {
        "DATABASE_URL": db_url,
        "LINE_CHANNEL_SECRET": SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
        "LINE_API_BASE_URL": line_server.url,
        "PUBLIC_BASE_URL": "https://tidtam.example",
        "SECRET_KEY": "layers-secret",
        "TIDTAM_NOW": "2026-12-18T09:30:00+07:00",
    }.items():
        monkeypatch.setenv(name, value)
    return db_url


def test_the_web_app_the_cli_and_the_clock_open_the_database_through_one_builder(env, tmp_path, monkeypatch):
    opened: list[str] = []
    make_engine = runtime_module.make_engine

    def spy(url, **kwargs):
        opened.append(url)
        return make_engine(url, **kwargs)

    monkeypatch.setattr(runtime_module, "make_engine", spy)
    rt = runtime_module.build_runtime()
    with rt.sessions() as session, session.begin():
        import_plan(session, write_small_plan(tmp_path / "plan.xlsx"), 2570)
    rt.close()

    app = create_app(Config.from_env())  # the web process
    assert app.extensions["tidtam"].clock.fixed is not None
    app.extensions["tidtam"].close()
    runner = CliRunner()
    invited = runner.invoke(cli, ["invite", "--role", "officer", "--unit", "P50"])  # the CLI
    assert invited.exit_code == 0, invited.output
    reminded = runner.invoke(cli, ["remind", "--dry-run"])  # the scheduler's commands
    assert reminded.exit_code == 0, reminded.output
    jobs.sweep_job()  # the clock process
    assert opened == [env] * 5
