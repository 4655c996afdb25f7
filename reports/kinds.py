"""The report kinds: ONE declaration each, in ONE registry (`KINDS`).

A kind says everything the product needs to offer, make and deliver it: its code (the CLI word and
the key stored with a user's last request), its Thai name (buttons, cards), what people type for it
in chat (`aliases`, read by handlers/phrases.py), the line that explains it when the bot asks which
kind, the period it covers (a month, a quarter, a fiscal year), who may ask for it in chat, the rows
it loads, the builder that writes the file, the file's name stem, its chart (reports/charts.py) and
the figures its card shows. The chat (handlers/report_request.py, report_usual.py, report_card.py,
phrases.py), the CLI (bot/report_command.py), the download names (bot/files.py), help and the
report service (reports/service.py) read it; none of them names a kind.

Adding a kind: its builder module (e.g. reports/annual.py) and one `ReportKind(...)` line below,
plus its test.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from openpyxl import Workbook

from models.entities import Role
from reports import annual, charts
from reports.bb301 import build_bb301
from reports.completeness import build_status
from reports.export import build_export, export_csv
from reports.quarterly import build_quarterly
from reports.rows import ReportData
from reports.tp1 import build_tp1
from reports.workbook import Meta


class Period(StrEnum):
    """What a request of the kind names: a month (`2570-01`), a quarter (`2570-Q2`) or a fiscal
    year (`2570`)."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Card(StrEnum):
    """Which figures the file's card shows (handlers/report_card.py)."""

    MONTH = "month"  # offices complete, indicators on plan, budget disbursed
    YEAR = "year"  # indicators that met their target, budget spent against allocation


@dataclass(frozen=True)
class Loads:
    """The rows a kind reads (reports/queries.py load, reports/export.py load_export)."""

    values: bool = True  # the indicators' values (False: only who sent what)
    status: bool = False  # the offices' completeness rows
    by_office: bool = False  # one row per office × indicator
    export: bool = False  # the flat rows of the export


Writer = Callable[[ReportData, Meta], bytes]


def xlsx(builder: Callable[[ReportData, Meta], Workbook]) -> Writer:
    def write(data: ReportData, meta: Meta) -> bytes:
        buffer = io.BytesIO()
        builder(data, meta).save(buffer)
        return buffer.getvalue()

    return write


def _csv(data: ReportData, meta: Meta) -> bytes:
    return export_csv(data.export)


@dataclass(frozen=True)
class ReportKind:
    code: str  # the CLI word, stored with a user's last request: 'tp1'
    name: str  # the Thai name on buttons and cards: 'ตป.๑'
    stem: str  # the download name's first part: 'ตป.1' → 'ตป.1_2569-12.xlsx'
    aliases: tuple[str, ...]  # what people type for it (normalised: spaces, dots, digits, polite words)
    about: str  # its line when the bot asks which kind
    period: Period
    builder: Callable[[ReportData, Meta], Workbook] | None  # the workbook (None: not a workbook)
    chart: Callable[[ReportData], charts.ChartSpec]
    loads: Loads = Loads()
    write: Writer | None = None  # the file's bytes (default: the builder's workbook)
    suffix: str = ".xlsx"
    chat: bool = True  # offered in chat (the CSV is for the command line)
    roles: frozenset[str] | None = None  # who may ask in chat (None: everyone, within their scope)
    card: Card = Card.MONTH

    def file_bytes(self, data: ReportData, meta: Meta) -> bytes:
        if self.write is not None:
            return self.write(data, meta)
        if self.builder is None:
            raise ValueError(f"report kind {self.code!r} has neither a builder nor a writer")
        return xlsx(self.builder)(data, meta)

    def offered_to(self, role: str) -> bool:
        return self.chat and (self.roles is None or role in self.roles)


CENTRAL = frozenset({Role.CENTRAL.value, Role.ADMIN.value})
_EXPORT = Loads(export=True)

KINDS: tuple[ReportKind, ...] = (
    ReportKind(
        "tp1",
        "ตป.๑",
        "ตป.1",
        ("ตป1", "แบบตป1", "tp1"),
        "ผลรายผลผลิต/โครงการ",
        Period.MONTH,
        build_tp1,
        charts.budget_chart,
        Loads(status=True, by_office=True),
    ),
    ReportKind(
        "bb301",
        "สงป.๓๐๑",
        "สงป.301",
        ("สงป301", "301", "bb301"),
        "ผลเทียบแผนรายเดือน",
        Period.MONTH,
        build_bb301,
        charts.plan_chart,
    ),
    ReportKind(
        "status",
        "ความครบถ้วน",
        "ความครบถ้วน",
        ("ความครบถ้วน", "รายงานความครบถ้วน"),
        "ใครส่งแล้ว/ยังไม่ส่ง",
        Period.MONTH,
        build_status,
        charts.offices_chart,
        Loads(values=False, status=True),
    ),
    ReportKind(
        "quarterly",
        "รายไตรมาส",
        "รายไตรมาส",
        ("รายไตรมาส", "รายงานรายไตรมาส", "ไตรมาส"),
        "ผลสะสมถึงสิ้นไตรมาส",
        Period.QUARTER,
        build_quarterly,
        charts.quarter_chart,
    ),
    ReportKind(
        "export",
        "ข้อมูลรายเดือน",
        "ข้อมูลรายเดือน",
        ("ข้อมูลรายเดือน",),
        "ข้อมูลดิบรายหน่วยงานรายเดือน สำหรับนำเข้าระบบอื่น",
        Period.MONTH,
        build_export,
        charts.offices_chart,
        _EXPORT,
    ),
    ReportKind(
        "csv",
        "ข้อมูลรายเดือน (CSV)",
        "ข้อมูลรายเดือน",
        (),
        "ข้อมูลดิบรายหน่วยงานรายเดือน เป็น CSV",
        Period.MONTH,
        None,
        charts.offices_chart,
        _EXPORT,
        write=_csv,
        suffix=".csv",
        chat=False,
    ),
    ReportKind(
        "annual",
        "ประจำปี",
        "ประจำปี",
        ("ประจำปี", "รายงานประจำปี", "รายปี", "สิ้นปี", "annual"),
        "ผลทั้งปีงบประมาณเทียบเป้าหมาย งบประมาณ และรายงานโครงการ (เมื่อปิดรอบกันยายนแล้ว)",
        Period.YEAR,
        annual.build_annual,
        charts.quarter_chart,
        roles=CENTRAL,
        card=Card.YEAR,
    ),
)

BY_CODE = {kind.code: kind for kind in KINDS}
if len(BY_CODE) != len(KINDS):  # pragma: no cover - a declaration error, caught at import
    raise ValueError("two report kinds share a code")


def kind(code: str) -> ReportKind:
    """The kind of ``code``; KeyError for an unknown one."""
    return BY_CODE[code]


def chat_kinds(role: str | None = None) -> list[ReportKind]:
    """The kinds offered in chat (to ``role`` when given), in the registry's order."""
    return [k for k in KINDS if k.chat and (role is None or k.offered_to(role))]


def codes() -> tuple[str, ...]:
    return tuple(BY_CODE)
