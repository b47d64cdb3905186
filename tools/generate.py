"""Regenerate every derived file from the package itself: the record models, CITATION.cff and the
generated parts of docs/.

Usage: python tools/generate.py [--check]
A generated part of a page sits between ``<!-- generated:NAME -->`` and
``<!-- /generated:NAME -->``; a generated file is written whole. --check exits 1
when anything committed is stale (the tests run the same check).
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Callable
from pathlib import Path

import release_metadata
import releases_build
from docs_pages import cli_page, data_dictionary, disputes_page, performance_tables
from model_source import render as models_source

from kzfacts.evidence.quantities import RECOMMENDATION_RULE
from kzfacts.validation.report import limits_table, rules_table

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


def _bibliography() -> str:
    import kzfacts

    figures = kzfacts.quantity(2023).figures
    apa = kzfacts.cite(figures, style="apa")
    bibtex = kzfacts.cite(figures, style="bibtex")
    return f"APA:\n\n```text\n{apa}```\n\nBibTeX:\n\n```bibtex\n{bibtex}```"


RELEASES = REPO / "tools" / "releases"
"""Each released version's descriptor and data, as shipped: the base of the data changelog."""


def _data_changes() -> str:
    """For each stored release and for the working data, newest first, the diff against the release
    before it, in the diff's Markdown (without its heading)."""
    import kzfacts
    from kzfacts.diff.render import markdown

    released = sorted(RELEASES.iterdir(), key=lambda p: tuple(int(n) for n in p.name.split(".")))
    packages = [kzfacts.Package(p) for p in released] + [kzfacts.Package()]
    sections = []
    for before, after in reversed(list(itertools.pairwise(packages))):
        if after.bundled:
            name = after.version if after.version != before.version else "unreleased"
            title = f"{name}: data changes since {before.version}"
        else:
            title = f"{after.version}: data changes since {before.version}"
        body = markdown(before.diff(after)).split("\n", 2)[2]
        sections.append(f"### {title}\n\n{body.strip()}\n")
    return "\n".join(sections)


def _rewrite(path: Path, change: Callable[[list[list[str]]], list[list[str]]]) -> None:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(change(rows))


def _diff_example() -> str:
    """The Markdown diff for two real changes of this version: a corrected figure (as the previous
    release had it) and a new source with its figure, both taken out of a copy to compare with."""
    import csv
    import shutil
    import tempfile

    import kzfacts
    from kzfacts.diff.render import markdown
    from kzfacts.reading import build

    corrected, added = "titr-2025-teu-seaports-trend-ru-2026-01-17", "prime-2023-02-08-titr"
    with (RELEASES / "0.1.0" / "data" / "corridor_tonnage.csv").open(encoding="utf-8", newline="") as handle:
        previous = next(row for row in csv.reader(handle) if row[0] == corrected)
    with tempfile.TemporaryDirectory() as folder:
        before = Path(folder) / "before"
        shutil.copytree(kzfacts.package_path().parent, before)
        _rewrite(before / "data" / "sources.csv", lambda rows: [r for r in rows if r[0] != added])

        def figures(rows: list[list[str]]) -> list[list[str]]:
            cites = rows[0].index("source_id")
            return [previous if r[0] == corrected else r for r in rows if r[cites] != added]

        _rewrite(before / "data" / "corridor_tonnage.csv", figures)
        build.write(before / "datapackage.json")
        return markdown(kzfacts.Package(before).diff(kzfacts.Package())).rstrip()


GENERATORS: dict[str, tuple[str, Callable[[], str]]] = {
    "diff-example": ("diff.md", _diff_example),
    "data-changes": ("changelog.md", _data_changes),
    "bibliography": ("citing.md", _bibliography),
    "rules": ("validation.md", rules_table),
    "performance": ("performance.md", lambda: performance_tables(REPO / "benchmarks" / "results.json")),
    "limits": ("validation.md", limits_table),
    "recommendation": ("provenance.md", lambda: "```text\n" + RECOMMENDATION_RULE + "\n```"),
    "json-ld": ("index.md", release_metadata.json_ld),
}


def render(text: str, name: str, content: str) -> str:
    pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"docs: no generated:{name} markers found")
    return pattern.sub(lambda m: m.group(1) + content + "\n" + m.group(2), text)


def _citation_cff() -> str:
    import kzfacts

    return kzfacts.cite(style="cff")


def _shipped(name: str) -> Callable[[], str]:
    """A file kzfacts init writes, as the repository ships it in workflows/."""

    def make() -> str:
        import kzfacts
        from kzfacts.cli.init import templates

        return templates(kzfacts.__version__)[name]

    return make


SHIPPED = {
    "workflows/data.yml": ".github/workflows/data.yml",
    "workflows/pre-commit-config.yaml": ".pre-commit-config.yaml",
}


def _fenced_copies(text: str) -> str:
    """A docs page with every ``<!-- file: workflows/... -->`` block holding that file as shipped,
    and the ``<!-- init-output -->`` block what kzfacts init prints."""
    import kzfacts
    from kzfacts.cli.init import report

    copies = {f"file: {repo}": _shipped(name)() for repo, name in SHIPPED.items()}
    copies["init-output"] = report("my-fork", kzfacts.__version__, len(kzfacts.resource_names())) + "\n"
    for marker, content in copies.items():
        pattern = re.compile(rf"(<!-- {re.escape(marker)} -->\n```[a-z]*\n).*?(\n```\n)", re.S)
        text = pattern.sub(lambda m, new=content: m.group(1) + new.rstrip("\n") + m.group(2), text)
    return text


FILES: dict[str, Callable[[], str]] = {
    ".zenodo.json": release_metadata.zenodo,
    **{repo: _shipped(name) for repo, name in SHIPPED.items()},
    "kzfacts/models.py": models_source,
    "CITATION.cff": _citation_cff,
    "docs/data-dictionary.md": lambda: data_dictionary() + "\n",
    "docs/disputes.md": lambda: disputes_page() + "\n",
    "docs/cli.md": lambda: cli_page() + "\n",
}


def stale(write: bool) -> list[str]:
    found = []
    for file, make in FILES.items():
        path = REPO / file
        text = make()
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            found.append(file)
            if write:
                path.write_text(text, encoding="utf-8")
    for page in ("fork.md", "diff.md", "validation.md"):
        path = DOCS / page
        text = path.read_text(encoding="utf-8")
        new = _fenced_copies(text)
        if new != text:
            found.append(f"{page} (shipped files)")
            if write:
                path.write_text(new, encoding="utf-8")
    for name, (file, make) in GENERATORS.items():
        path = DOCS / file
        text = path.read_text(encoding="utf-8")
        new = render(text, name, make())
        if new != text:
            found.append(f"{file} ({name})")
            if write:
                path.write_text(new, encoding="utf-8")
    return found


def main() -> int:
    check = "--check" in sys.argv[1:]
    changed = releases_build.stale(write=not check) + stale(write=not check)
    for item in changed:
        print(("stale: " if check else "updated: ") + item)
    return 1 if check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
