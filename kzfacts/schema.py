"""The contract: ``datapackage.json`` read into plain typed objects, where packages live, and the
one table that maps each Table Schema type to its Python, pandas, Arrow and SQLite types.

Only the standard library is used, so reading the descriptor costs no heavy import.
"""

from __future__ import annotations

import errno
import functools
import json
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzfacts.errors import DescriptorError, KzfactsError, PackageNotFoundError, UnknownResourceError

DESCRIPTOR_NAME = "datapackage.json"
MAX_PATH_CHARS = 1024
"""Longest resource path kzfacts accepts: a longer one is refused before any file is touched."""
MISSING = "does not exist"
"""The :func:`file_reason` of a file that is not there (reported apart from unsafe files)."""
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


def unsafe_reason(value: str, basepath: Path) -> str | None:
    """Why a path from the descriptor is unsafe, or None when it is a plain file inside basepath."""
    if "\x00" in value:
        return "contains a NUL character, which no file name can hold"
    if len(value) > MAX_PATH_CHARS:
        return f"is {len(value)} characters long; kzfacts accepts paths of at most {MAX_PATH_CHARS}"
    from urllib.parse import urlparse

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
    except RuntimeError:  # Python 3.10-3.12 raise this for a symlink loop
        return "is a symlink loop"
    except OSError as exc:
        return "is a symlink loop" if exc.errno == errno.ELOOP else f"cannot be resolved ({exc.strerror})"
    return "is a symlink loop" if _loops(basepath / value) else None  # 3.13's resolve() lets loops pass


def _loops(path: Path) -> bool:
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


_FILE_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def file_reason(path: Path, *, trusted: bool = False) -> str | None:
    """Why a data file cannot be read safely, or None for a regular file with one name.

    A FIFO or device would block or never end; a hard link is a second name of a file that may
    live anywhere, so it is refused like a symlink that leaves the folder (git never checks one
    out). ``trusted`` skips the hard-link test for kzfacts' own installed files, which installers
    such as uv hard-link from their cache.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return MISSING
    except OSError as exc:
        return "is a symlink loop" if exc.errno == errno.ELOOP else f"cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return f"is {_FILE_KINDS.get(stat.S_IFMT(info.st_mode), 'not a file')}, not a regular file"
    if info.st_nlink > 1 and not trusted:
        return (
            f"has {info.st_nlink} hard links, so it may be a file outside the package folder; "
            "kzfacts refuses hard links as it refuses symlinks that leave the folder"
        )
    return None


def is_bundled(path: Path) -> bool:
    """True for a file of the package installed with kzfacts (trusted: it came in the wheel)."""
    try:
        return path.resolve().is_relative_to(bundled_path().parent.resolve())
    except (OSError, RuntimeError, KzfactsError):
        return False


def check_paths(package: PackageSpec) -> None:
    """Refuse a package whose data paths leave its folder or name a URL: kzfacts reads only local
    files inside the package (the path policy validate applies, here for every reader)."""
    trusted = is_bundled(package.path)
    for spec in package.resources:
        reason = unsafe_reason(spec.path, package.basepath)
        if reason is None:
            reason = file_reason(package.basepath / spec.path, trusted=trusted)
            reason = None if reason == MISSING else reason  # reading it names the missing file
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
    where = lone_surrogate(raw)
    if where is not None:
        raise DescriptorError(
            f"{path}: {where} holds a lone surrogate (a \\ud800-\\udfff escape), which is not text; "
            "remove it or write the character itself"
        )
    return parse(raw, path)


# --- where packages live -------------------------------------------------------------------


def bundled_path() -> Path:
    """Return the path of the installed ``datapackage.json``.

    A wheel carries the package as ``kzfacts/datapackage/``; an editable install
    or a source checkout reads the repository's top-level ``datapackage/``.
    Both are plain files on disk, so frictionless, R or DuckDB can open them.
    """
    from importlib import resources

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
