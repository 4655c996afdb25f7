"""Declarative base with a naming convention so every constraint has a stable name."""

from __future__ import annotations

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(entity: type[Base]) -> Table:
    """The Table an entity is mapped to, for Core statements (SQLAlchemy types ``__table__`` as
    any FromClause; every entity here maps a Table)."""
    table = entity.__table__
    if not isinstance(table, Table):  # pragma: no cover - would be a mapping error
        raise TypeError(f"{entity.__name__} is not mapped to a Table")
    return table
