"""The web process killed (SIGKILL) in the middle of a report and started again."""

from __future__ import annotations

import signal
from decimal import Decimal

import pytest
from sqlalchemy import select

from models.db import make_engine, make_session_factory
from models.entities import Result
from tests.support import fill_template, http_chat, start_server, tidtam

pytestmark = pytest.mark.faults
OFFICER = "Ucrash50"


def test_a_killed_web_process_loses_nothing_and_the_report_resumes(
    contract_env, line_server, tmp_path, db_url
):
    tidtam(contract_env, "db", "upgrade")
    template = tmp_path / "plan.xlsx"
    tidtam(contract_env, "plan-template", str(template))
    fill_template(template)
    tidtam(contract_env, "import-plan", str(template), "--fiscal-year", "2570")
    code = tidtam(contract_env, "invite", "--role", "officer", "--unit", "P50").stdout.split()[-1]

    process, url = start_server(contract_env)
    try:
        chat = http_chat(url, line_server.store)
        chat.says(OFFICER, code)
        chat.says(OFFICER, "รายงาน")
        chat.says(OFFICER, "11")
        chat.says(OFFICER, "222")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    process, url = start_server(contract_env)
    try:
        chat = http_chat(url, line_server.store)
        resumed = chat.says(OFFICER, "รายงาน")
        assert "ทำต่อจากที่ค้างไว้" in resumed and "ข้อ 3/" in resumed
        for answer in ["3", "1000", "ไม่มี", "0", "ไม่มี"]:
            chat.says(OFFICER, answer)
        assert "เรียบร้อย" in chat.says(OFFICER, "ยืนยัน")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        values = sorted((r.value, r.status) for r in session.scalars(select(Result)))
    engine.dispose()
    assert values == [
        (Decimal("3"), "submitted"),
        (Decimal("11"), "submitted"),
        (Decimal("222"), "submitted"),
    ]
