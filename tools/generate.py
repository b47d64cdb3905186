"""Regenerate every derived file from the package itself: the record models, CITATION.cff and the
generated parts of docs/.

Usage: python tools/generate.py [--check]
A generated part of a page sits between ``<!-- generated:NAME -->`` and
``<!-- /generated:NAME -->``; a generated file is written whole. --check exits 1
when anything committed is stale (the tests run the same check).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from docs_pages import cli_page, data_dictionary, disputes_page
from model_source import render as models_source

from kzfacts.evidence.quantities import RECOMMENDATION_RULE
from kzfacts.validation.report import rules_table

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


def _bibliography() -> str:
    import kzfacts

    figures = kzfacts.quantity(2023).figures
    apa = kzfacts.cite(figures, style="apa")
    bibtex = kzfacts.cite(figures, style="bibtex")
    return f"APA:\n\n```text\n{apa}```\n\nBibTeX:\n\n```bibtex\n{bibtex}```"


GENERATORS: dict[str, tuple[str, Callable[[], str]]] = {
    "bibliography": ("citing.md", _bibliography),
    "rules": ("validation.md", rules_table),
    "recommendation": ("provenance.md", lambda: "```text\n" + RECOMMENDATION_RULE + "\n```"),
}


def render(text: str, name: str, content: str) -> str:
    pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"docs: no generated:{name} markers found")
    return pattern.sub(lambda m: m.group(1) + content + "\n" + m.group(2), text)


def _citation_cff() -> str:
    import kzfacts

    return kzfacts.cite(style="cff")


FILES: dict[str, Callable[[], str]] = {
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
    changed = stale(write=not check)
    for item in changed:
        print(("stale: " if check else "updated: ") + item)
    return 1 if check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
