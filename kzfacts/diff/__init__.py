"""What changed between two copies of the data: records matched by primary key, never by line.

Per resource: records added, removed and changed, each changed field with its typed old and new
value (so ``2.8`` and ``2.80`` are equal, and a list compares as a list); schema changes; package
metadata; and the changes that matter to analyses, from the package's own functions: recommended
values (``quantities()``), disputes opened or resolved (``disputes()``), and sources whose
citation changed (the CSL item every citation style starts from). :mod:`.render` prints a diff as
text, Markdown or JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kzfacts.errors import KzfactsError

if TYPE_CHECKING:  # the CLI imports .render for its help: keep this package light
    from kzfacts.contract.spec import PackageSpec, ResourceSpec
    from kzfacts.reading.cells import Cell
    from kzfacts.store import PackageData
METADATA = ("name", "title", "version", "licenses", "homepage")
"""Descriptor properties reported when they change."""


@dataclass(frozen=True)
class FieldChange:
    """One value that differs: a record's field, a metadata property, a recommended value."""

    name: str
    old: Any
    new: Any


@dataclass(frozen=True)
class RecordChange:
    """A record present on both sides (same primary key) whose fields differ."""

    key: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ResourceDiff:
    """Records of one resource added, removed and changed, matched by primary key."""

    name: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    summaries: dict[str, str] = field(default_factory=dict)
    """Key of each added or removed record -> the fields that tell it apart
    (:data:`kzfacts.vocabulary.IDENTIFYING_FIELDS`), so a reviewer sees what a record says."""

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class SchemaChange:
    """A resource or field added or removed, or a field whose definition changed."""

    resource: str
    field: str | None
    change: str
    """``resource added``, ``resource removed``, ``field added``, ``field removed``, ``field changed``,
    ``primary key changed`` or ``foreign keys changed``."""
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class PackageDiff:
    """Everything that differs between ``old`` and ``new``."""

    old: str
    new: str
    metadata: tuple[FieldChange, ...] = ()
    schema: tuple[SchemaChange, ...] = ()
    resources: tuple[ResourceDiff, ...] = ()
    recommended: tuple[FieldChange, ...] = ()
    """Quantity (``Quantity.describe()``) -> recommended value before and after (None: no value)."""
    disputes_opened: tuple[str, ...] = ()
    disputes_resolved: tuple[str, ...] = ()
    citations_changed: tuple[str, ...] = ()
    """Ids of sources present on both sides whose citation reads differently."""
    notes: tuple[str, ...] = field(default=())
    """Why an analysis-level comparison could not be made (a side's schema is not kzfacts')."""
    bump: str = "none"
    """The least version bump the changes require: ``major``, ``minor``, ``patch`` or ``none``
    (the rule: :mod:`kzfacts.diff.bump`)."""
    bump_reasons: tuple[str, ...] = ()
    """The changes that require it."""
    bump_judgement: tuple[str, ...] = ()
    """What a maintainer should weigh beyond the rule (a recommended value that changes)."""

    @property
    def identical(self) -> bool:
        return not (
            self.metadata
            or self.schema
            or any(not r.empty for r in self.resources)
            or self.recommended
            or self.disputes_opened
            or self.disputes_resolved
            or self.citations_changed
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates and other values as text)."""
        from dataclasses import asdict

        data = asdict(self)
        data["identical"] = self.identical
        plain: dict[str, Any] = json.loads(json.dumps(data, default=str))
        return plain


def diff(old: PackageData, new: PackageData) -> PackageDiff:
    """Compare two packages; a side that cannot be read raises its error, naming the file."""
    before, after = old.spec, new.spec
    resources = []
    for spec in after.resources:
        if spec.name in before.resource_names:
            resources.append(_records(before, after, before.resource(spec.name), spec))
    analysis, notes = _analysis(old, new)
    found = PackageDiff(
        old=str(old.path),
        new=str(new.path),
        metadata=_metadata(before, after),
        schema=tuple(_schema(before, after)),
        resources=tuple(resources),
        notes=notes,
        **analysis,
    )
    from dataclasses import replace

    from kzfacts.diff.bump import least

    bump = least(found)
    return replace(found, bump=bump.level, bump_reasons=bump.reasons, bump_judgement=bump.judgement)


def _metadata(before: PackageSpec, after: PackageSpec) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(key, before.meta.plain(key), after.meta.plain(key))
        for key in METADATA
        if before.meta.plain(key) != after.meta.plain(key)
    )


_DEFINITION = ("type", "format", "constraints", "categories", "categoriesOrdered", "delimiter", "itemType")


def _definition(raw: dict[str, Any]) -> str:
    return json.dumps({k: raw[k] for k in _DEFINITION if k in raw}, sort_keys=True, ensure_ascii=False)


def _fields(package: PackageSpec, name: str) -> dict[str, dict[str, Any]]:
    for resource in package.raw["resources"]:
        if resource.get("name") == name:
            return {f["name"]: f for f in resource["schema"]["fields"]}
    return {}


def _schema(before: PackageSpec, after: PackageSpec) -> list[SchemaChange]:
    changes = [
        SchemaChange(n, None, "resource removed")
        for n in before.resource_names
        if n not in after.resource_names
    ]
    changes += [
        SchemaChange(n, None, "resource added")
        for n in after.resource_names
        if n not in before.resource_names
    ]
    for name in after.resource_names:
        if name not in before.resource_names:
            continue
        old, new = _fields(before, name), _fields(after, name)
        changes += [SchemaChange(name, f, "field removed") for f in old if f not in new]
        changes += [SchemaChange(name, f, "field added") for f in new if f not in old]
        for f in new:
            if f in old and _definition(old[f]) != _definition(new[f]):
                changes.append(
                    SchemaChange(name, f, "field changed", _definition(old[f]), _definition(new[f]))
                )
        old_key, new_key = before.resource(name).primary_key, after.resource(name).primary_key
        if old_key != new_key:
            changes.append(
                SchemaChange(name, None, "primary key changed", ",".join(old_key), ",".join(new_key))
            )
        old_fks, new_fks = before.resource(name).foreign_keys, after.resource(name).foreign_keys
        if old_fks != new_fks:
            shown = [
                ", ".join(f"{','.join(k.fields)}->{k.resource}" for k in keys) for keys in (old_fks, new_fks)
            ]
            changes.append(SchemaChange(name, None, "foreign keys changed", *shown))
    return changes


def _keyed(package: PackageSpec, spec: ResourceSpec) -> dict[str, dict[str, Cell]]:
    """Each row's typed cells by its primary key (``a|b`` for a composite key)."""
    names = spec.field_names
    key = spec.primary_key or ("id",)
    from kzfacts.reading.cells import typed_rows

    rows: dict[str, dict[str, Cell]] = {}
    for _, values in typed_rows(package, spec.name):
        cells = dict(zip(names, values, strict=True))
        rows["|".join(str(cells.get(k)) for k in key)] = cells
    return rows


