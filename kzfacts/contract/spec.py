"""``datapackage.json`` read into plain typed objects: fields, keys, resources and the package.

Only the standard library is used, so reading the descriptor costs no heavy import. A misshapen
descriptor raises a DescriptorError naming the resource and property, and what it must be.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzfacts.contract.types import PARTIAL_DATE_PATTERN, TYPES, TypeInfo
from kzfacts.errors import DescriptorError, UnknownResourceError


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


_SHAPES: dict[type, str] = {dict: "an object", list: "a list", str: "a string"}


def _expect(value: Any, kind: type, what: str) -> Any:
    """``value`` when it is a ``kind``; otherwise a DescriptorError saying what ``what`` must be."""
    if not isinstance(value, kind):
        shown = json.dumps(value, ensure_ascii=False, default=str)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise DescriptorError(f"{what} must be {_SHAPES[kind]}, not {shown}")
    return value


def _names(value: Any, what: str) -> tuple[str, ...]:
    """A key's field names: one string or a list of strings."""
    items = [value] if isinstance(value, str) else _expect(value, list, what)
    return tuple(_expect(item, str, f"each of {what}") for item in items)


def _field(raw: Any, number: int) -> FieldSpec:
    raw = _expect(raw, dict, f"schema.fields #{number}")
    name = _expect(raw.get("name"), str, f"the name of schema.fields #{number}")
    constraints = _expect(raw.get("constraints", {}), dict, f"constraints of field {name!r}")
    enum = constraints.get("enum")
    minimum = constraints.get("minimum")
    spec = FieldSpec(
        name=name,
        type=raw.get("type", "any"),
        description=raw.get("description", ""),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        enum=tuple(str(v) for v in _expect(enum, list, f"enum of field {name!r}"))
        if enum is not None
        else None,
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
        raise DescriptorError("it has no inline schema")
    keys = []
    for number, fk in enumerate(_expect(schema.get("foreignKeys", []), list, "schema.foreignKeys"), 1):
        fk = _expect(fk, dict, f"schema.foreignKeys #{number}")
        ref = _expect(fk.get("reference"), dict, f"the reference of schema.foreignKeys #{number}")
        keys.append(
            ForeignKey(
                fields=_names(fk.get("fields"), f"the fields of schema.foreignKeys #{number}"),
                resource=ref.get("resource") or raw["name"],
                reference_fields=_names(ref.get("fields"), f"the reference fields of foreignKeys #{number}"),
            )
        )
    fields = _expect(schema.get("fields"), list, "schema.fields")
    return ResourceSpec(
        name=raw["name"],
        path=_expect(raw.get("path"), str, "its path"),
        title=raw.get("title", raw["name"]),
        description=raw.get("description", ""),
        fields=tuple(_field(f, number) for number, f in enumerate(fields, 1)),
        primary_key=_names(schema.get("primaryKey", []), "schema.primaryKey"),
        foreign_keys=tuple(keys),
        missing_values=tuple(_strings(schema.get("missingValues", [""]), "missingValues")),
        bytes=raw.get("bytes"),
        hash=raw.get("hash"),
    )


def _strings(value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DescriptorError(f"{what} must be a list of strings, not {value!r}")
    return value


def parse(raw: dict[str, Any], path: Path) -> PackageSpec:
    """Build a :class:`PackageSpec` from an already-loaded descriptor dictionary; a misshapen one
    raises a DescriptorError naming the resource and property, and what it must be."""
    resources = []
    for number, item in enumerate(_described(raw.get("resources"), path), 1):
        name = item.get("name") if isinstance(item, dict) else None
        where = f"resource {name!r}" if isinstance(name, str) else f"resource #{number}"
        try:
            if not isinstance(name, str):
                raise DescriptorError("it must be an object with a name string")
            resources.append(_resource(item))
        except DescriptorError as exc:
            raise DescriptorError(f"{path}: {where}: {exc}") from None
        except (TypeError, ValueError) as exc:  # e.g. a minimum that is not a number
            raise DescriptorError(f"{path}: {where}: {exc}") from None
    try:
        return PackageSpec(
            path=path,
            name=_expect(raw.get("name"), str, "the package name"),
            version=_expect(raw.get("version"), str, "the package version"),
            title=_expect(raw.get("title", raw.get("name")), str, "the package title"),
            resources=tuple(resources),
            raw=raw,
        )
    except DescriptorError as exc:
        raise DescriptorError(f"{path}: {exc}") from None


def _described(resources: Any, path: Path) -> list[Any]:
    if not isinstance(resources, list) or not resources:
        raise DescriptorError(f"{path}: the descriptor needs a list of resources")
    return resources


def lone_surrogate(raw: Any) -> str | None:
    """Where the parsed JSON holds a lone surrogate (\\ud800 written as an escape), which is not
    text and cannot be written out again; None when it holds none (the usual, fast case)."""
    try:
        json.dumps(raw, ensure_ascii=False).encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    stack: list[tuple[str, Any]] = [("", raw)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                return f"{where or '/'} (character {exc.start + 1})"
        elif isinstance(value, dict):
            for key, item in value.items():
                stack.append((f"{where}/{key}", key))
                stack.append((f"{where}/{key}", item))
        elif isinstance(value, list):
            stack.extend((f"{where}/{i}", item) for i, item in enumerate(value))
    return "an unknown place"


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
    where = lone_surrogate(raw)
    if where is not None:
        raise DescriptorError(
            f"{path}: {where} holds a lone surrogate (a \\ud800-\\udfff escape), which is not text; "
            "remove it or write the character itself"
        )
    return parse(raw, path)
