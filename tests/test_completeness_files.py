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
            if state != "-":
                out[(row[0], project)] = state
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
    assert _division_row(everything, "กพน.")[1] == 1  # P50 × project A, shared with กพก.
