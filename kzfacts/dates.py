"""Dates written to a precision: ``2025``, ``2025-05`` or ``2025-05-29``, as sources give them.

A :class:`PartialDate` keeps what was written (its ISO text is the CSV cell) and offers what
analysts need without parsing: the year, month and day, the precision, and the first and last
calendar day it can mean. Ordering compares the lower bounds, then the precision (coarser first),
so sorting is total and stable; whether one partial date is *certainly* before another is
:meth:`PartialDate.before`. A PartialDate equals its ISO text (``== "2025-05"``) and hashes like it,
so code written when these fields were strings keeps working.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, Literal

from kzfacts.errors import InvalidArgumentError

Precision = Literal["year", "month", "day"]
_RANK = {"year": 0, "month": 1, "day": 2}


@functools.total_ordering
@dataclass(frozen=True, eq=False)
class PartialDate:
    """A calendar date known to a precision of a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise InvalidArgumentError("a partial date with a day needs a month")
        try:
            dt.date(self.year, self.month or 1, self.day or 1)
        except ValueError as exc:
            raise InvalidArgumentError(f"not a calendar date: {self.isoformat()} ({exc})") from None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """``"2025"``, ``"2025-05"`` or ``"2025-05-29"``; anything else is an InvalidArgumentError."""
        parts = text.split("-")
        lengths = [len(p) for p in parts]
        if lengths not in ([4], [4, 2], [4, 2, 2]) or not all(p.isdigit() and p.isascii() for p in parts):
            raise InvalidArgumentError(f"{text!r} is not a date written as YYYY, YYYY-MM or YYYY-MM-DD")
        numbers = [int(p) for p in parts]
        return cls(*numbers)

    @property
    def precision(self) -> Precision:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @property
    def lower(self) -> dt.date:
        """The first calendar day the date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def upper(self) -> dt.date:
        """The last calendar day the date can mean."""
        if self.day is not None:
            return self.lower
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def isoformat(self) -> str:
        """The date as written in the data: YYYY, YYYY-MM or YYYY-MM-DD."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return self.isoformat() == other
        if isinstance(other, PartialDate):
            return (self.year, self.month, self.day) == (other.year, other.month, other.day)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.isoformat())

    def __lt__(self, other: object) -> bool:
        if isinstance(other, str):
            other = PartialDate.parse(other)
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.lower, _RANK[self.precision]) < (other.lower, _RANK[other.precision])

    def before(self, other: PartialDate) -> bool:
        """True when this date is certainly earlier than ``other`` (its last day precedes other's first)."""
        return self.upper < other.lower

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` falls within the period this date can mean."""
        return self.lower <= day <= self.upper

    # pydantic: validate from the CSV text (or a PartialDate), serialise back to that text.
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        def coerce(value: Any) -> PartialDate:
            if isinstance(value, PartialDate):
                return value
            if isinstance(value, str):
                try:
                    return cls.parse(value)
                except InvalidArgumentError as exc:
                    raise ValueError(str(exc)) from None
            raise ValueError(f"expected a partial date text, not {type(value).__name__}")

        return core_schema.no_info_plain_validator_function(
            coerce, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )
