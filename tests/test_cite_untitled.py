"""Untitled works, cited as APA 7 cites them: our English description in square brackets in the
title's place, in every style, never the URL or a placeholder; the ``source-citable`` rule
requires the description."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml
from pylatexenc.latex2text import LatexNodes2Text

import kzfacts
from kzfacts.citation.model import Citation
from kzfacts.citation.selection import package_citation
from kzfacts.citation.styles import render
from kzfacts.models import Source
from kzfacts.reading import build
from kzfacts.validation.problems import Report

UNTITLED = "astanatimes-2026-03-10-titr"
DESCRIPTION = "[News report on Middle Corridor cargo growth over seven years to 2025]"
URL = "https://astanatimes.com/2026/03/trans-caspian-transport-route-cargo-volumes-increase-fivefold-in-seven-years/"
ALL_SOURCES = tuple(kzfacts.sources())


def _cite(style: str) -> str:
    return kzfacts.cite(ids=[UNTITLED], style=style)


def test_the_untitled_source_is_as_the_data_holds_it() -> None:
    source = kzfacts.Package().data.sources().get(UNTITLED)
    assert source.title is None and source.title_en is None
    assert f"[{source.description}]" == DESCRIPTION and source.url == URL


def test_apa_prints_the_description_in_brackets_where_the_title_goes() -> None:
    line = _cite("apa").splitlines()[1]
    assert line == f"The Astana Times. (2026, March 10). {DESCRIPTION}. {URL}"


def test_csl_json_holds_the_bracketed_description_as_the_title() -> None:
    (_, item) = json.loads(_cite("csl-json"))
    assert item["title"] == DESCRIPTION


def test_bibtex_title_is_the_bracketed_description() -> None:
    (_, entry) = bibtexparser.parse_string(_cite("bibtex")).entries
    assert entry.fields_dict["title"].value == DESCRIPTION
    assert "titleaddon" not in entry.fields_dict


def test_ris_title_is_the_bracketed_description() -> None:
    (_, record) = rispy.loads(_cite("ris"))
    assert record["title"] == DESCRIPTION
    assert "translated_title" not in record


def test_cff_title_is_the_bracketed_description_and_the_notes_say_whose() -> None:
    (reference,) = yaml.safe_load(_cite("cff"))["references"]
    assert reference["title"] == DESCRIPTION
    assert reference["notes"] == (
        "The page shows no title; the title in square brackets is kzfacts' description of it."
    )


def test_every_untitled_source_of_the_package_is_cited_by_its_description_in_every_style() -> None:
    untitled = {s.id: f"[{s.description}]" for s in ALL_SOURCES if not s.title and not s.title_en}
    assert len(untitled) > 100 and all(d != "[None]" for d in untitled.values())
    urls = {s.id: s.url for s in ALL_SOURCES}
    bib = {e.key: e.fields_dict for e in bibtexparser.parse_string(kzfacts.cite(ALL_SOURCES)).entries}
    ris = {r["id"]: r for r in rispy.loads(kzfacts.cite(ALL_SOURCES, style="ris"))}
    csl = {i["id"]: i for i in json.loads(kzfacts.cite(ALL_SOURCES, style="csl-json"))}
    cff = {r["url"]: r for r in yaml.safe_load(kzfacts.cite(ALL_SOURCES, style="cff"))["references"]}
    to_text = LatexNodes2Text().latex_to_text
    for key, bracketed in untitled.items():
        assert to_text(bib[key]["title"].value) == bracketed, key
        assert ris[key]["title"] == csl[key]["title"] == cff[urls[key]]["title"] == bracketed, key
    for key, item in csl.items():  # every source has a title; none is its address
        assert item["title"] and item["title"] != item.get("URL"), key


def test_apa_of_the_full_bibliography_has_no_entry_without_a_title() -> None:
    """An APA entry without a title reads 'Author. (Date). https://...': none is left."""
    lines = kzfacts.cite(ALL_SOURCES, style="apa").splitlines()
    assert len(lines) == 1 + len(ALL_SOURCES)
    after_date = [re.split(r" \((?:n\.d\.|\d{4})[^)]*\)\. ", line, maxsplit=1)[1] for line in lines]
    assert len(after_date) == len(lines)
    bare = [rest for rest in after_date if rest.startswith(("http", "Retrieved"))]
    assert bare == []


def _fork_source(**changes: object) -> Source:
    fields: dict[str, object] = {
        "id": "fork-2025",
        "publisher": "Fork News",
        "url": "https://example.org/fork",
        "language": "en",
        "accessed": kzfacts.Package().data.sources().get(UNTITLED).accessed,
        "type": "news-article",
        "outlet_kind": "independent-press",
    }
    fields.update(changes)
    return Source(**fields)  # type: ignore[arg-type]


def test_a_title_wins_over_a_description() -> None:
    source = _fork_source(title="Own title", description="Our words")
    citation = Citation(package_citation(kzfacts.Package().data), (source,), selected=True)
    assert rispy.loads(render(citation, "ris"))[1]["title"] == "Own title"
    assert yaml.safe_load(render(citation, "cff"))["references"][0]["title"] == "Own title"


def test_a_fork_without_a_description_prints_no_title_but_cff_names_it_by_type_not_address() -> None:
    """CFF requires a title: a fork's source with neither title nor description (the rule warns)
    is named by its type and publisher in brackets, never by its URL."""
    citation = Citation(package_citation(kzfacts.Package().data), (_fork_source(),), selected=True)
    assert "title" not in rispy.loads(render(citation, "ris"))[1]
    assert "title" not in json.loads(render(citation, "csl-json"))[1]
    (reference,) = yaml.safe_load(render(citation, "cff"))["references"]
    assert reference["title"] == "[News article by Fork News]"
    assert "made from its type and publisher" in reference["notes"]


# --- the source-citable rule requires the description --------------------------------------------


def _found(report: Report) -> list[tuple[str | None, int | None, str | None, str]]:
    return [(p.resource, p.row, p.field, p.message) for p in report.warnings if p.rule == "source-citable"]


def _edit_sources(package_copy: Path, change: Callable[[list[list[str]]], int]) -> int:
    path = package_copy.parent / "data" / "sources.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    number = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    build.write(package_copy)
    return number


def test_the_bundled_sources_all_pass_source_citable(package_copy: Path) -> None:
    assert _found(kzfacts.validate(package_copy)) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "",
            "description is empty and the source has no title: describe the document in English "
            "(e.g. 'News report on TITR cargo in 2025'); citations print it in square brackets as the title",
        ),
        (
            URL,
            "description is an address: describe the document in words; citations print it in "
            "square brackets as the title",
        ),
        (
            "Untitled",
            "description is a placeholder ('Untitled'): describe the document in words; "
            "citations print it in square brackets as the title",
        ),
    ],
    ids=["empty", "url", "placeholder"],
)
def test_an_untitled_source_needs_a_description(package_copy: Path, value: str, message: str) -> None:
    def blank(rows: list[list[str]]) -> int:
        header = rows[0]
        key, description = header.index("id"), header.index("description")
        number = next(i for i, r in enumerate(rows) if r[key] == UNTITLED)
        rows[number][description] = value
        return number + 1

    number = _edit_sources(package_copy, blank)
    report = kzfacts.validate(package_copy)
    assert _found(report) == [("sources", number, "description", message)]
    assert report.valid and not report.passes(strict=True)
