"""The typed accessors: collections, lookups, filtering, navigation and clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

import kzfacts
from kzfacts.errors import DataFileError, InvalidArgumentError, KzfactsError
from kzfacts.models import Event, Membership, Organization, Source, TonnageFigure


def test_each_accessor_returns_its_model():
    for accessor, model in [
        (kzfacts.sources, Source),
        (kzfacts.organizations, Organization),
        (kzfacts.memberships, Membership),
        (kzfacts.events, Event),
        (kzfacts.corridor_tonnage, TonnageFigure),
    ]:
        table = accessor()
        assert len(table) > 0
        assert all(isinstance(r, model) for r in table)
        assert table[0] is next(iter(table))
        assert table[-1].id == table.ids[-1]


def test_records_are_frozen():
    fig = kzfacts.corridor_tonnage()[0]
    with pytest.raises(pydantic.ValidationError):
        fig.value = 99.0  # type: ignore[misc]


def test_accessors_return_the_same_loaded_table():
    assert kzfacts.events() is kzfacts.events()


def test_get_unknown_id_is_a_keyerror_with_a_hint():
    with pytest.raises(KeyError) as info:
        kzfacts.events().get("aif-2026")
    assert (
        str(info.value) == "no record with id 'aif-2026' in events; similar ids: aif-2025, aif-2024, aif-2023"
    )


def test_filter_by_values_sets_and_predicate():
    figs = kzfacts.corridor_tonnage().filter(source_id="masarat-2025")
    assert figs.filter(status="forecast").ids == ("titr-2024-forecast-masarat",)
    both = figs.filter(status={"forecast", "partial-period-actual"})
    assert set(both.ids) == {"titr-2024-forecast-masarat", "titr-2024-9m-masarat"}
    big = figs.filter(lambda f: f.value > 3, unit="Mt")
    assert set(big.ids) == {"titr-2024-forecast-masarat", "titr-2024-9m-masarat"}


def test_filter_on_unknown_field_is_an_error():
    with pytest.raises(KzfactsError, match="corridor_tonnage has no field colour"):
        kzfacts.corridor_tonnage().filter(colour="red")


def test_slicing_returns_a_table():
    part = kzfacts.sources()[:2]
    assert len(part) == 2
    assert part.resource == "sources"


def test_to_pandas_keeps_only_the_filtered_rows():
    df = kzfacts.memberships().filter(role="chair", organization_id={"ifas", "iofs"}).to_pandas()
    assert set(df["id"]) == {
        "kaz-ifas-chair-1993",
        "kaz-ifas-chair-2009",
        "kaz-ifas-chair-2024",
        "kaz-iofs-ga-chair-2016",
    }
    assert df.attrs["resource"] == "memberships"


def test_membership_resolves_its_organisation_and_source():
    spell = kzfacts.memberships().get("kaz-ifas-chair-2024")
    org = kzfacts.organization_of(spell)
    assert org.acronym == "IFAS"
    assert [s.publisher for s in kzfacts.sources_of(spell)] == ["The Astana Times"]


def test_organisation_resolves_both_of_its_sources():
    sco = kzfacts.organizations().get("sco")
    assert [s.id for s in kzfacts.sources_of(sco)] == ["masarat-2025", "astanatimes-2024-sco-explainer"]
    assert kzfacts.resolve(sco, "founded_source_id").id == "astanatimes-2024-sco-explainer"
    unsc = kzfacts.organizations().get("unsc")
    assert kzfacts.resolve(unsc.model_copy(update={"founded_source_id": None}), "founded_source_id") is None


def test_every_record_resolves_its_sources():
    for name in ("organizations", "memberships", "events", "corridor_tonnage"):
        for record in getattr(kzfacts, name)():
            assert kzfacts.sources_of(record), (name, record.id)


def test_resolve_rejects_a_field_that_is_not_a_foreign_key():
    with pytest.raises(KzfactsError, match=r"events\.name_en is not a foreign key"):
        kzfacts.resolve(kzfacts.events()[0], "name_en")


def test_unknown_frame_name_lists_the_valid_ones():
    with pytest.raises(KeyError) as info:
        kzfacts.frame("tonnage")
    assert "valid names: sources, organizations, memberships, events, corridor_tonnage" in str(info.value)


def test_frame_values():
    df = kzfacts.frame("corridor_tonnage").set_index("id")
    assert df.loc["titr-2024-9m-masarat", "value"] == 3.4
    assert str(df.loc["titr-2024-9m-masarat", "period_end"].date()) == "2024-09-30"
    assert df.loc["titr-2023-masarat", "status"] == "actual"


def test_package_path_points_at_the_descriptor():
    path = kzfacts.package_path()
    assert path.name == "datapackage.json"
    assert (path.parent / "data" / "corridor_tonnage.csv").is_file()


def test_import_loads_no_heavy_library():
    code = (
        "import sys, kzfacts; "
        "print(sorted(m for m in ('pandas', 'pyarrow', 'frictionless', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_typed_access_does_not_load_pandas():
    code = (
        "import sys, kzfacts; kzfacts.corridor_tonnage(); kzfacts.memberships().get('kaz-un-member'); "
        "print(sorted(m for m in ('pandas', 'frictionless') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _break(package_copy: Path, name: str, old: str, new: str) -> kzfacts.Package:
    path = package_copy.parent / "data" / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return kzfacts.Package(package_copy)


def test_corrupt_number_names_file_row_and_field(package_copy):
    pkg = _break(package_copy, "corridor_tonnage", ",3.4,", ",3,4,")
    with pytest.raises(DataFileError, match=r"data/corridor_tonnage.csv, row 3: row has 19 cells"):
        pkg.table("corridor_tonnage")
    pkg = _break(package_copy, "corridor_tonnage", ",3,4,", ",three,")
    with pytest.raises(DataFileError) as info:
        pkg.table("corridor_tonnage")
    assert (info.value.path, info.value.row, info.value.field) == ("data/corridor_tonnage.csv", 3, "value")
    assert "'three' is not a finite number" in str(info.value)
    assert f"check the whole package with: kzfacts validate {package_copy.parent}" in str(info.value)


def test_bad_enum_value_is_reported_in_records_and_frames(package_copy):
    pkg = _break(package_copy, "corridor_tonnage", ",forecast,", ",guess,")
    with pytest.raises(DataFileError) as info:
        pkg.table("corridor_tonnage")
    assert (info.value.row, info.value.field) == (4, "status")
    with pytest.raises(
        DataFileError, match=r"corridor_tonnage.csv, row 4, field 'status': 'guess' is not one"
    ):
        pkg.frame("corridor_tonnage")


def test_renamed_column_is_reported_with_the_expected_header(package_copy):
    pkg = _break(package_copy, "events", "participant_count,", "participants_count,")
    with pytest.raises(
        DataFileError, match=r"row 1: header does not match the schema \(missing: 'participant_count'"
    ):
        pkg.table("events")


def test_non_utf8_file_is_reported(package_copy):
    path = package_copy.parent / "data" / "sources.csv"
    path.write_bytes(path.read_bytes() + "x,\u00e9\n".encode("latin-1"))
    with pytest.raises(DataFileError, match="not valid UTF-8"):
        kzfacts.Package(package_copy).sources()


def test_no_submodule_shadows_a_public_function():
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(kzfacts.__path__):
        if module.name not in ("__main__",):
            importlib.import_module(f"kzfacts.{module.name}")
    for name in kzfacts.__all__:
        if name != "__version__":
            assert callable(getattr(kzfacts, name)), name


def test_frame_checks_a_rebuilt_file_value_by_value(package_copy):
    """A matching sha256 only says the file was rebuilt, not that it is valid."""
    from kzfacts.reading import build

    _break(package_copy, "corridor_tonnage", "2023-01-01,2023-12-31,actual", "2023-02-30,2023-12-31,actual")
    build.write(package_copy)
    with pytest.raises(
        DataFileError,
        match=r"corridor_tonnage.csv, row 2, field 'period_start': '2023-02-30' is not a calendar date",
    ):
        kzfacts.Package(package_copy).frame("corridor_tonnage")
    _break(package_copy, "events", "participant_count,", "participants_count,")
    build.write(package_copy)
    with pytest.raises(DataFileError, match="row 1: header does not match the schema"):
        kzfacts.Package(package_copy).frame("events")


def test_frame_refuses_a_bom_like_every_other_reader(package_copy):
    """With a BOM and the hash rebuilt, records, frames, show and validate all refuse the file."""
    from kzfacts.cli.render import rows
    from kzfacts.reading import build

    path = package_copy.parent / "data" / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    build.write(package_copy)
    pkg = kzfacts.Package(package_copy)
    for read in (lambda: pkg.frame("events"), lambda: pkg.events(), lambda: rows(pkg, "events")):
        with pytest.raises(DataFileError, match=r"events.csv, row 1: the file starts with a byte-order mark"):
            read()
    assert "byte-order-mark" in pkg.validate().counts()


def test_filter_refuses_a_value_outside_the_enum():
    with pytest.raises(
        InvalidArgumentError, match=r"corridor_tonnage.status is never 'actuals'; its values: actual,"
    ):
        kzfacts.corridor_tonnage().filter(status="actuals")
    with pytest.raises(InvalidArgumentError, match="is never 'guess'"):
        kzfacts.corridor_tonnage().filter(status={"actual", "guess"})


def test_filter_takes_dates_as_text():
    spells = kzfacts.memberships().filter(start_date="2024-01-01")
    assert "kaz-ifas-chair-2024" in spells.ids
    figures = kzfacts.corridor_tonnage().filter(period_end="2024-09-30", source_id="masarat-2025")
    assert figures.ids == ("titr-2024-9m-masarat",)


def test_get_with_a_default_returns_it():
    assert kzfacts.events().get("aif-2026", None) is None
    assert kzfacts.events().get("aif-2025", None).id == "aif-2025"


def test_filter_on_an_empty_table_still_checks_field_names():
    empty = kzfacts.corridor_tonnage().filter(value=-1)
    assert len(empty) == 0
    with pytest.raises(KzfactsError, match="corridor_tonnage has no field bogus"):
        empty.filter(bogus=1)


def test_to_pandas_keeps_the_tables_order():
    table = kzfacts.corridor_tonnage()[::-1]
    df = table.to_pandas()
    assert list(df["id"]) == list(table.ids)
    assert df.attrs["resource"] == "corridor_tonnage"


def test_a_bad_period_is_a_clear_error():
    with pytest.raises(KzfactsError, match="period must be two YYYY-MM-DD dates"):
        kzfacts.quantity(period=("2023", "2023-12-31"))
