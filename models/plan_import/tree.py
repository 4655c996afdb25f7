"""The unit tree of the plan workbook: column `หน่วยงานกำกับ` of sheet `หน่วยงาน` (DESIGN.md §7).

Reading notes each unit's parent code; checking refuses unknown parents, a unit that supervises
itself and cycles (through the file's rows and, for units the file leaves out, the database);
applying sets `Unit.parent_id`. A workbook without the column leaves the tree as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import Unit
from models.plan_import.contract import (
    H_PARENT,
    MAX_CODE,
    MSG_OWN_PARENT,
    MSG_PARENT_CYCLE,
    MSG_UNKNOWN_UNIT,
    SHEET_UNITS,
)
from models.plan_import.reader import Cell, Sheet
from models.plan_import.rows import Validation, ValidPlan


def read_parent(v: Validation, sheet: Sheet, row: int, cells: Sequence[Cell], code: str) -> None:
    """Note the parent code of one unit row (nothing when the sheet has no such column)."""
    if H_PARENT not in sheet.header:
        return
    parent = v.check.text(sheet, row, cells, H_PARENT, required=False, limit=MAX_CODE)
    v.parent_rows[code] = row
    v.plan.parents = v.plan.parents if v.plan.parents is not None else {}
    v.plan.parents[code] = parent or None


def check_tree(v: Validation) -> None:
    """Unknown parents, own parents and cycles, each reported at the row and column that causes it."""
    parents = v.plan.parents
    if parents is None:
        return
    merged = {**v.db_parents, **parents}  # the file wins over the database
    reported: set[str] = set()
    for code, parent in parents.items():
        row = v.parent_rows[code]
        if parent is None:
            continue
        if parent == code:
            v.check.add(SHEET_UNITS, row, H_PARENT, MSG_OWN_PARENT)
            reported.add(code)
        elif parent not in v.kinds:
            v.check.add(SHEET_UNITS, row, H_PARENT, MSG_UNKNOWN_UNIT.format(code=parent))
            reported.add(code)
    for code in parents:
        if code in reported:
            continue
        chain = _cycle(code, merged)
        if chain:
            v.check.add(
                SHEET_UNITS, v.parent_rows[code], H_PARENT, MSG_PARENT_CYCLE.format(chain=" → ".join(chain))
            )


def _cycle(start: str, parents: dict[str, str | None]) -> list[str]:
    """The chain start → ... → start when following parents comes back to start; else empty."""
    chain = [start]
    seen = {start}
    node = parents.get(start)
    while node is not None:
        chain.append(node)
        if node == start:
            return chain
        if node in seen:
            return []  # a cycle further up: reported on its own rows
        seen.add(node)
        node = parents.get(node)
    return []


def database_parents(session: Session) -> dict[str, str | None]:
    """Every unit's parent code as the database holds it."""
    codes = dict(session.execute(select(Unit.id, Unit.code)).all())
    return {
        code: codes.get(parent_id) if parent_id is not None else None
        for code, parent_id in session.execute(select(Unit.code, Unit.parent_id))
    }


def apply_parents(session: Session, plan: ValidPlan, units: dict[str, Unit]) -> None:
    """Set each listed unit's parent (after every unit of the file exists)."""
    if plan.parents is None:
        return
    session.flush()  # new units get their ids
    for code, parent in plan.parents.items():
        unit = units.get(code)
        if unit is None:
            continue
        parent_id = units[parent].id if parent is not None and parent in units else None
        if parent is not None and parent_id is None:
            parent_id = session.scalar(select(Unit.id).where(Unit.code == parent))
        if unit.parent_id != parent_id:
            unit.parent_id = parent_id
