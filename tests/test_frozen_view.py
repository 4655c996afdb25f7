"""A closed month's report reads the frozen plan without writing the live tables (#22 point 5).

FY2570, December reported and closed, then a budget revision imported (I01 renamed, target 400,
a new indicator I05). While central's report of December is being built (paused inside the frozen
view), P50 corrects its January result of I05 and a plan row changes: nothing waits for the
report, and nothing they wrote is undone. Two reports of closed months run side by side. The
connection a report used reads the live plan afterwards, even when the report failed half-way,
and a connection that prepared its queries before still reads the frozen copy inside.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from models.db import make_engine, make_session_factory
from models.entities import Activity, Assignment, Indicator, Period, Result, Unit, User
from models.periods import period_info
from models.permissions import Scope
from models.reporting.saving import save_value
from reports import queries, service
from reports.rows import ReportData
from tests.conftest import on_postgres
from tests.test_frozen_months import (  # noqa: F401 - december_closed: a fixture, used by every test
    NEW_I01,
    OLD_I01,
    P50,
    cells,
    cli,
    december_closed,
    get,
    revised_plan,
)

pytestmark = pytest.mark.usefixtures("december_closed")  # December reported in chat and closed

DEC, JAN = date(2026, 12, 1), date(2027, 1, 1)
CORRECTED_ON = datetime(2027, 1, 12, 3, 0, tzinfo=UTC)


def revise(db_url, monkeypatch, tmp_path) -> None:
    cli(db_url, monkeypatch, "import-plan", str(revised_plan(tmp_path / "r.xlsx")), "--fiscal-year", "2570")


def ids(session: Session, model, code: str) -> int:
    found = session.scalar(select(model.id).where(model.code == code))
    assert found is not None
    return found


def january_result_of_i05(db) -> int:
    """P50 reported 7 for the new indicator I05 in January (an open month); the result's id."""
    result = Result(
        indicator_id=ids(db, Indicator, "I05"),
        unit_id=ids(db, Unit, "P50"),
        period_id=db.scalar(select(Period.id).where(Period.month_start == JAN)),
        value=Decimal(7),
        status="submitted",
        entered_at=datetime(2027, 1, 10, tzinfo=UTC),
    )
    db.add(result)
    db.commit()
    return result.id


@contextmanager
def impatient(db_url) -> Iterator[Session]:
    """A transaction on a connection of its own that gives up after a second on a lock."""
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session, session.begin():
            if on_postgres():
                session.execute(text("SET LOCAL lock_timeout = '1s'"))
            else:
                session.connection().exec_driver_sql("PRAGMA busy_timeout = 1000")
            yield session
    finally:
        engine.dispose()


def december(session: Session, kind: str = "tp1") -> ReportData:
    return service.load(session, service.Request(kind, DEC), Scope())


def as_frozen(data: ReportData) -> None:
    """December as it was closed: I01 by its old name with P50's target 100, and no I05."""
    names = {row.code: row.name for row in data.indicators}
    assert names["I01"] == OLD_I01 and "I05" not in names, names
    if data.by_office:
        targets = {(r.code, r.office_code): r.target for r in data.by_office}
        assert targets[("I01", "P50")] == 100


@contextmanager
def paused_december(db_url, monkeypatch) -> Iterator[dict]:
    """December's ตป.๑ built in a thread of its own, paused inside the frozen view until the block
    ends; afterwards the dict holds its `data` (or its `error`)."""
    inside, release, out = threading.Event(), threading.Event(), {}
    real = queries.load

    def pausing(session, *args, **kwargs):
        data = real(session, *args, **kwargs)
        if not inside.is_set():
            inside.set()
            release.wait(30)
        return data

    monkeypatch.setattr(queries, "load", pausing)
    engine = make_engine(db_url)

    def build() -> None:
        try:
            with make_session_factory(engine)() as session, session.begin():
                out["data"] = december(session)
        except Exception as error:  # noqa: BLE001 - the test reads it
            out["error"] = error

    thread = threading.Thread(target=build)
    thread.start()
    try:
        assert inside.wait(60)
        yield out
    finally:
        release.set()
        thread.join(60)
        engine.dispose()
        monkeypatch.setattr(queries, "load", real)


def shadows(session: Session) -> list[str]:
    """The temporary tables of the session's connection."""
    if on_postgres():
        query = "SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relkind = 'r'"
    else:
        query = "SELECT name FROM sqlite_temp_master WHERE type = 'table'"
    return list(session.scalars(text(query)))


