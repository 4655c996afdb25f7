"""The report kinds are one registry (reports/kinds.py, issue #26 point 1): the chat, the CLI, the
download names and the help read each kind's declaration, and no other module names a kind."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.files import ascii_name
from handlers import help as help_
from handlers import router  # noqa: F401  (declares every dialogue)
from handlers.phrases import report_kind
from reports import kinds, service
from reports.rows import Header, ReportData

ROOT = Path(__file__).resolve().parent.parent
PERIODS = {kinds.Period.MONTH: "2570-01", kinds.Period.QUARTER: "2570-Q2", kinds.Period.YEAR: "2570"}
# The codes no other word of the product shares ("status" and "export" are ordinary words too).
DISTINCT = {"tp1", "bb301", "quarterly", "annual", "csv"}


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.code)
def test_a_kind_is_asked_for_named_and_written_from_its_declaration(kind):
    request = service.parse_request(kind.code, PERIODS[kind.period])
    assert request.of is kind
    data = ReportData(Header(2570, request.month, (request.month, request.month), ""))
    name = service.filename(request, data)
    assert name.startswith(f"{kind.stem}_") and name.endswith(kind.suffix)
    assert ascii_name(name).startswith(kind.code if kind.chat else "export")  # never a hidden file
    if kind.chat:
        for typed in (kind.name, *kind.aliases):
            assert report_kind(f"{typed} {PERIODS[kind.period]}") == (kind.code, PERIODS[kind.period]), typed


def test_the_help_and_the_command_line_list_the_kinds_they_offer():
    central = "\n".join(help_.lines_of("central"))
    officer = "\n".join(help_.lines_of("officer"))
    assert all(k.name in central for k in kinds.chat_kinds("central"))
    assert "ประจำปี" in central and "ประจำปี" not in officer  # the year-end report is central's
    from bot.cli import cli

    shown = CliRunner().invoke(cli, ["report", "--help"]).output
    assert all(k.code in shown for k in kinds.KINDS), shown


def test_no_module_but_the_registry_names_a_report_kind():
    """Adding a kind is its builder module and its declaration: no `kind == "quarterly"` elsewhere."""
    named = []
    for package in ("handlers", "bot", "scheduler"):
        for path in sorted((ROOT / package).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and node.value in DISTINCT:
                    named.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    service_path = ROOT / "reports" / "service.py"
    for node in ast.walk(ast.parse(service_path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and node.value in DISTINCT | {"status", "export"}:
            named.append(f"reports/service.py:{node.lineno} {node.value!r}")
    assert named == []
