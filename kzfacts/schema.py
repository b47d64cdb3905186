"""The contract: ``datapackage.json`` read into plain typed objects, where packages live, and the
one table that maps each Table Schema type to its Python, pandas, Arrow and SQLite types.

Only the standard library is used, so reading the descriptor costs no heavy import.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from kzfacts.errors import DescriptorError, PackageNotFoundError, UnknownResourceError

DESCRIPTOR_NAME = "datapackage.json"
_ENV_VAR = re.compile(r"\$\{?[A-Za-z_]|%[A-Za-z_]+%")
PARTIAL_DATE_PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
"""A string field with exactly this pattern holds a date written to a precision (YYYY, YYYY-MM or
YYYY-MM-DD): records read it as a :class:`kzfacts.dates.PartialDate`."""


@dataclass(frozen=True)
class TypeInfo:
    """How one kind of field is held in each library kzfacts hands data to."""

    python: str
    """The annotation the generated models use."""
    pandas: str
    arrow: tuple[str, ...]
    """pyarrow factory names, outermost first: ("list_", "string") is pa.list_(pa.string())."""
    sqlite: str


TYPES: dict[str, TypeInfo] = {
    "string": TypeInfo("str", "string", ("string",), "TEXT"),
    "integer": TypeInfo("int", "Int64", ("int64",), "INTEGER"),
    "number": TypeInfo("float", "float64", ("float64",), "REAL"),
    "boolean": TypeInfo("bool", "boolean", ("bool_",), "INTEGER"),
    "date": TypeInfo("dt.date", "datetime64[ns]", ("date32",), "TEXT"),
    "list": TypeInfo("tuple[str, ...]", "object", ("list_", "string"), "TEXT"),
    "partial-date": TypeInfo("PartialDate", "datetime64[ns]", ("string",), "TEXT"),
    "enum": TypeInfo("Literal", "category", ("dictionary",), "TEXT"),
}
"""Every kind of field kzfacts reads, keyed by :attr:`FieldSpec.kind`. Frames, exports, records and
tests all read this table; a schema type missing here is refused when the descriptor is parsed."""


@dataclass(frozen=True)
class FieldSpec:
    """One Table Schema field, with the constraints kzfacts acts on."""

    name: str
    type: str
    description: str
    required: bool
    unique: bool
    enum: tuple[str, ...] | None
    categories_ordered: bool
    pattern: str | None
    minimum: float | None
    delimiter: str
    item_type: str | None

    @property
    def kind(self) -> str:
        """The key of :data:`TYPES` for this field: its type, or ``enum`` / ``partial-date``."""
        if self.enum is not None:
            return "enum"
        if self.type == "string" and self.pattern == PARTIAL_DATE_PATTERN:
            return "partial-date"
        return self.type

    @property
    def types(self) -> TypeInfo:
        return TYPES[self.kind]


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key; ``resource`` is the referenced resource's name (itself when self-referencing)."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class ResourceSpec:
    """One tabular resource: its file, schema, keys and integrity fields."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    missing_values: tuple[str, ...]
    bytes: int | None
    hash: str | None

    def field(self, name: str) -> FieldSpec:
        """Return the field called ``name``; raise a clear error when there is none."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        names = ", ".join(f.name for f in self.fields)
        raise DescriptorError(f"resource {self.name!r} has no field {name!r}; fields: {names}")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class PackageSpec:
    """The whole descriptor: metadata, resources, and the folder the paths are relative to."""

    path: Path
    name: str
    version: str
    title: str
    resources: tuple[ResourceSpec, ...]
    raw: dict[str, Any]

    @property
    def basepath(self) -> Path:
        return self.path.parent

    @property
    def resource_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.resources)

    def resource(self, name: str) -> ResourceSpec:
        """Return the resource called ``name``; an unknown name lists the valid ones."""
        for spec in self.resources:
            if spec.name == name:
                return spec
        raise UnknownResourceError(name, self.resource_names)

    def file(self, name: str) -> Path:
        """Absolute path of a resource's data file."""
        return self.basepath / self.resource(name).path


def _field(raw: dict[str, Any]) -> FieldSpec:
    constraints = raw.get("constraints", {})
    enum = constraints.get("enum")
    minimum = constraints.get("minimum")
    spec = FieldSpec(
        name=raw["name"],
        type=raw.get("type", "any"),
        description=raw.get("description", ""),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        enum=tuple(str(v) for v in enum) if enum is not None else None,
        categories_ordered=bool(raw.get("categoriesOrdered", False)),
        pattern=constraints.get("pattern"),
        minimum=float(minimum) if minimum is not None else None,
        delimiter=raw.get("delimiter", ","),
        item_type=raw.get("itemType"),
    )
    if spec.kind not in TYPES:
        raise DescriptorError(
            f"field {spec.name!r} has type {spec.type!r}; kzfacts reads {', '.join(sorted(TYPES))}"
        )
    return spec


def _resource(raw: dict[str, Any]) -> ResourceSpec:
    schema = raw.get("schema")
    if not isinstance(schema, dict):
        raise DescriptorError(f"resource {raw.get('name')!r} has no inline schema")
    primary = schema.get("primaryKey", [])
    keys = []
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        keys.append(
            ForeignKey(
                fields=tuple(_as_list(fk["fields"])),
                resource=ref.get("resource") or raw["name"],
                reference_fields=tuple(_as_list(ref["fields"])),
            )
        )
    return ResourceSpec(
        name=raw["name"],
        path=raw["path"],
        title=raw.get("title", raw["name"]),
        description=raw.get("description", ""),
        fields=tuple(_field(f) for f in schema["fields"]),
        primary_key=tuple(_as_list(primary)),
        foreign_keys=tuple(keys),
        missing_values=tuple(_strings(schema.get("missingValues", [""]), "missingValues")),
        bytes=raw.get("bytes"),
        hash=raw.get("hash"),
    )


