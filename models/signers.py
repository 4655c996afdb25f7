"""Who signs a printed form (#25): the three rows of the signature block, their wording, and the
names and positions the plan's sheet `ตั้งค่า` gives them (rows `ผู้จัดทำ`, `ผู้ตรวจสอบ`, `ผู้อนุมัติ`).

Stored on the fiscal year (`FiscalYear.signers`: role → {"caption", "name", "position"}), as the
sheet's other settings are; a role the plan leaves out prints its default wording and blank lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PREPARER, CHECKER, APPROVER = "preparer", "checker", "approver"
ROLES = (PREPARER, CHECKER, APPROVER)
# The rows of sheet ตั้งค่า (their Thai name is also the block's default wording).
ROLE_NAMES = {PREPARER: "ผู้จัดทำ", CHECKER: "ผู้ตรวจสอบ", APPROVER: "ผู้อนุมัติ"}
ROLE_OF_NAME = {name: role for role, name in ROLE_NAMES.items()}
MAX_SIGNER_TEXT = 200


@dataclass(frozen=True)
class Person:
    """Someone who signs: a name and a position, either may be blank (printed as a dotted line)."""

    name: str = ""
    position: str = ""


@dataclass(frozen=True)
class Signer:
    role: str  # PREPARER | CHECKER | APPROVER
    caption: str  # the wording under the signature line, e.g. ผู้จัดทำ or ผู้รายงาน
    person: Person = Person()


def default_signers() -> tuple[Signer, ...]:
    return tuple(Signer(role, ROLE_NAMES[role]) for role in ROLES)


def signers_of(stored: Mapping[str, Mapping[str, str]] | None) -> tuple[Signer, ...]:
    """The three signers in order, from what the fiscal year stores (None: the defaults)."""
    out = []
    for role in ROLES:
        item = (stored or {}).get(role) or {}
        out.append(
            Signer(
                role,
                str(item.get("caption") or ROLE_NAMES[role]),
                Person(str(item.get("name") or ""), str(item.get("position") or "")),
            )
        )
    return tuple(out)


def stored_form(signer: Signer) -> dict[str, str]:
    return {"caption": signer.caption, "name": signer.person.name, "position": signer.person.position}
