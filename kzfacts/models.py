"""Frozen pydantic models, one per resource of the data package.

GENERATED from the Table Schema in ``datapackage.json`` by ``python tools/generate.py``: do not
edit by hand (a test fails when this file is stale). Each field's docstring is its description.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr

from kzfacts.dates import PartialDate


class Record(BaseModel):
    """Base of every record: immutable, strict about unknown fields, and aware of its package."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    resource: ClassVar[str]
    id: str
    _package: Any = PrivateAttr(default=None)
    """The package store (kzfacts.store.PackageData) the record was read from: navigation and citation
    use its tables."""


class Source(Record):
    """A document that rows cite."""

    resource: ClassVar[str] = "sources"

    title: str | None = None
    """Title as the document prints it, in its own language; empty when the copy read shows none
    (description then says what the document is).
    """
    title_en: str | None = None
    """English title: the document's own, or our translation of title (the note then says so); empty when
    the document shows no title.
    """
    description: str | None = None
    """Our own English description of a document that shows no title (e.g. 'news report on TITR cargo in
    2025'), written by kzfacts, never by the source; citations print it in square brackets in the
    title's place, as APA 7 does for untitled works. Empty when the document has a title.
    """
    author: str | None = None
    """Author as the byline gives it: a person in Latin script as 'Family, Given' (Shahin, Ulviyya) so that
    citations can invert it; an agency, an organisation or a name in another script as written; empty
    when the document names none (the note then says so).
    """
    publisher: str
    """Outlet or body that published the document."""
    url: str
    """Address of the document as it was read."""
    language: str
    """BCP 47 code of the document's language (ar, en, ru, ...)."""
    published: PartialDate | None = None
    """Publication date as shown by the document, written to its precision: YYYY-MM-DD, YYYY-MM or YYYY;
    empty when not shown.
    """
    published_precision: Literal["day", "month", "year"] | None = None
    """Precision of published: day, month or year; empty when published is empty."""
    accessed: dt.date
    """Date the document's content was read for this package."""
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
    """What the document is."""
    outlet_kind: Literal[
        "official",
        "state-media",
        "independent-press",
        "aggregator",
        "analysis",
        "reference",
    ]
    """What kind of outlet published it: an official body, a state or state-linked news agency, the
    independent press, an aggregator or reprint, an analysis or opinion outlet, or a reference work.
    """
    reprint_of: str | None = None
    """Id of the source this document reprints, so that a reprint is never counted as independent
    confirmation; empty for an original.
    """
    archive_file: str | None = None
    """File name of the archived text of this document in the project's shared sources folder, when one is
    kept; locators such as p7 count its body paragraphs.
    """
    note: str | None = None
    """Anything a reader should know about the source, in our words."""


class Organization(Record):
    """An international organisation or body."""

    resource: ClassVar[str] = "organizations"

    name_en: str
    """English name."""
    name_ar: str | None = None
    """Arabic name, as the seed article writes it where it names the organisation."""
    acronym: str
    """English acronym."""
    wikidata_qid: str | None = None
    """Wikidata item id; empty until verified against Wikidata itself."""
    founded: PartialDate | None = None
    """Founding date written to its precision (YYYY-MM-DD, YYYY-MM or YYYY); empty when no cited source
    gives it.
    """
    founded_precision: Literal["day", "month", "year"] | None = None
    """Precision of founded: day, month or year."""
    source_id: str
    """Source of the organisation's names (for the Arabic name, the seed article)."""
    locator: str
    """Where in source_id the names stand: p4 is body paragraph 4 of an archived text; otherwise a short
    description of the place.
    """
    evidence: tuple[str, ...]
    """Verbatim phrases of at most 8 words each, separated by ';', from the located passage of source_id."""
    founded_source_id: str | None = None
    """Source of the founding date; required when founded is given."""
    founded_locator: str | None = None
    """Where in founded_source_id the founding date stands."""
    founded_evidence: tuple[str, ...] | None = None
    """Verbatim phrases of at most 8 words each from founded_source_id that contain the founding date."""
    note: str | None = None
    """Anything a reader should know, in our words."""


