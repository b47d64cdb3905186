"""APA ordered and disambiguated as APA 7 orders it and citeproc-js (Zotero's engine) renders it:
by author, n.d. before dated works, then date and title; a, b, ... after the year of works cited
alike. Held to a rendering of the full bibliography by citeproc-js kept as a fixture
(tests/fixtures/, made by tools/citeproc_fixture.py)."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

import kzfacts
from kzfacts.citation.collation import sort_key
from kzfacts.citation.order import apa_order, initials
from kzfacts.citation.styles.apa import entries, typeset

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CITED_AS = re.compile(r"(.*?\((?:n\.d\.(?:-[a-z]+)?|\d{4}[a-z]*(?:, [^)]*)?)\))\. ")
"""An entry's author and date, as the text cites it: ``Trend News Agency. (n.d.-a)``."""


def cited_as(line: str) -> str:
    found = CITED_AS.match(line)
    assert found, line
    return found.group(1)


def _fixture() -> tuple[list[dict[str, Any]], list[str]]:
    items = json.loads((FIXTURES / "apa-citeproc-js.json").read_text(encoding="utf-8"))["items"]
    rendered = (FIXTURES / "apa-citeproc-js.txt").read_text(encoding="utf-8").splitlines()
    return items, rendered


def _site_case_only(ours: str, theirs: str) -> bool:
    """True when the lines differ only where citeproc-js capitalises a word of a site's name after a
    period or a parenthesis (``Caliber.Az`` for the outlet ``Caliber.az``), as its APA style
    title-cases a container title."""
    return len(ours) == len(theirs) and all(
        a == b or (a.islower() and b == a.upper() and index > 0 and ours[index - 1] in ".(")
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True))
    )


def _compare(ours: list[str], theirs: list[str]) -> None:
    assert len(ours) == len(theirs)
    assert [cited_as(line) for line in ours] == [cited_as(line) for line in theirs]
    different = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    assert [pair for pair in different if not _site_case_only(*pair)] == []


# --- the full bibliography, against citeproc-js --------------------------------------------------


def test_the_fixture_is_a_full_bibliography_rendered_entry_for_entry() -> None:
    items, rendered = _fixture()
    assert len(items) == len(rendered) > 300
    assert items[0]["id"] == "kzfacts" and len({i["id"] for i in items}) == len(items)
    assert sum(1 for line in rendered if re.search(r"\((?:\d{4}[a-z]|n\.d\.-[a-z])", line)) > 50


def test_apa_orders_and_suffixes_the_full_bibliography_as_citeproc_js_does() -> None:
    items, theirs = _fixture()
    ours = entries(items)
    assert [cited_as(line) for line in ours] == [cited_as(line) for line in theirs]


def test_apa_text_of_the_full_bibliography_is_citeproc_js_but_for_site_names() -> None:
    """Every entry is the same text, but where citeproc-js title-cases a site's name (kzfacts prints
    the outlet's name as written: Caliber.az)."""
    items, theirs = _fixture()
    ours = entries(items)
    _compare(ours, theirs)
    assert sum(a == b for a, b in zip(ours, theirs, strict=True)) > len(ours) - 10


def test_the_package_entry_sits_under_its_author_as_citeproc_js_puts_it() -> None:
    items, theirs = _fixture()
    ours = entries(items)
    (index,) = [i for i, line in enumerate(ours) if line.startswith("kzfacts maintainers. (2026).")]
    assert theirs[index].startswith("kzfacts maintainers. (2026).")
    assert sort_key(cited_as(ours[index - 1])) < sort_key("kzfacts") < sort_key(cited_as(ours[index + 1]))


@pytest.mark.network
@pytest.mark.skipif(shutil.which("node") is None or shutil.which("npm") is None, reason="needs Node and npm")
def test_apa_of_the_current_data_is_what_citeproc_js_renders(tmp_path: Path) -> None:
    """The same comparison on today's data: installs citeproc-js from npm, as the fixture's script does."""
    sys.path.insert(0, str(REPO / "tools"))
    import citeproc_fixture

    items = citeproc_fixture.full_bibliography()
    theirs = citeproc_fixture.render(items, citeproc_fixture.install(tmp_path))
    _compare(kzfacts.cite(kzfacts.sources(), style="apa").splitlines(), theirs)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")
def test_the_letter_order_is_the_one_node_sorts_by() -> None:
    """kzfacts/citation/collation.py holds ICU's order of letters as Node's Intl gives it."""
    sys.path.insert(0, str(REPO / "tools"))
    import citeproc_fixture

    from kzfacts.citation import collation

    found = citeproc_fixture.letters()
    assert "".join(collation._LETTERS).split() == found["groups"]
    assert found["expansions"] == collation._EXPANSIONS


