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
    from kzfacts.contract.locate import bundled

    text = (DOCS[0].parent / "data-dictionary.md").read_text(encoding="utf-8")
    for spec in bundled().resources:
        assert f"(`{spec.name}`)" in text
        assert f"{len(kzfacts.frame(spec.name))} rows" in text
        for field in spec.fields:
            assert f"| `{field.name}` | {field.type}" in text, (spec.name, field.name)
