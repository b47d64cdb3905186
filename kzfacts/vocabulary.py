"""What the enum values mean to kzfacts' logic: every grouping of a schema enum, in one place.

The schema says which values a field may take; this module says how the code treats each. A test
fails when an enum value in ``datapackage.json`` has no grouping here, so a new status or role
cannot silently drop out of ``quantities()`` or the membership queries.
"""

from __future__ import annotations

from typing import Literal

Outlook = Literal["outcome", "forecast"]

STATUS_OUTLOOK: dict[str, Outlook | None] = {
    "actual": "outcome",
    "partial-period-actual": "outcome",
    "forecast": "forecast",
    "target": "forecast",
    "derived": None,
}
"""corridor_tonnage.status -> the kind of quantity a figure belongs to; None: never grouped
(a derived figure is our arithmetic, not a report)."""

OUTCOME_STATUSES = tuple(s for s, o in STATUS_OUTLOOK.items() if o == "outcome")
OUTLOOK_STATUSES = tuple(s for s, o in STATUS_OUTLOOK.items() if o == "forecast")

STANCE_DISAGREES: dict[str, bool] = {"supports": False, "contradicts": True, "qualifies": True}
"""claims.stance -> whether a claim with a value is a side against the record in a dispute."""

OPENS_DISPUTE = ("contradicts",)
"""Stances that open a dispute on their own (a qualifying claim alone does not)."""

ROLE_TERM_LIMITED: dict[str, bool] = {
    "member": False,
    "founding-member": False,
    "initiator": False,
    "leader": False,
    "chair": True,
    "headquarters-host": False,
    "secretariat-host": False,
    "non-permanent-member": True,
    "council-president": True,
    "reform-advocate": False,
    "observer": False,
    "partner": False,
}
"""memberships.role -> whether the role ends by rule (a chair, a presidency, an elected seat): such a
spell with an unknown end is never drawn or counted as running to the present."""

ROLE_IS_MEMBERSHIP: dict[str, bool] = {
    "member": True,
    "founding-member": True,
    "initiator": False,
    "leader": False,
    "chair": False,
    "headquarters-host": False,
    "secretariat-host": False,
    "non-permanent-member": False,
    "council-president": False,
    "reform-advocate": False,
    "observer": False,
    "partner": False,
}
"""memberships.role -> whether the spell is membership itself (what ``member_of`` counts); the other
roles are held in or towards a body (an observer or partner is not a member)."""

OFFICIAL_SERIES = "Kazakhstan Ministry of Transport"
"""The body (an ``attributed_to`` value) whose year-by-year series is preferred over every press report."""

GROUPINGS: dict[tuple[str, str, str], dict[str, object]] = {
    ("corridor_tonnage", "status", "outlook"): dict(STATUS_OUTLOOK),
    ("claims", "stance", "disagrees"): dict(STANCE_DISAGREES),
    ("memberships", "role", "term-limited"): dict(ROLE_TERM_LIMITED),
    ("memberships", "role", "membership"): dict(ROLE_IS_MEMBERSHIP),
}
"""(resource, field, grouping) -> how each enum value is grouped; the drift test compares the keys of
every grouping with the schema's enum, so no value can go ungrouped."""

IDENTIFYING_FIELDS: dict[str, tuple[str, ...]] = {
    "corridor_tonnage": ("id", "value", "unit", "period_end", "status"),
    "memberships": ("id", "organization_id", "role", "start_date", "end_date"),
    "events": ("id", "kind", "status", "start_date", "end_date", "city"),
    "organizations": ("id", "acronym", "name_en", "founded"),
    "sources": ("id", "publisher", "published", "language", "outlet_kind"),
    "claims": ("id", "record_id", "field", "stance", "source_id"),
    "reviews": ("id", "record_id", "rule"),
}
"""What tells a record of each resource apart: its key, what it states and when (for a figure, its
status and period, so that an actual and a forecast never look alike). ``kzfacts show`` draws these
columns by default (they fit an 80-column terminal) and ``kzfacts diff`` lists an added or removed
record with them."""
