"""member_of and roles: spells in time, with dates to their precision and honest uncertainty."""

from __future__ import annotations

import datetime as dt

import pytest

import kzfacts
from kzfacts.errors import InvalidArgumentError
from kzfacts.evidence.spells import overlap
from kzfacts.models import Membership


def spell(role: str, start: str | None, end: str | None = None) -> Membership:
    precision = {4: "year", 7: "month", 10: "day"}
    return Membership.model_validate(
        {
            "id": "x",
            "organization_id": "org",
            "member": "KAZ",
            "role": role,
            "start_date": start,
            "start_precision": precision[len(start)] if start else None,
            "end_date": end,
            "end_precision": precision[len(end)] if end else None,
            "source_id": "s",
            "locator": "body",
            "evidence": ("e",),
        }
    )


D = dt.date


@pytest.mark.parametrize(
    ("role", "start", "end", "day", "answer"),
    [
        ("member", "1992-03-02", None, D(2020, 1, 1), "certain"),  # open membership runs on
        ("member", "1992-03-02", None, D(1992, 3, 1), "no"),  # before it started
        ("member", "1992", None, D(1992, 3, 1), "possible"),  # 1992 may mean after 1 March
        ("member", "1992", None, D(1993, 1, 1), "certain"),
        ("chair", "2023-07", "2024-07", D(2024, 7, 15), "possible"),  # ended some day in July 2024
        ("chair", "2023-07", "2024-07", D(2024, 8, 1), "no"),
        ("chair", "2023-07", "2024-07", D(2024, 1, 1), "certain"),
        ("chair", "2024-01-01", None, D(2030, 1, 1), "possible"),  # a term with no end never runs on
        ("non-permanent-member", "2017", "2018", D(2017, 12, 31), "certain"),
        ("non-permanent-member", "2017", "2018", D(2018, 12, 31), "possible"),  # "2018" may end before
        ("member", None, None, D(2020, 1, 1), "no"),  # no start: cannot be placed
    ],
)
def test_overlap_rules(role, start, end, day, answer):
    assert overlap(spell(role, start, end), day, day) == answer


def test_member_of_on_a_date():
    found = kzfacts.member_of(on="2020-01-01")
    assert {"un", "sco", "ots", "ifas"} <= set(found.organizations)
    assert "cica" not in found.organizations  # its membership rows have no dated start
    assert all(s.role in ("member", "founding-member") for s in found.certain + found.possible)
    before_ots = kzfacts.member_of(on=dt.date(2009, 10, 2))
    assert "ots" not in before_ots.organizations and "sco" in before_ots.organizations


def test_chair_terms_in_a_period():
    found = kzfacts.roles(kind="chair", between=("2023-01-01", "2023-12-31"))
    assert {"kaz-sco-chair-2023", "kaz-ots-chair-2023"} <= {s.id for s in found.certain}
    assert all(s.role == "chair" for s in found.certain + found.possible)
    with pytest.raises(InvalidArgumentError, match="kind 'chairman' is not a role"):
        kzfacts.roles(kind="chairman", between=("2023-01-01", "2023-12-31"))
    with pytest.raises(InvalidArgumentError, match="between ends 2022-01-01 before it starts 2023-01-01"):
        kzfacts.roles(kind="chair", between=("2023-01-01", "2022-01-01"))
    with pytest.raises(InvalidArgumentError, match="on must be a YYYY-MM-DD date"):
        kzfacts.member_of(on="2023")
