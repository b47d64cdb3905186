"""The Table Schema is the contract: models, dtypes, version and derived fields must follow it."""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from pathlib import Path

import pandas as pd
import pytest

import kzfacts
import kzfacts.models
from kzfacts.contract.locate import bundled
from kzfacts.contract.spec import FieldSpec
from kzfacts.contract.types import TYPES
from kzfacts.dates import PartialDate
from kzfacts.models import MODELS
from kzfacts.reading import build
from kzfacts.vocabulary import GROUPINGS

RESOURCES = bundled().resource_names
"""Every resource the descriptor declares: a new table is tested here without a line of its own."""


def expected_annotation(field: FieldSpec) -> object:
    """The Python type kzfacts.schema.TYPES names for the field (the one table every layer reads)."""
    if field.enum is not None:
        base: object = typing.Literal[field.enum]  # type: ignore[valid-type]
    else:
        base = eval(field.types.python, {"dt": dt, "PartialDate": PartialDate})
    return base if field.required else base | None


def normalise(annotation: object) -> object:
    """Make ``X | None`` and ``Optional[X]`` compare equal."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return frozenset(typing.get_args(annotation))
    return annotation


def test_every_resource_has_its_generated_model():
    assert set(MODELS) == set(RESOURCES)
    assert {"sources", "corridor_tonnage", "memberships", "events", "organizations"} <= set(RESOURCES)


@pytest.mark.parametrize("name", RESOURCES)
def test_model_fields_match_schema(name):
    spec = bundled().resource(name)
    model = MODELS[name]
    assert tuple(model.model_fields) == spec.field_names
    for field in spec.fields:
        info = model.model_fields[field.name]
        assert normalise(info.annotation) == normalise(expected_annotation(field)), field.name
        assert info.is_required() == field.required, field.name


@pytest.mark.parametrize("name", RESOURCES)
def test_frame_dtypes_follow_schema(name):
    spec = bundled().resource(name)
    df = kzfacts.frame(name)
    assert tuple(df.columns) == spec.field_names
    for field in spec.fields:
        dtype = df[field.name].dtype
        if field.enum is not None:
            assert isinstance(dtype, pd.CategoricalDtype), field.name
            assert tuple(dtype.categories) == field.enum, field.name
        else:
            assert dtype == TYPES[field.kind].pandas, field.name


def test_frame_attrs_name_version_and_resource():
    df = kzfacts.frame("corridor_tonnage")
    assert df.attrs == {
        "package": "kzfacts",
        "version": kzfacts.__version__,
        "resource": "corridor_tonnage",
        "path": str(kzfacts.package_path()),
    }


def test_partial_dates_are_typed_in_records_and_lower_bounds_in_frames():
    event = kzfacts.events().get("aif")
    assert event.start_date == PartialDate(2023) and event.start_precision == "year"
    assert (event.start_date.lower, event.start_date.upper) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    spell = kzfacts.memberships().get("kaz-ifas-chair-2024")
    assert str(spell.end_date) == "2026" and spell.end_date.upper == dt.date(2026, 12, 31)
    df = kzfacts.frame("events").set_index("id")
    assert df.loc["aif", "start_date"] == pd.Timestamp("2023-01-01")
    assert df.loc["aif", "start_precision"] == "year"


def test_every_enum_value_in_logic_has_a_grouping():
    """A new status, stance or role must be placed in kzfacts.vocabulary, or quantities/disputes/
    membership queries would silently drop it."""
    for (resource, name, grouping_name), grouping in GROUPINGS.items():
        assert set(grouping) == set(bundled().resource(resource).field(name).enum or ()), grouping_name


def test_a_type_outside_the_type_table_is_refused_by_name(package_copy):
    """Every reader maps a field through TYPES: a descriptor with a type it lacks is refused when
    parsed, naming the field and the types kzfacts reads (the bundled one parses, so every type it
    uses is in the table)."""
    from kzfacts.contract.spec import load
    from kzfacts.errors import DescriptorError

    assert {f.kind for spec in bundled().resources for f in spec.fields} <= set(TYPES)
    raw = json.loads(package_copy.read_text(encoding="utf-8"))
    raw["resources"][3]["schema"]["fields"][1]["type"] = "geopoint"
    package_copy.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(
        DescriptorError, match=r"resource 'events': field 'name_en' has type 'geopoint'; kzfacts reads "
    ):
        load(package_copy)


def test_every_field_is_described_and_typed():
    raw = bundled().raw
    for resource in raw["resources"]:
        assert resource["schema"]["primaryKey"], resource["name"]
        for field in resource["schema"]["fields"]:
            assert field.get("description"), (resource["name"], field["name"])
            assert field.get("type"), (resource["name"], field["name"])
            if "categories" in field:
                assert field["constraints"]["enum"] == field["categories"], field["name"]


def test_fact_tables_link_to_sources_and_memberships_to_organizations():
    for name in ("organizations", "memberships", "events", "corridor_tonnage", "claims"):
        targets = {fk.resource for fk in bundled().resource(name).foreign_keys}
        assert "sources" in targets, name
    targets = {fk.resource for fk in bundled().resource("memberships").foreign_keys}
    assert "organizations" in targets


def test_a_fork_must_keep_the_v2_profile_and_its_own_metadata_types(package_copy):
    """The contract holds a fork to Data Package v2 and to the metadata's types; the bundled
    descriptor itself has every property a citation uses."""
    raw = bundled().raw
    assert raw["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert bundled().meta.license is not None and bundled().meta.license.name == "CC-BY-4.0"
    fork = json.loads(package_copy.read_text(encoding="utf-8"))
    fork["$schema"] = "https://specs.frictionlessdata.io/schemas/data-package.json"
    fork["keywords"] = "not a list"
    package_copy.write_text(json.dumps(fork), encoding="utf-8")
    report = kzfacts.validate(package_copy)
    assert [(p.rule, p.message) for p in report.problems] == [
        ("package-metadata", "package property 'keywords' must be a list of plain-text keywords"),
        (
            "schema-contract",
            '$schema is "https://specs.frictionlessdata.io/schemas/data-package.json"; '
            'kzfacts has "https://datapackage.org/profiles/2.0/datapackage.json"',
        ),
    ]


def test_version_is_one_semver_everywhere():
    from kzfacts.contract.meta import VERSION

    version = bundled().version
    assert VERSION.fullmatch(version)
    assert kzfacts.__version__ == version


def test_committed_descriptor_is_not_stale(descriptor_path: Path):
    """After editing data files run: kzfacts build datapackage"""
    assert build.stale_resources(descriptor_path) == []
    assert build.render(descriptor_path) == descriptor_path.read_text(encoding="utf-8")


def test_build_is_deterministic_and_detects_an_edit(package_copy: Path):
    first = build.render(package_copy)
    assert build.render(package_copy) == first
    data = package_copy.parent / "data" / "events.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("Astana process", "Astana Process"), "utf-8")
    assert build.stale_resources(package_copy) == ["events"]
    assert build.write(package_copy) is True
    assert build.stale_resources(package_copy) == []
    assert build.write(package_copy) is False
    rebuilt = json.loads(package_copy.read_text(encoding="utf-8"))
    assert rebuilt["resources"][3]["bytes"] == data.stat().st_size