def test_offices_and_the_plan_write_while_a_closed_month_builds(db, db_url, tmp_path, monkeypatch):
    revise(db_url, monkeypatch, tmp_path)
    result_id = january_result_of_i05(db)
    with paused_december(db_url, monkeypatch) as built:
        # P50 corrects January's I05 (the chat's own save), on a connection that waits a second at most.
        with impatient(db_url) as session:
            user = session.scalar(select(User).where(User.line_user_id == P50))
            info = period_info(session, JAN)
            assert user is not None and info is not None
            save_value(session, user, info, Result, ids(session, Indicator, "I05"), Decimal(9), CORRECTED_ON)
        # A plan row of the closed month's fiscal year changes (as a plan import does).
        with impatient(db_url) as session:
            session.execute(
                update(Assignment)
                .where(
                    Assignment.indicator_id == ids(session, Indicator, "I01"),
                    Assignment.unit_id == ids(session, Unit, "P50"),
                )
                .values(target=160)
            )
        # Another writer takes the database's write lock at once (SQLite: BEGIN IMMEDIATE).
        with impatient(db_url) as session:
            session.execute(update(Unit).where(Unit.code == "P40").values(name=Unit.name))
    assert "error" not in built, built
    as_frozen(built["data"])
    db.expire_all()
    assert db.scalar(select(Result.value).where(Result.id == result_id)) == 9
    assert db.scalar(select(Assignment.target).where(Assignment.target == 160)) == 160
    assert db.scalar(select(Indicator.name).where(Indicator.code == "I01")) == NEW_I01


def test_two_closed_month_reports_build_side_by_side(db_url, tmp_path, monkeypatch):
    revise(db_url, monkeypatch, tmp_path)
    with paused_december(db_url, monkeypatch) as first:
        with impatient(db_url) as session:
            second = december(session, "bb301")
        as_frozen(second)
    assert "error" not in first, first
    as_frozen(first["data"])


def test_the_connection_reads_the_live_plan_after_a_closed_month_even_a_failed_one(
    db_url, tmp_path, monkeypatch
):
    revise(db_url, monkeypatch, tmp_path)
    engine = make_engine(db_url, pool_size=1, max_overflow=0)  # one pooled connection, reused
    sessions = make_session_factory(engine)
    try:
        with sessions() as session, session.begin():
            as_frozen(december(session))
            assert shadows(session) == []
            assert session.scalar(select(Indicator.name).where(Indicator.code == "I01")) == NEW_I01

        real = queries.load

        def failing(session, *args, **kwargs):
            real(session, *args, **kwargs)
            session.execute(text("SELECT no_such_column FROM indicator"))  # a database error half-way

        monkeypatch.setattr(queries, "load", failing)
        with sessions() as session, session.begin():
            with pytest.raises(DBAPIError):
                december(session)
            # The same transaction goes on, on the live plan.
            assert shadows(session) == []
            assert session.scalar(select(Indicator.name).where(Indicator.code == "I01")) == NEW_I01
        monkeypatch.setattr(queries, "load", real)

        with sessions() as session, session.begin():  # the pooled connection again
            assert shadows(session) == []
            assert session.scalar(select(Indicator.name).where(Indicator.code == "I01")) == NEW_I01
            as_frozen(december(session))
    finally:
        engine.dispose()


def test_a_connection_that_prepared_its_queries_still_reads_the_frozen_copy(db_url, tmp_path, monkeypatch):
    """PostgreSQL's driver prepares a query run five times; the plan it keeps names the table it
    found then."""
    revise(db_url, monkeypatch, tmp_path)
    engine = make_engine(db_url, pool_size=1, max_overflow=0)
    try:
        with make_session_factory(engine)() as session, session.begin():
            as_frozen(december(session))
            for _ in range(6):  # January, open: the live plan, the same queries
                january = service.load(session, service.Request("tp1", JAN), Scope())
                assert {row.name for row in january.indicators} >= {NEW_I01}
            as_frozen(december(session))
    finally:
        engine.dispose()


def test_a_plan_row_moved_and_removed_after_closing_leaves_the_closed_month(bot_app, chat, db):
    """After the closing, I03 moves to a new activity and its old activity is removed (a hand
    repair of the plan): December's report is the one sent."""
    app = bot_app
    sent = get(app, chat, "ตป.๑", "ธ.ค. 2569")
    i03 = db.scalar(select(Indicator).where(Indicator.code == "I03"))
    assert i03 is not None
    old = i03.activity_id
    moved = Activity(project_id=i03.activity.project_id, name="กิจกรรมที่ย้ายมา", sort_order=9)
    db.add(moved)
    db.flush()
    db.execute(update(Indicator).where(Indicator.activity_id == old).values(activity_id=moved.id))
    db.execute(delete(Activity).where(Activity.id == old))
    db.commit()
    assert cells(get(app, chat, "ตป.๑", "ธ.ค. 2569")) == cells(sent)