def _records(
    before: PackageSpec, after: PackageSpec, old_spec: ResourceSpec, new_spec: ResourceSpec
) -> ResourceDiff:
    old, new = _keyed(before, old_spec), _keyed(after, new_spec)
    shared = [f for f in new_spec.field_names if f in old_spec.field_names]
    changed = []
    for key in new:
        if key in old:
            fields = tuple(
                FieldChange(f, old[key][f], new[key][f]) for f in shared if old[key][f] != new[key][f]
            )
            if fields:
                changed.append(RecordChange(key, fields))
    added = tuple(k for k in new if k not in old)
    removed = tuple(k for k in old if k not in new)
    summaries = {k: _summary(new_spec.name, new[k]) for k in added}
    summaries.update((k, _summary(old_spec.name, old[k])) for k in removed)
    return ResourceDiff(
        new_spec.name, added=added, removed=removed, changed=tuple(changed), summaries=summaries
    )


def _summary(resource: str, cells: dict[str, Cell]) -> str:
    """``field=value`` for the fields that tell a record of ``resource`` apart (its id aside)."""
    from kzfacts.vocabulary import IDENTIFYING_FIELDS

    shown = [f for f in IDENTIFYING_FIELDS.get(resource, ()) if f != "id" and f in cells]
    return ", ".join(f"{f}={_text(cells[f])}" for f in shown if cells[f] not in (None, "", []))


def _text(value: Cell) -> str:
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _analysis(old: PackageData, new: PackageData) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Recommended values, disputes and citations, each side computed by its own package."""
    from kzfacts.citation import source_item
    from kzfacts.evidence.disputes import disputes as disputes_of
    from kzfacts.evidence.quantities import quantities

    try:
        sides = []
        for package in (old, new):
            recommended = {
                q.describe(): (q.recommended.value if q.recommended else None) for q in quantities(package)
            }
            disputes = {d.subject for d in disputes_of(package)}
            citations = {s.id: source_item(s) for s in package.sources()}
            sides.append((recommended, disputes, citations))
    except KzfactsError as exc:
        return {}, (f"recommended values, disputes and citations not compared: {exc}",)
    (rec_old, dis_old, cit_old), (rec_new, dis_new, cit_new) = sides
    described = [*rec_new, *(q for q in rec_old if q not in rec_new)]
    return {
        "recommended": tuple(
            FieldChange(q, rec_old.get(q), rec_new.get(q))
            for q in described
            if rec_old.get(q) != rec_new.get(q)
        ),
        "disputes_opened": tuple(sorted(dis_new - dis_old)),
        "disputes_resolved": tuple(sorted(dis_old - dis_new)),
        "citations_changed": tuple(sorted(k for k in cit_new if k in cit_old and cit_new[k] != cit_old[k])),
    }, ()
