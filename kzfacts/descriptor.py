"""Read ``datapackage.json`` into plain typed objects: the contract every other layer follows.

Only the standard library is used, so reading the descriptor costs no heavy import.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzfacts.errors import DescriptorError, UnknownResourceError
from kzfacts.paths import package_path


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
    return FieldSpec(
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


@functools.cache
def bundled() -> PackageSpec:
    """The installed package's descriptor, read once per process."""
    return load(package_path())
