"""The declarative base every model shares: naming convention, id and UTC-aware timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import DateTime, Dialect, Enum, MetaData, Table, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_type(enum: type[StrEnum], length: int) -> Enum:
    """A column of one of `enum`'s values, stored as VARCHAR(length): the ORM reads and writes members.

    The schema is the plain VARCHAR it always was: no native enum type, and no CHECK constraint of SQLAlchemy's
    own (each model names its own `…_known` CHECK). Strings are not checked on the way in (validate_strings
    off), on purpose: the database's CHECK refuses an unknown value written (DESIGN habit 3), and a filter
    compared with an unknown value (a tampered query string, an old saved segment) matches nothing, as before,
    rather than raising LookupError.
    """
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=False,
    )


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always UTC-aware in Python, whatever the database keeps.

    SQLite has no time zones, so values come back naive; this type refuses naive input and re-attaches UTC
    on the way out, so comparisons never mix naive and aware datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:
        # Every model here maps one Table (SQLAlchemy types it as any FromClause), so core statements such as
        # update(Model.__table__) type-check.
        __table__: ClassVar[Table]


class TimestampedModel(Base):
    """id, created_at and updated_at, evaluated per row (never once at import)."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )
