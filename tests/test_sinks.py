"""Output a hostile fork cannot take over: a corpus of forks that each pass ``validate --strict``,
carrying what an attacker would put where a fork may write freely (cells, titles, names, URLs),
checked through each sink's own parser: bibtexparser for BibTeX, rispy for RIS, YAML for CFF,
markdown-it-py (HTML enabled, as GitHub's renderer resembles) for the diff's Markdown, the lines of
every command's text, Datasette's metadata, and what a spreadsheet opens."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kzfacts
from kzfacts.reading import build

BUNDLED = kzfacts.package_path().parent
BIB_ESCAPE = "https://example.org/}, note = {\\input{/etc/passwd}"
MARKUP = (
    '<!-- hidden --> <details><summary>x</summary> <img src=x onerror=alert(1)> <a href="javascript:x">a</a>'
)
MENTIONS = "ping @someone and @kzfacts/maintainers, see [here](javascript:alert(1))"
TICKS = "a `tick` and ``two`` and ```three"
WIDE = "Wide " + "x" * 90_000
FORMULA_SPACES = " " * 64 + '=HYPERLINK("http://evil","click")'
FORMULA_NBSP = "\u00a0" * 70 + "=1+1"
COMMAND = "::error::forged"


def _rows(folder: Path, name: str) -> list[list[str]]:
    with (folder / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(folder: Path, name: str, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (folder / "data" / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8")


def _set(folder: Path, name: str, key: str, field: str, value: str) -> None:
    rows = _rows(folder, name)
    row = next(r for r in rows if r[0] == key)
    row[rows[0].index(field)] = value
    _write(folder, name, rows)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled package, and a fork of it carrying the corpus: it passes validate --strict."""
    folder = tmp_path_factory.mktemp("hostile") / "fork"
    shutil.copytree(BUNDLED, folder)
    _set(folder, "sources", "masarat-2025", "url", BIB_ESCAPE)
    _set(folder, "sources", "masarat-2025", "publisher", COMMAND + " Masarat")
    _set(folder, "sources", "masarat-2025", "note", MARKUP + " " + MENTIONS)
    _set(folder, "corridor_tonnage", "titr-2023-masarat", "note", TICKS + " " + FORMULA_SPACES)
    _set(folder, "events", "aif-2025", "note", FORMULA_NBSP)
    _set(folder, "events", "aif-2025", "name_en", WIDE)
    raw = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    raw["title"] = "kzfacts}, note = {\\input{/etc/passwd}} " + MENTIONS
    raw["homepage"] = "https://example.org/x},note={y}"
    raw["contributors"] = [{"title": "Injected Author}, author = {Someone Else", "roles": ["creator"]}]
    (folder / "datapackage.json").write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
    build.write(folder / "datapackage.json")
    report = kzfacts.validate(folder)
    assert report.passes(strict=True), [(p.rule, p.message) for p in report.errors + report.warnings]
    return BUNDLED, folder


def _cite(folder: Path, style: str) -> str:
    package = kzfacts.Package(folder)
    return package.cite(package.frame("corridor_tonnage"), style=style)


def test_bibtex_holds_only_kzfacts_fields(hostile):
    import bibtexparser

    text = _cite(hostile[1], "bibtex")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    fields = {f.key for entry in library.entries for f in entry.fields}
    assert fields <= {"title", "titleaddon", "author", "organization", "howpublished", "year", "date"} | {
        "version", "url", "urldate", "language", "note"
    }  # fmt: skip
    (package,) = [e for e in library.entries if e.key == "kzfacts"]
    assert [f.key for f in package.fields].count("note") == 1
    masarat = next(e for e in library.entries if e.key == "masarat-2025")
    assert (
        masarat.fields_dict["url"].value
        == "https://example.org/%7D,%20note%20=%20%7B%5Cinput%7B/etc/passwd%7D"
    )
    assert "\\input" not in text.replace("{\\textbackslash}input", "")


def test_ris_counts_the_true_records(hostile):
    import rispy

    text = _cite(hostile[1], "ris")
    records = rispy.loads(text)
    package = kzfacts.Package(hostile[1])
    sources = package.cite(package.frame("corridor_tonnage"), style="csl-json")
    assert len(records) == len(json.loads(sources))
    assert all(line == "" or re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in text.splitlines())


def test_ris_and_cff_encoders_flatten_a_line_break_whatever_passed_validation():
    """The contract refuses a line break in the package's title; the encoders would not let it
    through either (one encoder per sink, whatever reaches it)."""
    import rispy
    import yaml

    from kzfacts.citation.model import Citation
    from kzfacts.citation.selection import package_citation
    from kzfacts.citation.styles import STYLES

    real = package_citation(kzfacts.Package().data)
    forged = Citation(
        type(real)(**{**real.__dict__, "title": "T\nER  - \nTY  - JOUR\nTI  - FORGED RIS RECORD"}), ()
    )
    assert len(rispy.loads(STYLES["ris"](forged))) == 1
    assert "FORGED" in yaml.safe_load(STYLES["cff"](forged))["title"]
    assert "\n" not in STYLES["apa"](forged).strip()