# --- the rules, on small bibliographies (each checked against citeproc-js when written) ----------


def _item(key: str, author: dict[str, str], issued: list[int] | None = None, **more: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": "webpage", "title": key.upper(), "author": [author], **more}
    if issued:
        item["issued"] = {"date-parts": [issued]}
    return item


def _placed(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(item["id"], suffix) for item, suffix in apa_order(items)]


def test_same_author_and_year_get_letters_in_date_order_and_undated_come_first() -> None:
    outlet = {"literal": "Trend News Agency"}
    items = [
        _item("t-may", outlet, [2024, 5, 27]),
        _item("t-nd-z", outlet, title="[Zeta]"),
        _item("t-jan", outlet, [2024, 1, 4]),
        _item("t-nd-a", outlet, title="[Alpha]"),
        _item("t-2023", outlet, [2023, 12, 1]),
        _item("t-2024", outlet, [2024]),
    ]
    assert _placed(items) == [
        ("t-nd-a", "a"),
        ("t-nd-z", "b"),
        ("t-2023", ""),
        ("t-2024", "a"),  # a year alone sorts before the days of that year
        ("t-jan", "b"),
        ("t-may", "c"),
    ]
    lines = entries(items)
    assert lines[0].startswith("Trend News Agency. (n.d.-a). [Alpha].")
    assert lines[3].startswith("Trend News Agency. (2024a).")
    assert lines[5].startswith("Trend News Agency. (2024c, May 27).")


def test_persons_told_apart_by_their_initials_need_no_letter() -> None:
    items = [
        _item("john", {"family": "Smith", "given": "John"}, [2020]),
        _item("karl", {"family": "Smith", "given": "Karl"}, [2020]),
        _item("jane", {"family": "Smith", "given": "Jane"}, [2020]),
    ]
    assert _placed(items) == [("jane", "a"), ("john", "b"), ("karl", "")]  # J. Smith twice: by title


def test_authors_are_compared_word_by_word_as_written() -> None:
    items = [
        _item("the", {"literal": "The Astana Times"}),
        _item("aa", {"literal": "AA"}),
        _item("anews", {"literal": "A News"}),
        _item("ar", {"literal": "الجزيرة نت"}),
        _item("ru", {"literal": "Ритм Евразии"}),
        _item("tr", {"literal": "Türkiye Today"}),
        _item("tu", {"literal": "Turan"}),
    ]
    assert [key for key, _ in _placed(items)] == ["anews", "aa", "the", "tu", "tr", "ru", "ar"]


def test_after_z_the_letters_go_on_as_aa_ab() -> None:
    items = [_item(f"z{n}", {"literal": "Zed"}) for n in range(28)]
    placed = _placed(items)
    assert [key for key, _ in placed][8:12] == ["z8", "z9", "z10", "z11"]  # Z9 before Z10
    assert [suffix for _, suffix in placed][24:] == ["y", "z", "aa", "ab"]


def test_text_is_compared_as_citeproc_js_compares_it() -> None:
    assert sort_key("Türkiye") == sort_key("TURKIYE")
    assert sort_key("Straße") == sort_key("strasse")
    assert sort_key("Z9") < sort_key("Z10") < sort_key("Za")
    assert sort_key("A|News") < sort_key("AA")  # a word's end comes before any letter
    assert sort_key("Adilet (adilet.zan.kz)") == sort_key("adilet adiletzankz")
    assert sort_key("Zond") < sort_key("Минтранспорта") < sort_key("القاهرة")
    assert sort_key("Иван") < sort_key("Йога")  # й is a letter of its own, after и
    assert sort_key("ا") < sort_key("ب") and sort_key("أ") != sort_key("ا")


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("Ulviyya", "U."),
        ("Jean-Pierre", "J.-P."),
        ("Gh.A.", "Gh. A."),
        ("Mary Ann", "M. A."),
        ("ibn Ali", "ibn A."),
    ],
)
def test_initials_are_written_as_citeproc_js_writes_them(given: str, written: str) -> None:
    assert initials(given) == written


def test_quotes_and_apostrophes_are_set_as_print_sets_them() -> None:
    assert typeset("'Differences' Remain") == "\u201cDifferences\u201d Remain"
    assert typeset('"Astana 10 talks" in Sochi') == "\u201cAstana 10 talks\u201d in Sochi"
    assert typeset("European Shippers' Council and Kazakhstan's share") == (
        "European Shippers\u2019 Council and Kazakhstan\u2019s share"
    )
    line = kzfacts.cite(ids=["masarat-2025"], style="apa").splitlines()[0]
    assert "Kazakhstan\u2019s middle-power diplomacy" in line and line.endswith(
        "https://github.com/kzfacts/kzfacts"
    )
