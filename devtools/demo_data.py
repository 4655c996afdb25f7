"""Demo data: the FY2563 plan of the Cooperative Promotion Department as an import workbook.

The facts are in ``devtools/data/demo_plan.json``. Its indicator table (``plans``) is transcribed
from the department's FY2563 monitoring framework (seed document 001): 6 plans, 2 outputs and 9
projects, 17 main activities and 37 indicators. Around it the file describes a believable
organisation, and this module derives its annual plan:

- 78 offices: one provincial cooperative office per province (code ``P<province code>``) except
  Bangkok, which has two area offices (``สสพ.1``, ``สสพ.2``);
- the divisions that own indicators, and the planning division ``กผง.`` as the central unit;
- which office reports which indicator with its own annual target (``sum`` targets are split so
  that they add up exactly to the national target), and each office's budget per project; the
  six division-only indicators (งานตามภารกิจหน่วยงาน) are reported by their owner division;
- the fiscal-year settings (cut-off day, deadlines, first reporting month);
- the optional sheets (#25): each planned indicator's monthly plan and each project's spending plan
  (cumulative percent profiles of ``monthly_plan`` / ``spending_plan``) and the projects' details.

Everything is deterministic: the same data always produces the same workbook, cell for cell.
``write_demo_workbook`` writes the sheets and headers of the import contract (DESIGN.md §4).
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from devtools.demo_schedule import monthly_plans, spending_plans
from models import calendar as cal
from models.plan_import import HEADERS
from models.plan_import.monthly import INFO_COLUMNS

__all__ = [
    "SHEET_HEADERS",
    "demo_allocations",
    "demo_assignments",
    "demo_indicators",
    "demo_monthly_plans",
    "demo_project_details",
    "demo_provinces",
    "demo_settings",
    "demo_spending_plans",
    "demo_units",
    "demo_users",
    "write_demo_workbook",
]

PLAN_JSON = Path(__file__).resolve().parent / "data" / "demo_plan.json"

# Import workbook contract (DESIGN.md §4): the importer's own sheet names and header rows.
SHEET_HEADERS = HEADERS

# Unit types as written in the workbook, and the code names used in Python.
UNIT_TYPE_TH = {"office": "พื้นที่", "division": "กอง", "central": "ส่วนกลาง"}
COUNTING_TH = {"sum": "สะสม", "latest": "ล่าสุด"}

Row = dict[str, Any]


@cache
def _plan() -> dict[str, Any]:
    with PLAN_JSON.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
        return data


@cache
def _provinces() -> tuple[tuple[str, str, str], ...]:
    lines = resources.files("bot").joinpath("data/th-provinces.csv").read_text(encoding="utf-8").splitlines()
    return tuple((row["code"], row["name_th"], row["name_en"]) for row in csv.DictReader(lines))


def demo_provinces() -> list[Row]:
    """The 77 provinces of ``bot/data/th-provinces.csv``: ``code`` (2-char text), ``name_th``, ``name_en``."""
    return [{"code": c, "name_th": th, "name_en": en} for c, th, en in _provinces()]


@cache
def _units() -> tuple[Row, ...]:
    plan = _plan()
    bangkok = plan["bangkok_province"]
    units: list[Row] = [{**o, "kind": "office", "province": bangkok} for o in plan["bangkok_offices"]]
    for pcode, name_th, _ in _provinces():
        if pcode != bangkok:
            units.append(
                {
                    "code": f"P{pcode}",
                    "name": f"สำนักงานสหกรณ์จังหวัด{name_th}",
                    "kind": "office",
                    "province": pcode,
                }
            )
    units.extend({**d, "kind": "division", "province": None} for d in plan["divisions"])
    units.append({**plan["central"], "kind": "central", "province": None})
    for unit in units:
        unit["type"] = UNIT_TYPE_TH[unit["kind"]]
    return tuple(units)


def demo_units() -> list[Row]:
    """All units: 78 offices, then the divisions, then the central unit.

    Keys: ``code``, ``name``, ``kind`` (``office``/``division``/``central``), ``type`` (the Thai
    workbook value: ``พื้นที่``/``กอง``/``ส่วนกลาง``) and ``province`` (2-char code, offices only).
    """
    return [dict(u) for u in _units()]


def _offices() -> list[Row]:
    return [u for u in _units() if u["kind"] == "office"]


@cache
def _indicators() -> tuple[Row, ...]:
    rows: list[Row] = []
    for plan in _plan()["plans"]:
        for project in plan["projects"]:
            for activity in project["activities"]:
                for ind in activity["indicators"]:
                    rows.append(
                        {
                            "code": f"I{len(rows) + 1:02d}",
                            "plan": plan["name"],
                            "project": project["name"],
                            "activity": activity["name"],
                            "sub_activity": activity["sub_activity"],
                            **ind,
                            "counting": "latest" if ind["unit"] == "ร้อยละ" else "sum",
                        }
                    )
    return tuple(rows)


def demo_indicators() -> list[Row]:
    """The 37 indicators in table order, coded ``I01``..``I37``.

    Keys: ``code``, ``plan``, ``project``, ``activity``, ``sub_activity`` (not in the workbook),
    ``name``, ``unit``, ``target`` (int), ``owner`` (division code), ``counting`` (``sum``/``latest``).
    """
    return [dict(i) for i in _indicators()]


def _office_weight(ordinal: int) -> int:
    """A deterministic size weight (3..7) for the office at ``ordinal`` in the office list."""
    return 3 + (ordinal * 7) % 5


def _tie_key(office: Row, salt: int) -> int:
    """Deterministic pseudo-shuffle key so that subsets spread over the country."""
    area = int(office["code"][-1]) if office["code"].startswith("สสพ") else 0
    number = int(office["province"]) * 10 + area
    return (number * 37 + salt * 53) % 101


def _reported() -> list[Row]:
    """Indicators offices report (the division-only ones are reported by their owner division)."""
    central_only = set(_plan()["central_only_indicators"])
    return [i for i in _indicators() if i["code"] not in central_only]


@cache
def _activity_offices() -> dict[str, tuple[str, ...]]:
    """Main activity name -> codes of the offices that report its indicators (in office order).

    Every office reports the projects in ``all_offices_projects``; the Royal Project its fixed
    provinces; each of ``subset_activities`` goes to its number of offices outside its excluded
    provinces, picked deterministically, fewest assigned indicators first, so that every office
    ends up with a similar monthly workload.
    """
    plan, offices, reported = _plan(), _offices(), _reported()
    size = {a: sum(1 for i in reported if i["activity"] == a) for a in {i["activity"] for i in reported}}
    load = {o["code"]: 0 for o in offices}
    chosen: dict[str, set[str]] = {}

    def take(activity: str, codes: list[str]) -> None:
        chosen[activity] = set(codes)
        for code in codes:
            load[code] += size[activity]

    everywhere = set(plan["all_offices_projects"])
    for activity in dict.fromkeys(i["activity"] for i in reported if i["project"] in everywhere):
        take(activity, [o["code"] for o in offices])
    royal = plan["royal_project"]
    for activity in dict.fromkeys(i["activity"] for i in reported if i["project"] == royal["project"]):
        take(activity, [o["code"] for o in offices if o["province"] in royal["provinces"]])
    for salt, subset in enumerate(plan["subset_activities"], start=1):

        def fewest_first(office: Row, salt: int = salt) -> tuple[int, int, str]:
            return load[office["code"]], _tie_key(office, salt), office["code"]

        candidates = sorted(
            (o for o in offices if o["province"] not in subset["excluded_provinces"]), key=fewest_first
        )
        take(subset["activity"], [o["code"] for o in candidates[: subset["offices"]]])
    order = [o["code"] for o in offices]
    return {a: tuple(c for c in order if c in codes) for a, codes in chosen.items()}


@cache
def _project_offices() -> dict[str, tuple[str, ...]]:
    """Project name -> codes of the offices that report at least one of its indicators."""
    by_activity = _activity_offices()
    order = [o["code"] for o in _offices()]
    result: dict[str, tuple[str, ...]] = {}
    for ind in _indicators():
        codes = set(result.get(ind["project"], ())) | set(by_activity.get(ind["activity"], ()))
        result[ind["project"]] = tuple(c for c in order if c in codes)
    return {p: codes for p, codes in result.items() if codes}


def _split(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` into integers that add up to it: 1 each first, the rest by largest remainder."""
    n = len(weights)
    base = [1] * n if total >= n else [0] * n
    rest = total - sum(base)
    wsum = sum(weights)
    quotas = [rest * w // wsum for w in weights]
    remainders = [rest * w % wsum for w in weights]
    short = rest - sum(quotas)
    for i in sorted(range(n), key=lambda i: (-remainders[i], i))[:short]:
        quotas[i] += 1
    return [b + q for b, q in zip(base, quotas, strict=True)]


@cache
def _assignments() -> tuple[Row, ...]:
    ordinal = {o["code"]: k for k, o in enumerate(_offices())}
    activity_offices = _activity_offices()
    rows: list[Row] = []
    for ind in _reported():
        codes = activity_offices[ind["activity"]]
        if ind["counting"] == "sum":
            targets = _split(ind["target"], [_office_weight(ordinal[c]) for c in codes])
        else:
            targets = [ind["target"]] * len(codes)
        rows.extend(
            {"indicator": ind["code"], "unit": code, "target": target}
            for code, target in zip(codes, targets, strict=True)
        )
    # #22: the division-only work of seed 001 is reported by its owner division, the whole target.
    division_only = set(_plan()["central_only_indicators"])
    rows.extend(
        {"indicator": i["code"], "unit": i["owner"], "target": i["target"]}
        for i in _indicators()
        if i["code"] in division_only
    )
    return tuple(rows)


def demo_assignments() -> list[Row]:
    """Which office reports which indicator: ``indicator`` code, ``unit`` code, ``target`` (int).

    Ordered by indicator, then office; then the six division-only indicators of seed 001, each
    reported by its owner division (#22). ``sum`` targets add up to the national target; ``latest``
    (ร้อยละ) indicators carry the national target for every office.
    """
    return [dict(a) for a in _assignments()]


@cache
def _allocations() -> tuple[Row, ...]:
    ordinal = {o["code"]: k for k, o in enumerate(_offices())}
    project_offices = _project_offices()
    budget_base: dict[str, int] = _plan()["budget_base"]
    projects = list(dict.fromkeys(i["project"] for i in _indicators()))
    rows: list[Row] = []
    for project in projects:
        for code in project_offices.get(project, ()):
            k = ordinal[code]
            # Weight 3..7 scaled around 1.0, with a small per-project variation of -10%..+10%
            # (integer arithmetic only, rounded to the nearest 1,000 baht).
            percent = 90 + (k * 13 + len(rows)) % 21
            baht = budget_base[project] * _office_weight(k) * percent // 500
            amount = min(max((baht + 500) // 1000 * 1000, 50_000), 2_000_000)
            rows.append({"project": project, "unit": code, "amount": amount})
    return tuple(rows)


def demo_allocations() -> list[Row]:
    """Budget allocations: ``project`` name, ``unit`` code, ``amount`` (baht, multiple of 1,000)."""
    return [dict(a) for a in _allocations()]


def demo_settings() -> list[tuple[str, int]]:
    """Rows of the ``ตั้งค่า`` sheet: (item, value)."""
    return [(s["item"], s["value"]) for s in _plan()["settings"]]


def demo_users() -> list[Row]:
    """LINE users to pre-register for the demo.

    Keys: ``line_user_id``, ``display_name``, ``role`` (officer|division|central|admin), ``unit_code``.
    """
    return [dict(u) for u in _plan()["users"]]


def demo_facts(key: str) -> Any:
    """A copy of one top-level entry of the demo plan file (e.g. ``demo_results``)."""
    return json.loads(json.dumps(_plan()[key]))


def demo_monthly_plans(year_be: int) -> list[Row]:
    """The indicators' monthly plans (``devtools.demo_schedule.monthly_plans``)."""
    return monthly_plans(_plan()["monthly_plan"], _indicators(), year_be)


def demo_spending_plans(year_be: int) -> list[Row]:
    """The projects' spending plans (``devtools.demo_schedule.spending_plans``)."""
    return spending_plans(_plan()["spending_plan"]["profile"], _allocations(), year_be)


def demo_project_details() -> list[Row]:
    """Sheet ข้อมูลโครงการ: ``project`` and the six texts of ``INFO_COLUMNS``, in its order."""
    return [{"project": name, **texts} for name, texts in _plan()["project_details"].items()]


def _sheet_rows(year_be: int | None) -> dict[str, list[tuple[Any, ...]]]:
    dated: dict[str, list[tuple[Any, ...]]] = {}
    if year_be is not None:
        dated["แผนรายเดือน"] = [
            (p["indicator"], None, cal.period_code(p["month"]), p["cumulative"])
            for p in demo_monthly_plans(year_be)
        ]
        dated["แผนการใช้จ่าย"] = [
            (p["project"], None, cal.period_code(p["month"]), p["cumulative"])
            for p in demo_spending_plans(year_be)
        ]
    details = [(d["project"], *(d[k] for k in INFO_COLUMNS.values())) for d in demo_project_details()]
    return {
        "หน่วยงาน": [(u["code"], u["name"], u["type"], u["province"]) for u in _units()],
        "ตัวชี้วัด": [
            (
                i["code"],
                i["plan"],
                i["project"],
                i["activity"],
                i["name"],
                i["unit"],
                i["target"],
                i["owner"],
                COUNTING_TH[i["counting"]],
            )
            for i in _indicators()
        ],
        "เป้าหมายรายหน่วย": [(a["indicator"], a["unit"], a["target"]) for a in _assignments()],
        "งบประมาณ": [(a["project"], a["unit"], a["amount"]) for a in _allocations()],
        "ตั้งค่า": demo_settings(),
        **dated,
        "ข้อมูลโครงการ": details,
    }


def write_demo_workbook(path: str | Path, year_be: int | None = None) -> Path:
    """Write the demo plan as an import workbook (DESIGN.md §4) to ``path`` and return the path;
    with ``year_be``, also the monthly and spending plans of that fiscal year."""
    path = Path(path)
    wb = Workbook()
    for sheet in wb.worksheets:  # the one empty sheet a new workbook opens with
        wb.remove(sheet)
    for title, rows in _sheet_rows(year_be).items():
        ws = wb.create_sheet(title)
        ws.append(list(SHEET_HEADERS[title]))
        for row in rows:
            ws.append(list(row))
        if title == "หน่วยงาน":
            # Province codes are text ("10"), never numbers.
            for (cell,) in ws.iter_rows(min_row=2, min_col=4, max_col=4):
                if cell.value is not None:
                    cell.number_format = "@"
        for column, header in zip(ws.columns, SHEET_HEADERS[title], strict=False):
            width = max(len(str(c.value)) for c in column if c.value is not None)
            ws.column_dimensions[column[0].column_letter].width = min(max(width, len(header)) + 2, 60)
        ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