class Membership(Record):
    """A spell of membership or a role of a state in an organisation, as one source states it."""

    resource: ClassVar[str] = "memberships"

    organization_id: str
    """The organisation (id in organizations)."""
    member: str
    """ISO 3166-1 alpha-3 code of the state holding the membership or role."""
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
        "observer",
        "partner",
    ]
    """member; founding-member; initiator (proposed the body); leader (the source says the state leads the
    body or its work, without a formal title); chair (a formal chairmanship term); headquarters-host;
    secretariat-host; non-permanent-member (of the UN Security Council); council-president (monthly
    presidency of a council); reform-advocate (calls publicly for the body's reform); observer (observer
    status, not membership); partner (a partner or dialogue-partner status, not membership).
    """
    start_date: PartialDate | None = None
    """Start of the spell written to its precision (YYYY-MM-DD, YYYY-MM or YYYY); empty when the source
    does not give it.
    """
    start_precision: Literal["day", "month", "year"] | None = None
    """Precision of start_date: day, month or year."""
    start_basis: Literal[
        "proposal",
        "founding",
        "signature",
        "ratification",
        "accession",
        "admission",
        "entry-into-force",
        "launch",
        "opening",
        "election",
        "term-start",
        "handover",
        "term-end",
    ] | None = None
    """What start_date is the date of, where the source says so: proposal (the state proposed the body),
    founding (the body, or the office in question, was established), signature (a founding treaty,
    agreement or charter was signed), ratification (a parliament voted to ratify a treaty), accession
    (the state acceded to the body), admission (an organ of the body decided to admit the state), entry-
    into-force (a treaty, code or tariff took effect), launch (the body or its common regime began to
    work), opening (an office or headquarters was formally opened), election (a vote elected the holder
    or, for an end, the successor), term-start (the first day of a stated term), handover (the role
    passed from one holder to the next, often at a summit or session), term-end (the end of a stated
    term). Empty when the source says only that the spell began, or gives no start.
    """
    end_date: PartialDate | None = None
    """End of the spell written to its precision; empty when it has not ended or the source does not say."""
    end_precision: Literal["day", "month", "year"] | None = None
    """Precision of end_date: day, month or year."""
    end_basis: Literal[
        "proposal",
        "founding",
        "signature",
        "ratification",
        "accession",
        "admission",
        "entry-into-force",
        "launch",
        "opening",
        "election",
        "term-start",
        "handover",
        "term-end",
    ] | None = None
    """What end_date is the date of, where the source says so, in the values of start_basis (for an end:
    election of the successor, handover to the successor, or the end of a stated term). Empty when the
    source does not say, or gives no end.
    """
    source_id: str
    """The source that states the spell (id in sources)."""
    locator: str
    """Where in the source the spell is stated: p4 is body paragraph 4 of an archived text."""
    evidence: tuple[str, ...]
    """Verbatim phrases of at most 8 words each, separated by ';', from the located passage, naming the
    organisation or the dates.
    """
    note: str | None = None
    """Anything a reader should know, in our words."""


class Event(Record):
    """A diplomatic event, process or forum edition, as one source describes it."""

    resource: ClassVar[str] = "events"

    name_en: str
    """English name of the event."""
    name_ar: str | None = None
    """Arabic name as an Arabic source writes it; empty when none was found."""
    kind: Literal["process", "round", "talks", "dialogue-platform", "forum", "summit", "ceremony"]
    """process (a series of meetings); round (one meeting of a process); talks; dialogue-platform (a
    standing offer of a venue for talks); forum; summit; ceremony (an opening or signing ceremony, e.g.
    of a railway line).
    """
    series_id: str | None = None
    """The process or forum series this event belongs to (id in events); empty for a stand-alone event."""
    edition: int | None = None
    """Round or edition number as the source states it."""
    status: Literal["held", "cancelled", "planned"]
    """held, cancelled or planned, as of the source's date."""
    start_date: PartialDate | None = None
    """First day (or month, or year) of the event, written to its precision; empty when the source does not
    date it.
    """
    start_precision: Literal["day", "month", "year"] | None = None
    """Precision of start_date: day, month or year."""
    end_date: PartialDate | None = None
    """Last day (or month, or year) of the event, written to its precision; empty when unknown."""
    end_precision: Literal["day", "month", "year"] | None = None
    """Precision of end_date: day, month or year."""
    city: str | None = None
    """City where the event was held, as the source names it; empty when not stated."""
    country: str | None = None
    """ISO 3166-1 alpha-3 code of the country where it was held."""
    participants: tuple[str, ...] | None = None
    """Participants the source names, separated by ';': ISO 3166-1 alpha-3 codes for states, otherwise a
    short English description.
    """
    participant_count: int | None = None
    """Number of participants the source gives; read with participant_count_qualifier."""
    participant_count_qualifier: Literal["exact", "more-than", "about", "nearly", "up-to"] | None = None
    """How participant_count is meant: exact, more-than, about, nearly or up-to."""
    themes: tuple[str, ...] | None = None
    """Themes the source names, in English, separated by ';'."""
    source_id: str
    """The source that describes the event (id in sources)."""
    locator: str
    """Where in the source the event is described: p6 is body paragraph 6 of an archived text."""
    evidence: tuple[str, ...]
    """Verbatim phrases of at most 8 words each, separated by ';', that contain the event's name, dates or
    figures.
    """
    note: str | None = None
    """Anything a reader should know, in our words."""


