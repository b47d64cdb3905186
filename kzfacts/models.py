"""Frozen pydantic models, one per resource of the data package.

Field names, types, requiredness and enums follow the Table Schema in
``datapackage.json``; ``tests/test_contract.py`` fails when they drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

Precision = Literal["day", "month", "year"]


class Record(BaseModel):
    """Base of every record: immutable, and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    resource: ClassVar[str]
    id: str


class Source(Record):
    """A document that rows cite."""

    resource: ClassVar[str] = "sources"

    title: str | None = None
    title_en: str | None = None
    author: str | None = None
    publisher: str
    url: str
    language: str
    published: str | None = None
    published_precision: Precision | None = None
    accessed: dt.date
    type: Literal[
        "news-article",
        "official-statement",
        "press-release",
        "analysis",
        "opinion",
        "interview",
        "report",
        "reference",
    ]
    outlet_kind: Literal[
        "official", "state-media", "independent-press", "aggregator", "analysis", "reference"
    ]
    reprint_of: str | None = None
    archive_file: str | None = None
    note: str | None = None


class Organization(Record):
    """An international organisation or body."""

    resource: ClassVar[str] = "organizations"

    name_en: str
    name_ar: str | None = None
    acronym: str
    wikidata_qid: str | None = None
    founded: str | None = None
    founded_precision: Precision | None = None
    source_id: str
    locator: str
    evidence: tuple[str, ...]
    founded_source_id: str | None = None
    founded_locator: str | None = None
    founded_evidence: tuple[str, ...] | None = None
    note: str | None = None


class Membership(Record):
    """A spell of membership or a role of a state in an organisation, as one source states it."""

    resource: ClassVar[str] = "memberships"

    organization_id: str
    member: str
    role: Literal[
        "member",
        "founding-member",
        "initiator",
        "leader",
        "chair",
        "headquarters-host",
        "secretariat-host",
        "non-permanent-member",
        "council-president",
        "reform-advocate",
    ]
    start_date: str | None = None
    start_precision: Precision | None = None
    end_date: str | None = None
    end_precision: Precision | None = None
    source_id: str
    locator: str
    evidence: tuple[str, ...]
    note: str | None = None


class Event(Record):
    """A diplomatic event, process or forum edition, as one source describes it."""

    resource: ClassVar[str] = "events"

    name_en: str
    name_ar: str | None = None
    kind: Literal["process", "round", "talks", "dialogue-platform", "forum", "summit"]
    series_id: str | None = None
    edition: int | None = None
    status: Literal["held", "cancelled", "planned"]
    start_date: str | None = None
    start_precision: Precision | None = None
    end_date: str | None = None
    end_precision: Precision | None = None
    city: str | None = None
    country: str | None = None
    participants: tuple[str, ...] | None = None
    participant_count: int | None = None
    participant_count_qualifier: Literal["exact", "more-than", "about", "up-to"] | None = None
    themes: tuple[str, ...] | None = None
    source_id: str
    locator: str
    evidence: tuple[str, ...]
    note: str | None = None


class TonnageFigure(Record):
    """One Middle Corridor cargo figure from one source, with its period and status."""

    resource: ClassVar[str] = "corridor_tonnage"

    corridor: Literal["titr"]
    measure: Literal["total-cargo", "exports", "containers"]
    scope: Literal["route", "kazakhstan", "seaports", "azerbaijan", "georgia", "rail"]
    value: float
    value_qualifier: Literal["more-than", "at-least", "about", "nearly", "up-to"] | None = None
    unit: Literal["Mt", "TEU", "containers"]
    period_start: dt.date
    period_end: dt.date
    status: Literal["actual", "partial-period-actual", "forecast", "target", "derived"]
    derivation: str | None = None
    yoy_change_pct: float | None = None
    attributed_to: str | None = None
    flag: Literal["transcription-error", "unit-garbled", "forecast-stated-as-actual"] | None = None
    source_id: str
    locator: str
    evidence: tuple[str, ...]
    note: str | None = None


class Claim(Record):
    """What one further source says about a record or one of its fields, and its stance."""

    resource: ClassVar[str] = "claims"

    record_resource: Literal["sources", "organizations", "memberships", "events", "corridor_tonnage"]
    record_id: str
    field: str | None = None
    stance: Literal["supports", "contradicts", "qualifies"]
    value: str | None = None
    source_id: str
    locator: str
    evidence: tuple[str, ...]
    note: str | None = None


MODELS: dict[str, type[Record]] = {
    model.resource: model for model in (Source, Organization, Membership, Event, TonnageFigure, Claim)
}
"""Model class for each resource name."""
