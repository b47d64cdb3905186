"""Regenerate the generated parts of docs/ from the package itself.

Usage: python tools/gen_docs.py [--check]
Each generated part sits between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->``;
--check exits 1 when a committed part is stale (tests run the same check).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from kzfacts.consensus import RECOMMENDATION_RULE
from kzfacts.reporting import rules_table

DOCS = Path(__file__).resolve().parent.parent / "docs"
GENERATORS: dict[str, tuple[str, Callable[[], str]]] = {
    "rules": ("validation.md", rules_table),
    "recommendation": ("provenance.md", lambda: "```text\n" + RECOMMENDATION_RULE + "\n```"),
}


def render(text: str, name: str, content: str) -> str:
    pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"docs: no generated:{name} markers found")
    return pattern.sub(lambda m: m.group(1) + content + "\n" + m.group(2), text)


def stale(write: bool) -> list[str]:
    found = []
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
