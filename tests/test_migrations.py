"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models.base import Base
from models.db import make_engine
from models.migrate import upgrade


def test_migrations_match_the_models(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        # procrastinate's tables (migration 0009) belong to the task queue, not to the models.
        ctx = MigrationContext.configure(
            conn, opts={"include_name": lambda name, type_, _: not (name or "").startswith("procrastinate_")}
        )
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_existing_indicators_get_their_inferred_value_type_and_a_change_may_be_negative(db_url):
    """Migration 0005: indicators already in the database get the value type an import would
    infer from their unit and name; results of a change may then be negative."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    upgrade(db_url, "0004")
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO fiscal_year (id, year_be, cutoff_day, office_deadline_day, division_deadline_day,"
                " central_deadline_day, first_report_month, plan_version) VALUES (1, 2570, 20, 20, 22, 25, 12, 'v')"
            )
        )
        conn.execute(
            text("INSERT INTO unit (id, code, name, kind, active) VALUES (1, 'D', 'กอง', 'division', :t)"),
            {"t": True},
        )
        conn.execute(text("INSERT INTO plan (id, fiscal_year_id, name, sort_order) VALUES (1, 1, 'แผน', 1)"))
        conn.execute(
            text(
                "INSERT INTO project (id, fiscal_year_id, plan_id, name, sort_order)"
                " VALUES (1, 1, 1, 'โครงการ', 1)"
            )
        )
        conn.execute(
            text("INSERT INTO activity (id, project_id, name, sort_order) VALUES (1, 1, 'กิจกรรม', 1)")
        )
        for number, (name, unit) in enumerate(
            [
                ("จำนวนสหกรณ์", "แห่ง"),
                ("รายได้เพิ่มขึ้น", "ร้อยละ"),
                ("อัตราส่วนเงินออมต่อหนี้สิน", "ร้อยละ"),
                ("ผ่านเกณฑ์", "ร้อยละ"),
            ],
            start=1,
        ):
            conn.execute(
                text(
                    "INSERT INTO indicator (id, fiscal_year_id, code, activity_id, name, unit_label, owner_unit_id,"
                    " counting, sort_order) VALUES (:id, 1, :code, 1, :name, :unit, 1, 'latest', :id)"
                ),
                {"id": number, "code": f"I{number}", "name": name, "unit": unit},
            )
    engine.dispose()

    upgrade(db_url)

    engine = make_engine(db_url)
    with engine.begin() as conn:
        types = dict(conn.execute(text("SELECT code, value_type FROM indicator")).all())
        assert types == {"I1": "whole", "I2": "change", "I3": "ratio", "I4": "percentage"}
        conn.execute(
            text(
                "INSERT INTO period (id, fiscal_year_id, month_start, state)"
                " VALUES (1, 1, '2026-12-01', 'open')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO result (indicator_id, unit_id, period_id, value, status, entered_at, late)"
                " VALUES (2, 1, 1, -2, 'draft', '2026-12-15 03:00:00', :f)"
            ),
            {"f": False},
        )
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE indicator SET value_type = 'whatever' WHERE code = 'I1'"))
    engine.dispose()
