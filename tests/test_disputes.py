"""Independent sources, conflicts and recommendations: the evidence beyond the seed, by value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import kzfacts
from kzfacts.errors import KzfactsError
from kzfacts.evidence.quantities import RECOMMENDATION_RULE, independent_count

MOT_SERIES = {2019: 0.759, 2020: 0.783, 2021: 0.586, 2022: 1.485, 2023: 2.764, 2024: 4.484, 2025: 4.119}


def test_ministry_series_is_the_recommended_annual_series():
    annual = kzfacts.annual()
    assert {a.year: a.value for a in annual} == MOT_SERIES
    assert {a.status for a in annual} == {"actual"}
    for a in annual:
        assert a.figure.attributed_to == "Kazakhstan Ministry of Transport"
        assert kzfacts.sources().get(a.figure.source_id).published == "2026-03-10"
        assert a.reason.startswith("official series")


def test_annual_series_never_takes_a_forecast_or_partial_period():
    assert kzfacts.annual()[5].value == 4.484  # not the 4.2 Mt forecast for 2024
    with_forecasts = kzfacts.annual(include_forecasts=True)
    assert [a.year for a in with_forecasts] == sorted(MOT_SERIES)  # every forecast year has an outcome
    assert all(a.status == "actual" for a in with_forecasts)


def test_2025_containers():
    q = kzfacts.quantity(2025, measure="containers", unit="TEU")
    assert [v.value for v in q.values] == [77000.0]
    assert q.recommended.attributed_to == "Kazakhstan Ministry of Transport"


def test_how_much_cargo_in_2023_and_who_says_so():
    q = kzfacts.quantity(2023)
    assert [v.value for v in q.values] == [2.7, 2.75, 2.76, 2.764, 2.8]
    assert q.spread == (2.7, 2.8)
    assert (q.recommended.value, q.recommended.id) == (2.764, "titr-2023-total-mot-2026")
    seed_side = next(v for v in q.values if v.value == 2.8)
    assert "masarat-2025" in {s.id for s in seed_side.sources}
    assert "interfax-2024-01-24-titr" in {s.id for s in seed_side.sources}
    assert seed_side.independent_sources == len({s.publisher for s in seed_side.sources})
    assert [g.pct for g in q.growth] == [65.0, 86.0, 90.0]


def test_2023_growth_of_64_percent_is_kept_for_its_own_period_and_scope():
    q = kzfacts.quantity(period=("2023-01-01", "2023-12-27"), scope="kazakhstan")
    assert [g.pct for g in q.growth] == [64.0]
    assert q.values[0].value == 2.7


def test_jan_sep_2022_transcription_error_is_kept_and_never_recommended():
    q = kzfacts.quantity(period=(dt.date(2022, 1, 1), dt.date(2022, 9, 30)))
    values = {v.value: v for v in q.values}
    assert set(values) == {1.084, 1.84}
    assert values[1.84].flagged
    assert {f.flag for f in values[1.84].figures} == {"transcription-error"}
    assert q.recommended.value == 1.084


def test_a_reprint_is_not_an_independent_source():
    q = kzfacts.quantity(period=("2022-01-01", "2022-07-31"))
    (value,) = q.values
    assert value.value == 0.845
    assert len(value.figures) == 2
    reprint = kzfacts.sources().get("astanatimes-2022-09-08-titr")
    assert reprint.reprint_of == "kazinform-2022-09-titr"
    assert value.independent_sources == 1
    trend_and_copy = kzfacts.corridor_tonnage().filter(value=1.84)
    assert len(trend_and_copy) == 2
    assert independent_count(kzfacts.Package(), trend_and_copy) == 1


def test_scopes_are_never_mixed_with_route_totals():
    route = kzfacts.quantity(2024)
    assert 3.3 not in {v.value for v in route.values}
    ports = kzfacts.quantity(2024, scope="seaports")
    assert [v.value for v in ports.values] == [3.3]


def test_forecasts_for_2024_are_their_own_quantity():
    q = kzfacts.quantity(2024, outlook="forecast")
    assert [v.value for v in q.values] == [4.0, 4.2, 4.47]
    assert {f.status for f in q.figures} == {"forecast", "target"}
    assert "titr-2024-forecast-masarat" in {f.id for f in q.figures}


def test_unknown_quantity_names_what_exists():
    with pytest.raises(KzfactsError, match="no outcome figures for titr total-cargo \\(route, Mt\\) 2018"):
        kzfacts.quantity(2018)


def test_rule_is_documented_in_one_place():
    """docs/provenance.md shows the recommendation rule generated from the constant the code
    follows, never a copy that could drift (tools/generate.py writes it)."""
    docs = (Path(__file__).resolve().parent.parent / "docs" / "provenance.md").read_text(encoding="utf-8")
    section = docs.split("<!-- generated:recommendation -->", 1)[1].split(
        "<!-- /generated:recommendation -->", 1
    )[0]
    assert RECOMMENDATION_RULE in section
    assert docs.count("newer official revisions replace older ones") == 1


def _dispute(subject_start: str, kind: str):
    matches = [d for d in kzfacts.disputes() if d.kind == kind and d.subject.startswith(subject_start)]
    assert len(matches) == 1, [d.subject for d in kzfacts.disputes()]
    return matches[0]


def test_disputes_include_the_2023_volume_and_growth():
    volume = _dispute("titr total-cargo (route, Mt) 2023 outcome", "tonnage")
    assert [s.value for s in volume.sides] == ["2.7 Mt", "2.75 Mt", "2.76 Mt", "2.764 Mt", "2.8 Mt"]
    assert volume.recommended == "2.764 Mt"
    growth = _dispute("year-on-year change, titr total-cargo (route, Mt) 2023 outcome", "growth")
    assert [s.value for s in growth.sides] == ["+65%", "+86%", "+90%"]


def test_disputes_include_the_aif_2025_claims_of_the_seed():
    edition = _dispute("Astana International Forum 2025: edition", "record")
    assert edition.sides[0].value == "2"
    seed = next(s for s in edition.sides if "masarat-2025" in {x.id for x in s.sources})
    assert (seed.value, seed.stance) == ("1", "contradicts")
    dates = _dispute("Astana International Forum 2025: start_date", "record")
    assert dates.sides[0].value == "2025-05-29/2025-05-30"
    assert "2025-05/2025-06" in {s.value for s in dates.sides}
    count = _dispute("Astana International Forum 2025: participant_count", "record")
    assert {"4000", "5000"} <= {s.value for s in count.sides}


def test_aif_first_edition_was_2023():
    first = kzfacts.events().get("aif-2023")
    assert (first.edition, first.start_date, first.end_date, first.status) == (
        1,
        "2023-06-08",
        "2023-06-09",
        "held",
    )
    supporting = [c for c in kzfacts.claims_about(first) if c.field == "edition" and c.stance == "supports"]
    assert len(supporting) >= 2
    cancelled = kzfacts.events().get("aif-2024")
    assert (cancelled.status, cancelled.start_date, cancelled.end_date) == (
        "cancelled",
        "2024-06-13",
        "2024-06-14",
    )


def test_ifas_founding_date_is_disputed_and_both_dates_kept():
    founded = _dispute("International Fund for Saving the Aral Sea: founded", "record")
    assert founded.sides[0].value == "1993-01-04"
    assert "1993-03-26" in {s.value for s in founded.sides[1:]}


def test_cica_proposal_month_is_disputed():
    spell = kzfacts.memberships().get("kaz-cica-initiator")
    assert spell.start_date == "1992-09"
    values = {c.value for c in kzfacts.claims_about(spell) if c.stance != "supports"}
    assert "1992-10-05" in values


def test_astana_process_rounds_and_sochi():
    rounds = {e.edition: e for e in kzfacts.events().filter(series_id="astana-process", kind="round")}
    assert (rounds[1].start_date, rounds[1].end_date) == ("2017-01-23", "2017-01-24")
    assert (rounds[22].start_date, rounds[22].end_date) == ("2024-11-11", "2024-11-12")
    assert {n for n, e in rounds.items() if e.country != "KAZ"} == {10, 15}
    assert {rounds[10].city, rounds[15].city} == {"Sochi"}


def test_partner_events_with_dates():
    events = kzfacts.events()
    assert events.get("almaty-armenia-azerbaijan-2024").start_date == "2024-05-10"
    assert events.get("almaty-armenia-azerbaijan-2024").end_date == "2024-05-11"
    assert events.get("gcc-central-asia-summit-2023").start_date == "2023-07-19"
    assert events.get("c5-plus-1-summit-2023").start_date == "2023-09-19"
    sco = events.get("sco-summit-2024")
    assert (sco.start_date, sco.end_date, sco.city) == ("2024-07-03", "2024-07-04", "Astana")


def test_un_and_security_council_spells():
    spells = kzfacts.memberships()
    assert spells.get("kaz-un-member").start_date == "1992-03-02"
    seat = spells.get("kaz-unsc-member-2017")
    assert (seat.start_date, seat.end_date) == ("2017", "2018")
    presidency = spells.get("kaz-unsc-president-2018-01")
    assert (presidency.role, presidency.start_date, presidency.start_precision) == (
        "council-president",
        "2018-01",
        "month",
    )


def test_every_source_says_what_kind_of_outlet_it_is():
    kinds = {s.outlet_kind for s in kzfacts.sources()}
    assert kinds <= {"official", "state-media", "independent-press", "aggregator", "analysis", "reference"}
    assert {"official", "state-media", "aggregator"} <= kinds


def test_a_tie_is_said_and_broken_by_precision_then_date():
    """Equally supported values are a tie, and the reason says which step broke it."""
    by_date = kzfacts.quantity(2022, measure="containers", unit="TEU")
    assert by_date.recommended is not None and by_date.recommended.value == 18000
    assert by_date.reason == (
        "a tie: 3 values each reported by 1 independent outlet(s); broken by date: 18000 was published last "
        "(2025-06-18)"
    )
    by_precision = kzfacts.quantity(2024, outlook="forecast")
    assert by_precision.reason == (
        "a tie: 2 values each reported by 3 independent outlet(s); "
        "broken by precision: 4.2 has the most decimals"
    )


def test_a_tie_neither_precision_nor_date_breaks_recommends_nothing(tmp_path):
    """Two outlets, same day, same precision, different values: kzfacts recommends none."""
    import csv
    import shutil

    from kzfacts.reading import build

    folder = tmp_path / "pkg"
    shutil.copytree(kzfacts.package_path().parent, folder)
    sources = [s for s in kzfacts.sources() if s.published is not None and s.published.precision == "day"]
    pair = next(
        (a, b) for a in sources for b in sources if a.published == b.published and a.publisher != b.publisher
    )
    path = folder / "data" / "corridor_tonnage.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, template = rows[0], dict(zip(rows[0], rows[1], strict=True))
    for number, (source, value) in enumerate(zip(pair, ("7.1", "7.3"), strict=True)):
        row = {**template, "id": f"tie-{number}", "value": value, "period_start": "2031-01-01"}
        row.update(period_end="2031-12-31", status="forecast", source_id=source.id, yoy_change_pct="")
        row.update(attributed_to="", flag="", value_qualifier="", derivation="")
        rows.append([row[name] for name in header])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    build.write(folder / "datapackage.json")
    tie = kzfacts.Package(folder).quantity(2031, outlook="forecast")
    assert tie.recommended is None
    assert tie.reason == (
        "a tie: 2 values each reported by 1 independent outlet(s), equally precise and published alike "
        "(7.1, 7.3): none is recommended"
    )
