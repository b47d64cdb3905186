"""Every fact the seed article states is in the package, with its source and locator."""

from __future__ import annotations

import datetime as dt

import kzfacts

SEED = "masarat-2025"


def test_seed_source_row():
    seed = kzfacts.sources().get(SEED)
    assert seed.url == "https://masaratcsm.org/masarat/ar/?p=5698"
    assert seed.language == "ar"
    assert seed.published == "2025-07-26"
    assert seed.published_precision == "day"
    assert seed.author == "عبدالحميد حميد الكبي"
    assert seed.title == "كازاخستان صوت القوة الناعمة في إعادة صياغة الدبلوماسية العالمية"
    assert seed.archive_file == "000_697e2b7e9b1e5283.txt"


def test_2023_volume_with_growth():
    fig = kzfacts.corridor_tonnage().get("titr-2023-masarat")
    assert (fig.corridor, fig.measure, fig.value, fig.unit) == ("titr", "total-cargo", 2.8, "Mt")
    assert (fig.period_start, fig.period_end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert fig.status == "actual"
    assert fig.yoy_change_pct == 90
    assert (fig.source_id, fig.locator) == (SEED, "p7")


def test_first_nine_months_of_2024_is_partial():
    fig = kzfacts.corridor_tonnage().get("titr-2024-9m-masarat")
    assert (fig.value, fig.unit) == (3.4, "Mt")
    assert (fig.period_start, fig.period_end) == (dt.date(2024, 1, 1), dt.date(2024, 9, 30))
    assert fig.status == "partial-period-actual"
    assert (fig.source_id, fig.locator) == (SEED, "p7")


def test_2024_full_year_is_a_forecast():
    fig = kzfacts.corridor_tonnage().get("titr-2024-forecast-masarat")
    assert (fig.value, fig.unit) == (4.2, "Mt")
    assert (fig.period_start, fig.period_end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert fig.status == "forecast"
    assert (fig.source_id, fig.locator) == (SEED, "p7")


def test_no_seed_figure_passes_as_a_full_year_actual_except_2023():
    actual = kzfacts.corridor_tonnage().filter(source_id=SEED, status="actual")
    assert actual.ids == ("titr-2023-masarat",)


def test_astana_process():
    ev = kzfacts.events().get("astana-process")
    assert ev.kind == "process"
    assert ev.country == "KAZ"
    assert ev.participants == ("RUS", "TUR", "IRN", "Syrian parties")
    assert (ev.source_id, ev.locator) == (SEED, "p3")


def test_armenia_azerbaijan_platform():
    ev = kzfacts.events().get("armenia-azerbaijan-dialogue")
    assert ev.kind == "dialogue-platform"
    assert ev.participants == ("ARM", "AZE")
    assert (ev.source_id, ev.locator) == (SEED, "p3")


def test_aif_2025_seed_claims_are_kept_against_the_corrected_record():
    """The seed's AIF details are claims with their source; the record follows other sources."""
    ev = kzfacts.events().get("aif-2025")
    assert (ev.start_date, ev.end_date, ev.edition) == ("2025-05-29", "2025-05-30", 2)
    seed = {c.field: c for c in kzfacts.claims_about(ev) if c.source_id == SEED and c.id != SLOGAN}
    assert set(seed) == {"edition", "start_date", "participant_count", "themes"}
    assert (seed["edition"].stance, seed["edition"].value) == ("contradicts", "1")
    assert (seed["start_date"].stance, seed["start_date"].value) == ("contradicts", "2025-05/2025-06")
    assert seed["participant_count"].value == "4000"
    assert seed["themes"].value == "climate change;energy security;technological innovation"
    assert {c.locator for c in seed.values()} == {"p6"}
    assert "أكثر من 4000 مشارك" in seed["participant_count"].evidence


SLOGAN = "c-aif-2025-masarat-slogan"


def test_the_seed_slogan_is_the_2023_forums():
    """p6 puts the 2023 forum's motto on the 2025 forum: a contradicting claim, and 2023 sources for it."""
    slogan = kzfacts.claims().get(SLOGAN)
    assert (slogan.record_id, slogan.field, slogan.stance, slogan.locator) == (
        "aif-2025",
        "themes",
        "contradicts",
        "p6",
    )
    backing = {
        c.source_id for c in kzfacts.claims_about(kzfacts.events().get("aif-2023")) if c.field == "themes"
    }
    assert backing == {"astanatimes-2023-06-06-aif", "astanatimes-2023-06-23-aif"}


def test_every_seed_paragraph_with_a_fact_has_a_record():
    """p2 and p5 (partners) are claims on the summits that show each relation; p1, p8, p10 state no fact."""
    cited = {
        r.locator
        for name in kzfacts.resource_names()
        for r in kzfacts.Package().table(name)
        if getattr(r, "source_id", None) == SEED
    }
    assert cited >= {"p2", "p3", "p4", "p5", "p6", "p7", "p9"}
    partners = {
        c.record_id: c.value for c in kzfacts.claims() if c.source_id == SEED and c.locator in ("p2", "p5")
    }
    assert partners == {
        "sco-summit-2024": "CHN;RUS",
        "c5-plus-1-summit-2023": "USA",
        "gcc-central-asia-summit-2023": "SAU;ARE;QAT",
    }


def test_memberships_and_roles_from_p4_and_p9():
    seed_rows = {(m.organization_id, m.role, m.locator) for m in kzfacts.memberships().filter(source_id=SEED)}
    assert seed_rows == {
        ("sco", "member", "p4"),
        ("ots", "member", "p4"),
        ("cica", "member", "p4"),
        ("ifas", "leader", "p4"),
        ("iofs", "leader", "p4"),
        ("unsc", "reform-advocate", "p9"),
    }


def test_seed_memberships_leave_unknown_dates_empty():
    for m in kzfacts.memberships().filter(source_id=SEED):
        assert (m.start_date, m.end_date) == (None, None), m.id


def test_organisations_carry_the_seeds_arabic_names():
    orgs = kzfacts.organizations()
    assert orgs.get("sco").name_ar == "منظمة شنغهاي للتعاون"
    assert orgs.get("ots").name_ar == "منظمة الدول التركية"
    assert orgs.get("cica").name_ar == "مؤتمر التفاعل وإجراءات بناء الثقة في آسيا"
    assert orgs.get("ifas").name_ar == "الصندوق الدولي لإنقاذ بحر الآرال"
    assert orgs.get("iofs").name_ar == "المنظمة الإسلامية للأمن الغذائي"


def test_dates_beyond_the_seed_cite_the_dossier_sources():
    un = kzfacts.memberships().get("kaz-un-member")
    assert (un.start_date, un.start_precision, un.end_date) == ("1992-03-02", "day", None)
    assert un.source_id == "kz-mfa-un-30"
    ifas = kzfacts.memberships().get("kaz-ifas-chair-2024")
    assert (ifas.role, ifas.start_date, ifas.end_date, ifas.end_precision) == (
        "chair",
        "2024-01-01",
        "2026",
        "year",
    )
    assert kzfacts.sources().get(ifas.source_id).published == "2025-01-09"
