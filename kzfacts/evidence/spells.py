"""Membership spells in time: where Kazakhstan was a member on a date, and who chaired in a period.

Spells are dated to their precision (``1992``, ``1992-03``, ``1992-03-02``), so a question about a
day can have three answers, and each query keeps them apart:

- **certain**: the spell surely covers the date or overlaps the period: it started no later than
  the date (even at the latest day its start can mean) and ends no earlier (at the earliest day
  its end can mean), or it has no end and is not term-limited, so it runs on.
- **possible**: the dates allow either answer: a start or end written to a coarser precision
  straddles the date, or a term-limited role (a chair, a presidency, an elected seat, see
  :data:`kzfacts.vocabulary.ROLE_TERM_LIMITED`) has no sourced end and started before it. Such a
  role is never assumed to run to the present.
- a spell with no known start cannot be placed in time and is never counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kzfacts.errors import InvalidArgumentError
from kzfacts.vocabulary import ROLE_IS_MEMBERSHIP, ROLE_TERM_LIMITED

if TYPE_CHECKING:
    from kzfacts.models import Membership
    from kzfacts.store import PackageData

Answer = Literal["certain", "possible", "no"]


@dataclass(frozen=True)
class Spells:
    """The spells that certainly, or possibly, answer a question about a date or a period."""

    certain: tuple[Membership, ...]
    possible: tuple[Membership, ...]

    @property
    def organizations(self) -> tuple[str, ...]:
        """Ids of the organisations of the certain spells, each once, in order."""
        return tuple(dict.fromkeys(s.organization_id for s in self.certain))


def _day(value: dt.date | str, what: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidArgumentError(f"{what} must be a YYYY-MM-DD date, not {value!r}") from None


def overlap(spell: Membership, first: dt.date, last: dt.date) -> Answer:
    """Whether ``spell`` covers some day of ``first``..``last`` (see the module's rules)."""
    if spell.start_date is None:
        return "no"
    if spell.start_date.lower > last:
        return "no"
    if spell.end_date is not None and spell.end_date.upper < first:
        return "no"
    started = spell.start_date.upper <= last
    if spell.end_date is None:
        ended_after = not ROLE_TERM_LIMITED[spell.role]
    else:
        ended_after = spell.end_date.lower >= first
    return "certain" if started and ended_after else "possible"


def _select(spells: list[Membership], first: dt.date, last: dt.date) -> Spells:
    answers = [(s, overlap(s, first, last)) for s in spells]
    return Spells(
        certain=tuple(s for s, a in answers if a == "certain"),
        possible=tuple(s for s, a in answers if a == "possible"),
    )


def member_of(package: PackageData, on: dt.date | str, member: str = "KAZ") -> Spells:
    """The membership spells (member, founding member) of ``member`` that cover the day ``on``."""
    day = _day(on, "on")
    spells = [m for m in package.memberships() if m.member == member and ROLE_IS_MEMBERSHIP[m.role]]
    return _select(spells, day, day)


def roles(
    package: PackageData,
    kind: str,
    between: tuple[dt.date | str, dt.date | str],
    member: str = "KAZ",
) -> Spells:
    """The spells of role ``kind`` (e.g. ``chair``) of ``member`` that overlap the period ``between``."""
    if kind not in ROLE_TERM_LIMITED:
        raise InvalidArgumentError(f"kind {kind!r} is not a role; roles: {', '.join(ROLE_TERM_LIMITED)}")
    first, last = _day(between[0], "between[0]"), _day(between[1], "between[1]")
    if last < first:
        raise InvalidArgumentError(f"between ends {last} before it starts {first}")
    spells = [m for m in package.memberships() if m.member == member and m.role == kind]
    return _select(spells, first, last)
