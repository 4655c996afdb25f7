"""Issue #11 point 12: the completeness file of one division and the all-units file, made minutes
apart on the same data, say the same about that division. Central asks for both in chat, the
workbooks are downloaded, reopened and read cell by cell."""

from __future__ import annotations

from tests.test_report_chat import ask, download, files_app  # noqa: F401  (files_app: a fixture)

CENTRAL, OFFICER = "Ucentral", "Uofficer50"
OTHER_DIVISION = "Udivision-npk"


def _rows(book, sheet: str) -> list[list]:
    return [list(r) for r in book[sheet].iter_rows(values_only=True)]


def _division_row(book, code: str) -> list:
    found = [r for r in _rows(book, "ร้อยละรายกอง") if r and r[0] == code]
    assert len(found) == 1, (code, _rows(book, "ร้อยละรายกอง"))
    return found[0]


def _states(book) -> dict[tuple[str, str], str]:
    """(office code, project) -> state, from the office × project sheet."""
    rows = _rows(book, "ความครบถ้วน")
    header = next(r for r in rows if r and r[0] == "รหัสหน่วยงาน")
    out = {}
    for row in rows[rows.index(header) + 1 :]:
        for project, state in zip(header[2:-1], row[2:-1], strict=True):
            if state != "-":  # a project's name, a column header, wraps by the column's width
                out[(row[0], "".join(project.split()))] = state
    return out


def test_a_division_file_and_the_all_units_file_agree_on_that_division(files_app, chat, register):  # noqa: F811
    # P50 reports project A's indicators of two divisions: กพก. (I01, I02) and กพน. (I04).
    register(CENTRAL, "central", "กผง.")
    register(OTHER_DIVISION, "division", "กพน.")

    everything, _ = download(files_app, ask(chat, CENTRAL, "ความครบถ้วน", "ธ.ค. 2569", "ทั้งหมด"))
    for code in ("กพก.", "กพน."):
        alone, _ = download(files_app, ask(chat, CENTRAL, "ความครบถ้วน", "ธ.ค. 2569", code))
        # pairs to report, pairs complete, % complete: the same in both files
        assert _division_row(alone, code) == _division_row(everything, code), code
        # ... and every office × project of the division in the same state
        states = _states(alone)
        assert states and all(_states(everything)[pair] == state for pair, state in states.items()), code

    # The division's own request gives the same file as central's request for it.
    own, _ = download(files_app, ask(chat, OTHER_DIVISION, "ความครบถ้วน", "ธ.ค. 2569"))
    assert _division_row(own, "กพน.") == _division_row(everything, "กพน.")
    # P50 × project A is shared with กพก.: counted once, in the row of both, in both files
    assert _division_row(everything, "กพน.")[1] == 0
    shared = "ร่วมกัน: กพก. + กพน."
    assert (
        _division_row(own, shared) == _division_row(everything, shared) and _division_row(own, shared)[1] == 1
    )


def test_division_rows_add_up_to_the_total_and_the_shared_project_is_named(files_app, chat, register, db):  # noqa: F811
    """Issue #22 point 7: project A is owned by กพก. (I01, I02) and กพน. (I04) at P50; P40 and P90
    report it for กพก. only. The shared pair is counted once: the rows add up to the total."""
    from sqlalchemy import select

    from models.entities import Activity, Indicator, Project

    register(CENTRAL, "central", "กผง.")
    book, _ = download(files_app, ask(chat, CENTRAL, "ความครบถ้วน", "ธ.ค. 2569", "ทั้งหมด"))
    rows = _rows(book, "ร้อยละรายกอง")
    header = next(i for i, r in enumerate(rows) if r[0] == "กองรับผิดชอบ")
    overall = next(i for i, r in enumerate(rows) if r[0] == "ภาพรวม")
    table = {r[0]: r for r in rows[header + 1 : overall]}
    assert set(table) == {"กพก.", "กพน.", "ร่วมกัน: กพก. + กพน."}
    assert table["กพน."][1] == 0 and table["ร่วมกัน: กพก. + กพน."][1] == 1
    assert sum(r[1] for r in table.values()) == rows[overall][1]
    assert sum(r[2] for r in table.values()) == rows[overall][2]
    # ... and under the table, which project is shared and how it is counted
    project = db.scalar(
        select(Project.name)
        .join(Activity, Activity.project_id == Project.id)
        .join(Indicator)
        .where(Indicator.code == "I04")
    )
    note = next(r for r in rows[overall + 1 :] if r[0] == "โครงการร่วม")
    assert f"{project} (กพก., กพน.)" in note[1] and "นับครั้งเดียว" in note[1]
