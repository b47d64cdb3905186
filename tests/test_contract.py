"""The Table Schema is the contract: models, dtypes, version and derived fields must follow it."""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from pathlib import Path

import pandas as pd
import pytest

import kzfacts
from kzfacts import build
from kzfacts.descriptor import FieldSpec, bundled
from kzfacts.models import MODELS

PYTHON_TYPES = {"string": str, "integer": int, "number": float, "date": dt.date, "boolean": bool}
RESOURCES = ("sources", "organizations", "memberships", "events", "corridor_tonnage", "claims")


def expected_annotation(field: FieldSpec) -> object:
    if field.enum is not None:
        base: object = typing.Literal[field.enum]  # type: ignore[valid-type]
    elif field.type == "list":
        base = tuple[str, ...]
    else:
        base = PYTHON_TYPES[field.type]
    return base if field.required else base | None


def normalise(annotation: object) -> object:
    """Make ``X | None`` and ``Optional[X]`` compare equal."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return frozenset(typing.get_args(annotation))
    return annotation


def test_package_has_the_six_resources():
    assert bundled().resource_names == RESOURCES
    assert set(MODELS) == set(RESOURCES)


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
        elif field.type == "integer":
            assert dtype == "Int64", field.name
        elif field.type == "number":
            assert dtype == "float64", field.name
        elif field.type == "date":
            assert pd.api.types.is_datetime64_any_dtype(dtype), field.name
        elif field.type == "list":
            assert dtype == "object", field.name
        else:
            assert dtype == "string", field.name


def test_frame_attrs_name_version_and_resource():
    df = kzfacts.frame("corridor_tonnage")
    assert df.attrs == {"package": "kzfacts", "version": kzfacts.__version__, "resource": "corridor_tonnage"}


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


def test_descriptor_is_v2_with_required_metadata():
    raw = bundled().raw
    assert raw["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert raw["name"] == "kzfacts"
    assert raw["licenses"][0]["name"] == "CC-BY-4.0"
    for key in ("title", "description", "contributors", "keywords", "created", "sources"):
        assert raw[key], key


def test_version_is_one_semver_everywhere():
    version = bundled().version
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?", version)
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