def _markdown_tokens(text: str) -> list:
    from markdown_it import MarkdownIt

    flat = []
    for token in MarkdownIt("commonmark", {"html": True}).enable("table").parse(text):
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def test_the_diffs_markdown_keeps_no_tag_comment_link_or_mention_of_the_data(hostile):
    from kzfacts.diff.render import markdown

    found = kzfacts.Package(hostile[0]).diff(kzfacts.Package(hostile[1]))
    text = markdown(found)
    tokens = _markdown_tokens(text)
    html = [t.content for t in tokens if t.type in ("html_inline", "html_block")]
    assert all(
        tag in ("<details>", "<summary>", "</summary>", "</details>")
        or tag.startswith(("<details>", "<summary>", "</"))
        for tag in html
    )
    assert not [c for c in html if "<!--" in c or "<img" in c or "javascript" in c]
    assert not [t for t in tokens if t.type in ("link_open", "image")]
    assert not [t.content for t in tokens if t.type == "text" and re.search(r"@\w", t.content)]
    assert any(t.type == "code_inline" and TICKS in t.content for t in tokens)
    assert len(text) < 65_536 and max(len(line) for line in text.splitlines()) < 2_000


def test_the_diff_is_bounded_for_a_github_comment(hostile):
    """A change to every one of 2,000 records of a huge value still fits one GitHub comment."""
    from kzfacts.diff.render import markdown, text

    found = kzfacts.Package(hostile[0]).diff(kzfacts.Package(hostile[1]))
    for render in (text, markdown):
        out = render(found)
        assert len(out) < 65_536
    folder = hostile[1].parent / "wide"
    shutil.copytree(hostile[1], folder)
    rows = _rows(folder, "claims")
    rows += [[f"c-wide-{i}", *rows[1][1:]] for i in range(2_000)]
    _write(folder, "claims", rows)
    build.write(folder / "datapackage.json")
    wide = kzfacts.Package(hostile[0]).diff(kzfacts.Package(folder))
    for render in (text, markdown):
        out = render(wide)
        assert len(out) < 65_536 and "... and 1950 more" in out


def test_a_diff_longer_than_a_comment_is_cut_and_says_where_the_rest_is():
    from kzfacts.diff.lines import MAX_CHARS, fitted

    kept = fitted(["x" * 999] * 100)
    assert sum(len(line) + 1 for line in kept) < MAX_CHARS
    assert kept[-1] == (
        f"... output cut at {MAX_CHARS:,} characters: {100 - len(kept) + 1} more lines; "
        "see all of it with: kzfacts diff OLD NEW --format json"
    )


def _lines(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "kzfacts", *args], capture_output=True, timeout=120, check=False
    )
    return (done.stdout + done.stderr).decode("utf-8", "replace").splitlines()


def test_no_line_of_any_command_starts_a_workflow_command_or_holds_an_escape(hostile):
    old, new = hostile
    outputs = {
        "diff": _lines("diff", str(old), str(new)),
        "diff-md": _lines("diff", str(old), str(new), "--format", "markdown"),
        "info": _lines("info", "--package", str(new)),
        "show": _lines("show", "sources", "--package", str(new), "--columns", "publisher,url"),
        "show-csv": _lines(
            "show", "sources", "--package", str(new), "--format", "csv", "--columns", "publisher"
        ),
        "validate": _lines("validate", str(new), "--format", "github"),
    }
    for style in ("bibtex", "ris", "apa", "cff", "csl-json"):
        outputs[f"cite-{style}"] = _lines(
            "cite", "--package", str(new), "--format", style, "--ids", "titr-2023-masarat"
        )
    for name, lines in outputs.items():
        assert lines, name
        assert not [
            line
            for line in lines
            if line.startswith("::") and not line.startswith(("::notice", "::warning", "::error file="))
        ], name
        assert not [line for line in lines if "\x1b" in line], name
    assert any(line.startswith("\\x3a:error::forged") for line in outputs["show"])


def test_datasette_links_are_http_only():
    from kzfacts.exports.bundle import About, Bundle
    from kzfacts.exports.sqlite import _datasette_metadata

    real = kzfacts.Package().data
    from kzfacts.exports.bundle import bundle

    base = bundle(real)
    about = About(
        **{**base.about.__dict__, "homepage": "javascript:alert(1)", "license_url": "data:text/html,x"}
    )
    metadata = _datasette_metadata(Bundle(base.package, base.rows, about))
    assert "source_url" not in metadata and "license_url" not in metadata
    assert _datasette_metadata(base)["source_url"] == "https://github.com/kzfacts/kzfacts"


@pytest.mark.parametrize("padding", [" " * 64, "\u00a0" * 70, " " * 5000, "\u200b\u3000\t"])
def test_no_formula_reaches_a_spreadsheet_at_any_padding(padding):
    from kzfacts.exports.bundle import neutralise

    assert neutralise(padding + "=HYPERLINK(1)").startswith("'")
    assert neutralise(padding + "plain text") == padding + "plain text"


def test_the_hostile_fork_exports_inert(hostile, tmp_path):
    fork = kzfacts.Package(hostile[1])
    out = fork.export(tmp_path / "csv", "csv")
    notes = {
        row["id"]: row["note"]
        for row in csv.DictReader(io.StringIO((tmp_path / "csv" / "events.csv").read_text("utf-8-sig")))
    }
    assert notes["aif-2025"] == "'" + FORMULA_NBSP and out


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\ud800b", "a\\ud800b"),  # a lone surrogate, which no encoder writes
        ("\x1b[2J::error::x\u202e", "\\x1b[2J::error::x\\u202e"),
        ("one\ntwo\tthree\r", "one\\ntwo\\tthree\\r"),
        ("الممر الأوسط \u00e9\u00a0", "الممر الأوسط \u00e9\u00a0"),  # scripts and no-break space stay
    ],
)
def test_printable_escapes_what_moves_the_cursor_and_keeps_scripts(text, shown):
    from kzfacts.printable import printable

    assert printable(text) == shown
