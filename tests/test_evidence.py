"""Provenance on every row: a known source, a locator, and short verbatim evidence."""

from __future__ import annotations

from pathlib import Path

import kzfacts
from kzfacts.validation.rules.archive import body_paragraphs, paragraph_number

FACT_TABLES = ("organizations", "memberships", "events", "corridor_tonnage")


def evidence_rows():
    for name in FACT_TABLES:
        for record in getattr(kzfacts, name)():
            yield name, record, record.source_id, record.locator, record.evidence
            founded = getattr(record, "founded_evidence", None)
            if founded:
                yield name, record, record.founded_source_id, record.founded_locator, founded


def _rule_on(rule_class, resource: str, row: dict) -> list:
    """What one rule finds on one row (the rule pass's own code, on a row written here)."""
    from kzfacts.validation.rules.base import Context

    rule = rule_class(Context(kzfacts.Package().spec, {}))
    return rule.row(resource, 2, row) or []


def test_an_evidence_phrase_of_nine_words_is_an_error_and_eight_pass():
    """The bundled data passes evidence-length (validate --strict); the rule itself counts words:
    eight pass, nine and an empty phrase do not, whatever the delimiter splits."""
    from kzfacts.validation.rules.provenance import EvidenceLength

    base = {f: None for f in kzfacts.Package().spec.resource("events").field_names}
    assert (
        _rule_on(EvidenceLength, "events", {**base, "evidence": "one two three four five six seven eight;ok"})
        == []
    )
    nine = _rule_on(
        EvidenceLength, "events", {**base, "evidence": "ok;one two three four five six seven eight nine"}
    )
    assert nine == [
        ("events", 2, "evidence", "phrase has 9 words: 'one two three four five six seven eight nine'")
    ]
    assert _rule_on(EvidenceLength, "events", {**base, "evidence": "ok;"})[0][3] == "phrase has 0 words: ''"


def test_a_founding_date_without_its_own_source_is_an_error():
    from kzfacts.validation.rules.provenance import Provenance

    org = kzfacts.organizations().get("itu")
    row = {f: (None if getattr(org, f) is None else str(getattr(org, f))) for f in type(org).model_fields}
    row["evidence"] = ";".join(org.evidence)
    row["founded_evidence"] = ";".join(org.founded_evidence or ())
    assert _rule_on(Provenance, "organizations", row) == []
    row.update(founded_source_id=None, founded_locator=None, founded_evidence=None)
    assert _rule_on(Provenance, "organizations", row) == [
        ("organizations", 2, "founded_source_id", "founded is given without its own source")
    ]


def test_seed_has_ten_body_paragraphs_and_p7_is_line_13(shared_sources: Path):
    path = shared_sources / "000_697e2b7e9b1e5283.txt"
    paragraphs = body_paragraphs(path)
    assert len(paragraphs) == 10
    assert paragraphs[6] == path.read_text(encoding="utf-8").splitlines()[12].strip()
    assert "2.8 مليون طن" in paragraphs[6]


def test_paragraph_locators():
    assert paragraph_number("p7") == 7
    assert paragraph_number("p10") == 10
    assert paragraph_number("body") is None
    assert paragraph_number("p0") is None


def test_evidence_occurs_in_the_cited_paragraph(shared_sources: Path):
    checked = 0
    for name, record, source_id, locator, phrases in evidence_rows():
        source = kzfacts.sources().get(source_id)
        if source.archive_file is None:
            continue
        number = paragraph_number(locator)
        assert number is not None, (name, record.id, locator)
        paragraph = body_paragraphs(shared_sources / source.archive_file)[number - 1]
        for phrase in phrases:
            assert phrase in paragraph, (name, record.id, locator, phrase)
            checked += 1
    assert checked >= 20


def test_evidence_contains_the_seed_figures():
    for fig in kzfacts.corridor_tonnage().filter(source_id="masarat-2025"):
        assert any(f"{fig.value:g}" in phrase for phrase in fig.evidence), fig.id
    growth = kzfacts.corridor_tonnage().get("titr-2023-masarat")
    assert any("90%" in phrase for phrase in growth.evidence)


def test_copycheck_finds_no_source_sentence(shared_sources: Path):
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    tool = shared_sources.parent / "tools" / "copycheck.py"
    out = subprocess.run([sys.executable, str(tool), str(repo)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no source sentences repeated" in out.stdout
