"""Coverage targets: the share of the register researchers want in each category."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models_base import TimestampedModel


class CoverageTarget(TimestampedModel):
    """The share of the register researchers want in one category (e.g. 25% from North Wales)."""

    __tablename__ = "coverage_target"
    __table_args__ = (
        UniqueConstraint("dimension", "value"),
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent_in_range"),
    )

    dimension: Mapped[str] = mapped_column(String(30), nullable=False)
    value: Mapped[str] = mapped_column(String(30), nullable=False)
    percent: Mapped[int] = mapped_column(Integer, nullable=False)
