"""Every Python example in docs/ runs and prints what the page shows."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOCS = sorted((Path(__file__).resolve().parent.parent / "docs").glob("*.md"))


@pytest.mark.parametrize("page", DOCS, ids=[p.name for p in DOCS])
def test_page_examples(page):
    result = doctest.testfile(str(page), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if ">>> " in page.read_text(encoding="utf-8"):
        assert result.attempted > 0


def test_data_dictionary_lists_every_field_of_every_resource():
    import kzfacts
    from kzfacts.schema import bundled

    text = (DOCS[0].parent / "data-dictionary.md").read_text(encoding="utf-8")
    for spec in bundled().resources:
        assert f"(`{spec.name}`)" in text
        assert f"{len(kzfacts.frame(spec.name))} rows" in text
        for field in spec.fields:
            assert f"| `{field.name}` | {field.type}" in text, (spec.name, field.name)


def test_charts_are_drawn_deterministically(tmp_path):
    import sys

    sys.path.insert(0, str(DOCS[0].parent.parent / "tools"))
    import charts

    first = [p.read_bytes() for p in charts.draw_all(tmp_path / "a")]
    second = [p.read_bytes() for p in charts.draw_all(tmp_path / "b")]
    assert first == second
    assert all(len(data) > 20_000 and data.startswith(b"\x89PNG") for data in first)


@pytest.mark.slow
def test_mkdocs_build_is_strict_clean(tmp_path):
    import subprocess
    import sys

    repo = DOCS[0].parent.parent
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert "WARNING" not in out.stderr
    api = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    assert 'id="kzfacts.package.Package.quantity"' in api
    for chart in ("corridor-cargo.png", "events-timeline.png", "memberships.png"):
        assert (tmp_path / "site" / "img" / chart).is_file()
