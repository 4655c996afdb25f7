"""The organisation as a tree of units (Unit.parent_id, plan column หน่วยงานกำกับ), and who reviews what.

A supervising unit is any unit with units below it: it reviews, is reminded about and escalates
for every unit below it (any depth) when the deployment reviews by area. Which tier reviews what
is a setting of the deployment, `TIDTAM_REVIEW_BY`:

    owner  a division reviews the indicators it owns (the default; the tree only groups reports)
    area   a supervising unit reviews every indicator of the units below it
    both   a supervising unit reviews its area; a division without units below it its indicators
"""

from __future__ import annotations

import enum
import os
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import Role, Unit, UnitKind, User
from models.permissions import Scope

REVIEW_BY_ENV = "TIDTAM_REVIEW_BY"
# The kinds of unit that report values: offices, and divisions reporting their own work (#22).
REPORTING_KINDS = (UnitKind.OFFICE.value, UnitKind.DIVISION.value)


class ReviewBy(enum.StrEnum):
    OWNER = "owner"
    AREA = "area"
    BOTH = "both"


def review_by(environ: Mapping[str, str] | None = None) -> ReviewBy:
    """The deployment's review mode; an unknown value is refused at start-up (bot.config)."""
    value = ((os.environ if environ is None else environ).get(REVIEW_BY_ENV) or "").strip().lower()
    return ReviewBy(value) if value in ReviewBy.__members__.values() else ReviewBy.OWNER


@dataclass(frozen=True)
class Tree:
    """Every unit's parent, read once: children, descendants and ancestors without more queries."""

    parent: dict[int, int | None]
    children: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> Tree:
        parent = dict(session.execute(select(Unit.id, Unit.parent_id)).all())
        children: dict[int, list[int]] = defaultdict(list)
        for unit_id, parent_id in parent.items():
            if parent_id is not None:
                children[parent_id].append(unit_id)
        return cls(parent, dict(children))

    def has_children(self, unit_id: int) -> bool:
        return bool(self.children.get(unit_id))

    def below(self, unit_id: int) -> set[int]:
        """Every unit under this one, any depth (not the unit itself)."""
        out: set[int] = set()
        stack = list(self.children.get(unit_id, ()))
        while stack:
            node = stack.pop()
            if node in out:
                continue  # the import refuses cycles; never loop on a bad row anyway
            out.add(node)
            stack.extend(self.children.get(node, ()))
        return out

    def above(self, unit_id: int) -> list[int]:
        """The supervising units of this one, the nearest first."""
        out: list[int] = []
        node = self.parent.get(unit_id)
        while node is not None and node not in out and node != unit_id:
            out.append(node)
            node = self.parent.get(node)
        return out


def area_of(session: Session, user: User, mode: ReviewBy | None = None) -> frozenset[int] | None:
    """The units a reviewer reviews by area; None when the user reviews by indicator owner (or
    sees everything, as central does)."""
    mode = mode or review_by()
    if mode == ReviewBy.OWNER or user.role != Role.DIVISION.value:
        return None
    tree = Tree.load(session)
    if not tree.has_children(user.unit_id):
        return None if mode == ReviewBy.BOTH else frozenset()
    return frozenset(tree.below(user.unit_id))


def groups_of(tree: Tree, office_ids: list[int], top: int | None) -> dict[int, list[int]]:
    """Offices grouped by the unit just below `top` on their way up (`top` None: by their own
    parent, the province for seed 004); offices directly under `top`, or with no parent, are left
    out. Empty when there is nothing to group by."""
    groups: dict[int, list[int]] = defaultdict(list)
    for office in office_ids:
        if top is None:
            parent = tree.parent.get(office)
            if parent is not None:
                groups[parent].append(office)
            continue
        path = [office, *tree.above(office)]
        if top in path:
            below_top = path[path.index(top) - 1]
            if below_top != office:
                groups[below_top].append(office)
    return dict(groups)


def area_scope(session: Session, user: User) -> Scope | None:
    """The report scope of a supervising unit's user: the offices below it; None for anyone else."""
    if user.role != Role.DIVISION.value:
        return None
    tree = Tree.load(session)
    if not tree.has_children(user.unit_id):
        return None
    return Scope(area_unit_id=user.unit_id, area=frozenset(tree.below(user.unit_id)))
