"""What was sent stays sent (#22 point 5): a closed month's plan, frozen when it closes.

Closing a period copies every plan row its reports read — the fiscal year's settings, the units,
the plan tree, the indicators, the offices' targets, the allocations, the monthly plans and the
project details, every column — into one JSON document (`FrozenPlan`), a new version at each
closing. A report of a closed month runs its usual queries while those tables are shadowed by
temporary tables of the same names holding the frozen rows (`frozen_view`): the report code reads
one plan and never knows which, and a plan import changes only what open months read.

The live tables are never written. Both databases look a connection's temporary tables up before
the real ones for an unqualified name (SQLite: the temp schema before main; PostgreSQL: pg_temp
before the search path), and SQLAlchemy names these tables unqualified; the temporary tables are
the connection's own, so a closed month's report takes no write lock and no row lock on the plan
or on anything of the open months, and two reports of closed months run side by side.

The values need no copy: a closed month's own values, summaries and review states cannot change
while it is closed (`models.review.decisions.ensure_open`).

Adding a plan fact: a new column of a table in `FROZEN` is frozen with no change here; a new table
of plan facts is one more line in `FROZEN` (with the rows of a fiscal year it holds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Index,
    MetaData,
    Numeric,
    Table,
    TypeDecorator,
    UniqueConstraint,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy import true as sql_true
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.schema import CreateIndex, DropTable

from models.base import Base, table_of
from models.entities import (
    Activity,
    Allocation,
    Assignment,
    FiscalYear,
    FrozenPlan,
    Indicator,
    IndicatorPlan,
    Period,
    PeriodState,
    Plan,
    Project,
    ProjectInfo,
    SpendingPlan,
    Unit,
)


def _of_projects(column: Any) -> Callable[[int], ColumnElement[bool]]:
    return lambda fy: column.in_(select(Project.id).where(Project.fiscal_year_id == fy))


def _of_indicators(column: Any) -> Callable[[int], ColumnElement[bool]]:
    return lambda fy: column.in_(select(Indicator.id).where(Indicator.fiscal_year_id == fy))


@dataclass(frozen=True)
class Frozen:
    """One table of plan facts: which of its rows belong to a fiscal year (by its id)."""

    model: type[Base]
    rows: Callable[[int], ColumnElement[bool]]
    hide_new: bool = True  # rows made after the closing are left out of the closed month's reports
    skip: tuple[str, ...] = ()  # columns that are not plan facts


# Parents before children: the order rows are put back in (and hidden in, reversed).
FROZEN: tuple[Frozen, ...] = (
    # The settings (deadlines, cut-off day); plan_version belongs to the live plan's cache.
    Frozen(FiscalYear, lambda fy: FiscalYear.id == fy, hide_new=False, skip=("plan_version",)),
    # Names, kinds and the supervising tree as they were; a unit made later has no target in the
    # frozen plan, and users point at it, so it stays.
    Frozen(Unit, lambda fy: sql_true(), hide_new=False),
    Frozen(Plan, lambda fy: Plan.fiscal_year_id == fy),
    Frozen(Project, lambda fy: Project.fiscal_year_id == fy),
    Frozen(Activity, _of_projects(Activity.project_id)),
    Frozen(Indicator, lambda fy: Indicator.fiscal_year_id == fy),
    Frozen(Assignment, _of_indicators(Assignment.indicator_id)),
    Frozen(Allocation, _of_projects(Allocation.project_id)),
    Frozen(IndicatorPlan, _of_indicators(IndicatorPlan.indicator_id)),
    Frozen(SpendingPlan, _of_projects(SpendingPlan.project_id)),
    Frozen(ProjectInfo, _of_projects(ProjectInfo.project_id)),
)


# --- a table's rows to JSON and back: {"columns": [...], "rows": [[...], ...]} ----------------------


def _columns(spec: Frozen) -> list[str]:
    return [c.key for c in table_of(spec.model).columns if c.key not in spec.skip]


def _to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    return value


def _decoder(column: Column[Any]) -> Callable[[Any], Any]:
    """How a JSON value of `column` becomes the column's Python value again."""
    kind = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, Numeric) and kind.asdecimal:
        return lambda v: None if v is None else Decimal(v)
    if isinstance(kind, DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    return lambda v: v


def _read(session: Session, spec: Frozen, fiscal_year_id: int) -> dict[str, Any]:
    table = table_of(spec.model)
    names = _columns(spec)
    query = select(*(table.c[n] for n in names)).where(spec.rows(fiscal_year_id)).order_by(table.c.id)
    return {"columns": names, "rows": [[_to_json(v) for v in row] for row in session.execute(query)]}


def _decoded(table: Table, stored: dict[str, Any] | None) -> tuple[list[str], dict[int, tuple[Any, ...]]]:
    """The frozen rows of `table` by id: the columns that still exist (a column added since keeps
    its live value) and each row's values in that order, "id" first."""
    if not stored:
        return ["id"], {}
    names: list[str] = stored["columns"]
    keep = [i for i, n in enumerate(names) if n in table.c]
    decoders = [_decoder(table.c[names[i]]) for i in keep]
    columns = [names[i] for i in keep]
    rows = {}
    for raw in stored["rows"]:
        row = tuple(decode(raw[i]) for decode, i in zip(decoders, keep, strict=True))
        rows[row[columns.index("id")]] = row
    order = ["id", *(c for c in columns if c != "id")]
    at = [columns.index(c) for c in order]
    return order, {key: tuple(row[i] for i in at) for key, row in rows.items()}


# --- closing: a new version -----------------------------------------------------------------------


def freeze(session: Session, period: Period, now: datetime, user_id: int | None) -> FrozenPlan:
    """Copy the plan of `period`'s fiscal year as it stands now: the next version of the period."""
    session.flush()
    last = session.scalar(select(func.max(FrozenPlan.version)).where(FrozenPlan.period_id == period.id))
    row = FrozenPlan(
        period_id=period.id,
        version=(last or 0) + 1,
        closed_at=now,
        closed_by_id=user_id,
        rows={table_of(spec.model).name: _read(session, spec, period.fiscal_year_id) for spec in FROZEN},
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class Edition:
    """Which frozen copy a report was built from."""

    version: int
    closed_at: datetime


def edition_of(session: Session, month: date) -> tuple[Edition, FrozenPlan] | None:
    """The newest frozen copy of the period starting `month`, when that period is closed."""
    found = session.execute(
        select(FrozenPlan)
        .join(Period, FrozenPlan.period_id == Period.id)
        .where(Period.month_start == month, Period.state == PeriodState.CLOSED.value)
        .order_by(FrozenPlan.version.desc())
        .limit(1)
    ).scalar_one_or_none()
    return None if found is None else (Edition(found.version, found.closed_at), found)


# --- reading a closed month: the frozen rows, for the time of one report -------------------------

# The schema of a connection's own temporary tables: a name qualified with it never means a real table.
_TEMP_SCHEMA = {"sqlite": "temp", "postgresql": "pg_temp"}


@contextmanager
def frozen_view(session: Session, month: date) -> Iterator[Edition | None]:
    """Inside: the plan tables read as the frozen copy of the closed period starting `month` (and
    yield its edition); afterwards the live plan again. Nothing is written to the live tables: the
    frozen rows are in temporary tables of the same names, which shadow the real ones on this
    session's connection and are dropped on the way out, whatever happens inside (a connection
    whose shadows could not be dropped is closed, never pooled). An open month (or a period closed
    before copies were kept): the live plan, and None."""
    found = edition_of(session, month)
    if found is None:
        yield None
        return
    edition, frozen = found
    session.flush()
    fiscal_year_id = session.scalar(select(Period.fiscal_year_id).where(Period.id == frozen.period_id))
    assert fiscal_year_id is not None
    connection = session.connection()
    temp_schema = _TEMP_SCHEMA.get(connection.dialect.name)
    if temp_schema is None:  # pragma: no cover - the product runs on SQLite and PostgreSQL only
        raise NotImplementedError(f"closed months on {connection.dialect.name}")
    # A savepoint: on the way out, rolling it back removes the shadows even from a transaction an
    # error inside aborted (PostgreSQL), and nothing of the view outlives it.
    savepoint = session.begin_nested()
    try:
        _shadow(connection)
        _write_back(session, frozen.rows, fiscal_year_id)
        if connection.dialect.name == "postgresql":
            for spec in FROZEN:
                connection.execute(text(f"ANALYZE pg_temp.{_quoted(connection, spec)}"))
            # A statement the driver prepared before (psycopg prepares a query run five times) keeps
            # the plan it made against the real table: plan it again, against the shadows.
            connection.execute(text("DISCARD PLANS"))
        session.expire_all()
        yield edition
    finally:
        _unshadow(connection, savepoint, temp_schema)
        session.expire_all()


def _quoted(connection: Connection, spec: Frozen) -> str:
    return connection.dialect.identifier_preparer.quote(table_of(spec.model).name)


def _shadow(connection: Connection) -> None:
    """A temporary copy of every frozen table, under its own name, with the real table's indexes
    (not unique but the primary key: the copy holds rows of two moments) and no other constraint."""
    for spec in FROZEN:
        table = table_of(spec.model)
        copy = select(table).into(table.name, temporary=True)
        connection.execute(copy)  # made before it exists, it copies the real table
        shadow = copy.table
        keys = [tuple(c.name for c in table.primary_key.columns)]
        keys += [tuple(c.name for c in index.columns) for index in table.indexes]
        keys += [
            tuple(c.name for c in unique.columns)
            for unique in table.constraints
            if isinstance(unique, UniqueConstraint)
        ]
        for n, names in enumerate(dict.fromkeys(keys)):
            index = Index(f"frozen_{table.name}_{n}", *(shadow.c[c] for c in names), unique=n == 0)
            connection.execute(CreateIndex(index))


def _unshadow(connection: Connection, savepoint: SessionTransaction, temp_schema: str) -> None:
    """Drop the shadows, so that the connection reads the real tables again (and goes back to the
    pool without them); a connection that cannot is invalidated: closed, never reused."""
    try:
        if savepoint.is_active:
            savepoint.rollback()
        for spec in FROZEN:
            name = table_of(spec.model).name
            connection.execute(DropTable(Table(name, MetaData(), schema=temp_schema), if_exists=True))
    except BaseException:
        with suppress(Exception):
            connection.invalidate()
        raise


def _write_back(session: Session, frozen: dict[str, Any], fiscal_year_id: int) -> None:
    """Put the frozen rows back into the shadows (copies of the live tables): update the rows that
    differ, hide the rows made since, insert the frozen rows that are gone. A column added since
    keeps its live value."""
    decoded = {spec: _decoded(table_of(spec.model), frozen.get(table_of(spec.model).name)) for spec in FROZEN}
    missing: dict[Frozen, list[tuple[Any, ...]]] = {}
    made_since: dict[Frozen, list[int]] = {}
    for spec in FROZEN:
        table = table_of(spec.model)
        columns, rows = decoded[spec]
        live = {
            row[0]: tuple(row)
            for row in session.execute(
                select(*(table.c[c] for c in columns)).where(spec.rows(fiscal_year_id))
            )
        }
        changed = [row for key, row in rows.items() if key in live and live[key] != row]
        if changed and len(columns) > 1:
            statement = (
                sql_update(table)
                .where(table.c.id == bindparam("k_id"))
                .values({c: bindparam(f"k_{c}") for c in columns[1:]})
            )
            session.execute(
                statement, [{f"k_{c}": v for c, v in zip(columns, row, strict=True)} for row in changed]
            )
        missing[spec] = [row for key, row in rows.items() if key not in live]
        made_since[spec] = sorted(set(live) - set(rows)) if spec.hide_new else []
    for spec in reversed(FROZEN):
        table = table_of(spec.model)
        ids = made_since[spec]
        for start in range(0, len(ids), 500):
            session.execute(delete(table).where(table.c.id.in_(ids[start : start + 500])))
    for spec in FROZEN:
        if missing[spec]:
            table = table_of(spec.model)
            columns = decoded[spec][0]
            session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in missing[spec]])