def _strings(value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DescriptorError(f"{what} must be a list of strings, not {value!r}")
    return value


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def parse(raw: dict[str, Any], path: Path) -> PackageSpec:
    """Build a :class:`PackageSpec` from an already-loaded descriptor dictionary."""
    try:
        return PackageSpec(
            path=path,
            name=raw["name"],
            version=raw["version"],
            title=raw.get("title", raw["name"]),
            resources=tuple(_resource(r) for r in raw["resources"]),
            raw=raw,
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise DescriptorError(f"{path}: descriptor lacks or misshapes {exc}") from None


def unsafe_reason(value: str, basepath: Path) -> str | None:
    """Why a path from the descriptor is unsafe, or None when it is a plain file inside basepath."""
    parsed = urlparse(value)
    if parsed.scheme or value.startswith("//"):
        return "is a URL; kzfacts never reads over the network"
    if value.startswith("~"):
        return "starts with ~ (a home folder)"
    if _ENV_VAR.search(value):
        return "contains an environment variable"
    if Path(value).is_absolute() or value.startswith("\\"):
        return "is an absolute path"
    if ".." in Path(value).parts or ".." in value.split("\\"):
        return "contains a .. segment"
    try:
        resolved = (basepath / value).resolve()
        resolved.relative_to(basepath.resolve())
    except ValueError:
        return "resolves (through a symlink) to a place outside the package folder"
    except OSError as exc:
        return f"cannot be resolved ({exc.strerror})"
    return None


def check_paths(package: PackageSpec) -> None:
    """Refuse a package whose data paths leave its folder or name a URL: kzfacts reads only local
    files inside the package (the path policy validate applies, here for every reader)."""
    for spec in package.resources:
        reason = unsafe_reason(spec.path, package.basepath)
        if reason:
            raise DescriptorError(
                f"{package.path}: resource {spec.name!r} has path {spec.path!r}, which {reason}"
            )


def load(path: Path) -> PackageSpec:
    """Read and parse the descriptor at ``path``."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DescriptorError(f"{path}: cannot read the descriptor ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DescriptorError(f"{path}: not valid UTF-8 JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise DescriptorError(f"{path}: the descriptor must be a JSON object")
    return parse(raw, path)


# --- where packages live -------------------------------------------------------------------


def bundled_path() -> Path:
    """Return the path of the installed ``datapackage.json``.

    A wheel carries the package as ``kzfacts/datapackage/``; an editable install
    or a source checkout reads the repository's top-level ``datapackage/``.
    Both are plain files on disk, so frictionless, R or DuckDB can open them.
    """
    inside = resources.files("kzfacts").joinpath("datapackage").joinpath(DESCRIPTOR_NAME)
    if inside.is_file():
        return Path(str(inside))
    checkout = Path(__file__).resolve().parent.parent / "datapackage" / DESCRIPTOR_NAME
    if checkout.is_file():
        return checkout
    raise PackageNotFoundError(
        f"the bundled {DESCRIPTOR_NAME} is missing (looked in {inside} and {checkout}); "
        "reinstall kzfacts: pip install --force-reinstall kzfacts"
    )


def descriptor_of(path: Path | str) -> Path:
    """The descriptor file for PATH: PATH itself, or the ``datapackage.json`` inside a folder."""
    target = Path(path)
    return target / DESCRIPTOR_NAME if target.is_dir() else target


def local_descriptor(folder: Path | None = None) -> Path | None:
    """The package in the working directory, if any: ``./datapackage.json`` or
    ``./datapackage/datapackage.json``. Commands prefer it to the bundled copy, so that in a fork's
    repository they read the fork."""
    here = folder if folder is not None else Path.cwd()
    for candidate in (here / DESCRIPTOR_NAME, here / "datapackage" / DESCRIPTOR_NAME):
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def bundled() -> PackageSpec:
    """The installed package's descriptor, read once per process (the contract forks are held to)."""
    return load(bundled_path())


def containing_descriptor(changed: Path) -> Path | None:
    """The ``datapackage.json`` a changed file belongs to: itself, the one in a folder, or the
    nearest one above a data file (how the pre-commit hook maps changed files to packages)."""
    target = changed.resolve()
    if target.name == DESCRIPTOR_NAME and target.is_file():
        return target
    if target.is_dir() and (target / DESCRIPTOR_NAME).is_file():
        return target / DESCRIPTOR_NAME
    for folder in target.parents:
        if (folder / DESCRIPTOR_NAME).is_file():
            return folder / DESCRIPTOR_NAME
    return None


def installed_version() -> str:
    """kzfacts' version: the installed distribution's, which hatch reads from the bundled descriptor
    (the one place the version is written); the descriptor's own in an uninstalled checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kzfacts")
    except PackageNotFoundError:
        return bundled().version


def shown_folder(descriptor: Path) -> str:
    """A package's folder as a user would type it: relative to the working directory when inside it."""
    folder = descriptor.parent
    try:
        return str(folder.resolve().relative_to(Path.cwd().resolve())) or "."
    except (ValueError, OSError):
        return str(folder)