class TonnageFigure(Record):
    """One Middle Corridor cargo figure from one source, with its period and status."""

    resource: ClassVar[str] = "corridor_tonnage"

    corridor: Literal["titr", "china-europe-transit", "north-south"]
    """Route the figure is for: titr is the Trans-Caspian International Transport Route (Middle Corridor);
    china-europe-transit is China-Europe rail transit through Kazakhstan; north-south is the North-South
    corridor through Kazakhstan. Figures of different corridors are never summed.
    """
    measure: Literal["total-cargo", "exports", "containers"]
    """What is counted: total-cargo (all goods, by weight), exports (Kazakh exports carried on the route,
    by weight) or containers (in TEU or boxes).
    """
    scope: Literal["route", "kazakhstan", "seaports", "azerbaijan", "georgia", "rail"]
    """Which part of the route the figure covers: route (the route as a whole, as the source states it);
    kazakhstan (the Kazakh section only); seaports (Kazakh and Azerbaijani Caspian ports); azerbaijan
    (Azerbaijan's leg); georgia (Georgia's leg); rail (rail transport only). Figures of one scope are
    never compared with another's.
    """
    value: float
    """The figure as the source prints it, in unit."""
    value_qualifier: Literal["more-than", "at-least", "about", "nearly", "up-to"] | None = None
    """How the source qualifies the value: more-than, at-least, about, nearly or up-to; empty when it
    states the value plainly.
    """
    unit: Literal["Mt", "TEU", "containers"]
    """Mt is million tonnes; TEU is twenty-foot equivalent units; containers counts boxes of any size."""
    period_start: dt.date
    """First day of the period the figure covers."""
    period_end: dt.date
    """Last day of the period the figure covers."""
    status: Literal["actual", "partial-period-actual", "forecast", "target", "derived"]
    """actual (a full-period outcome); partial-period-actual (an outcome for part of the period, such as
    the first nine months); forecast (expected before or during the period); target (a plan or goal);
    derived (computed from other figures, explained in derivation).
    """
    derivation: str | None = None
    """How a derived figure was computed; empty for every other status."""
    yoy_change_pct: float | None = None
    """Change on the same period a year earlier, in percent, as the source states it with this figure;
    empty when the source states none.
    """
    attributed_to: str | None = None
    """Who the source says gave the figure (a ministry, railway, association, official), in short English;
    empty when the source names nobody.
    """
    flag: Literal["transcription-error", "unit-garbled", "forecast-stated-as-actual"] | None = None
    """A known defect, kept rather than corrected: transcription-error (the printed figure is judged a slip
    for another, explained in note); unit-garbled (the unit was lost or mangled in print); forecast-
    stated-as-actual (an earlier forecast presented as an outcome). Flagged figures are never
    recommended.
    """
    source_id: str
    """The source that states the figure (id in sources)."""
    locator: str
    """Where in the source the figure stands: p7 is body paragraph 7 of an archived text."""
    evidence: tuple[str, ...]
    """Verbatim phrases of at most 8 words each, separated by ';', that contain the figure and its period."""
    note: str | None = None
    """Anything a reader should know, in our words."""


class Claim(Record):
    """What one further source says about a record or one of its fields, and its stance."""

    resource: ClassVar[str] = "claims"

    record_resource: Literal[
        "sources",
        "organizations",
        "memberships",
        "events",
        "corridor_tonnage",
    ]
    """Resource that holds the record the claim is about."""
    record_id: str
    """Id of the record the claim is about, in record_resource."""
    field: str | None = None
    """Field of the record the claim concerns; empty when it concerns the record as a whole."""
    stance: Literal["supports", "contradicts", "qualifies"]
    """supports (the source agrees with the record), contradicts (it gives another value), qualifies (it
    agrees in part, or adds a condition).
    """
    value: str | None = None
    """The value this source gives where it differs from the record, or where it agrees at a coarser
    precision (a month where the record has a day), written like the field's values; a date span as
    start/end.
    """
    value_basis: Literal[
        "proposal",
        "founding",
        "signature",
        "ratification",
        "accession",
        "admission",
        "entry-into-force",
        "launch",
        "opening",
        "election",
        "term-start",
        "handover",
        "term-end",
    ] | None = None
    """What a date given in value is the date of, in the values of memberships.start_basis (a proposal, a
    founding, a signature, a ratification, an accession, an admission, an entry into force, a launch, an
    opening, an election, a term's start, a handover or a term's end), so that a claim dating another
    event than the record's field is read as such. Empty when value is not a date, or the source does
    not say.
    """
    source_id: str
    """The source making the claim (id in sources)."""
    locator: str
    """Where in the source the claim stands: p6 is body paragraph 6 of an archived text."""
    evidence: tuple[str, ...]
    """Verbatim phrases of at most 8 words each, separated by ';', that carry the claim."""
    note: str | None = None
    """Anything a reader should know, in our words."""


class Review(Record):
    """A warning of kzfacts validate that the maintainers reviewed and accept, and why."""

    resource: ClassVar[str] = "reviews"

    record_resource: Literal[
        "sources",
        "organizations",
        "memberships",
        "events",
        "corridor_tonnage",
        "claims",
    ]
    """Resource of the record the warning is about."""
    record_id: str
    """Id of the record the warning is about."""
    rule: str
    """The warning rule whose finding on this record was reviewed: the name of one of kzfacts' warning
    rules (kzfacts rules lists them; the rule review-unknown-rule checks it), so a new rule never
    changes this schema.
    """
    note: str
    """Why the finding stands: what the sources say and why the record keeps it, in our words."""


MODELS: dict[str, type[Record]] = {
    model.resource: model for model in (Source, Organization, Membership, Event, TonnageFigure, Claim, Review)
}
"""Model class for each resource name."""
