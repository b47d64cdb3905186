"""Ids and the references between records: sources cited, reprints, claims, lifetimes."""

from __future__ import annotations

from collections.abc import Iterator

from kzfacts.validation.rules.base import (
    Context,
    Finding,
    PerResource,
    Row,
    Rule,
    before,
    partial_date,
    source_groups,
)


class IdUnique(Rule):
    name = "id-unique"
    severity = "error"
    description = "An id names one thing in the whole package: no id is used in two resources."
    fix = "Give one of the records a new id (ids are never reused, so pick an unused slug)."

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.first: dict[str, str] = {}

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        key = row.get("id")
        if key is None:
            return None
        owner = self.first.setdefault(key, resource)
        if owner != resource:
            return [(resource, number, "id", f"id {key!r} is also used in {owner}")]
        return None


class MembershipLifetime(Rule):
    name = "membership-lifetime"
    severity = "error"
    description = (
        "A membership spell (other than the initiator role) does not start before its organisation "
        "was founded."
    )
    fix = "Check the spell's start date and the organisation's founding date; one of them is wrong."
    resources = ("memberships",)

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.founded = {
            row["id"]: (partial_date(row["founded"]), row["founded"])
            for _, row in context.table("organizations")
        }

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        if row["role"] == "initiator":
            return None
        start = partial_date(row["start_date"])
        org_start, written = self.founded.get(row["organization_id"] or "", (None, None))
        if start and org_start and before(start, org_start):
            return [
                (
                    resource,
                    number,
                    "start_date",
                    f"starts {row['start_date']}, before {row['organization_id']} was founded ({written})",
                )
            ]
        return None


class SourceExists(PerResource):
    name = "source-exists"
    severity = "error"
    description = "Every source a row cites (source fields and reprint_of) exists in sources."
    fix = "Add the source to sources.csv or correct the id."

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.known = {row["id"] for _, row in context.table("sources")}

    def make_plan(self, resource: str) -> object:
        if resource == "sources":
            return ["reprint_of"]
        return [g[0] for g in source_groups(self.context.package, resource)]

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        found: list[Finding] = []
        for name in self.plan(resource):  # type: ignore[attr-defined]
            value = row.get(name)
            if value is not None and value not in self.known:
                found.append((resource, number, name, f"cites {value!r}, which is not in sources"))
        return found or None


class SourceUncited(PerResource):
    name = "source-uncited"
    severity = "error"
    description = (
        "Every source is cited by at least one record (directly, or as the original of a cited reprint)."
    )
    fix = "Cite the source from the record it supports, or remove it from sources.csv."
    needs_every_table = True

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.cited: set[str] = set()

    def make_plan(self, resource: str) -> object:
        return [g[0] for g in source_groups(self.context.package, resource)]

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        for name in self.plan(resource):  # type: ignore[attr-defined]
            value = row.get(name)
            if value is not None:
                self.cited.add(value)
        return None

    def end(self) -> Iterator[Finding]:
        if not self.context.complete:
            return
        reprints = {row["id"]: row["reprint_of"] for _, row in self.context.table("sources")}
        for key in list(self.cited):
            seen: set[str] = set()
            original = reprints.get(key)
            while original is not None and original not in seen:
                seen.add(original)
                self.cited.add(original)
                original = reprints.get(original)
        for number, row in self.context.table("sources"):
            if row["id"] not in self.cited:
                yield "sources", number, "id", f"source {row['id']!r} is cited by no record"


class ReprintChain(Rule):
    name = "reprint-chain"
    severity = "error"
    description = "reprint_of points to another source and never loops back."
    fix = "Point reprint_of at the original source, not at the source itself or at one of its reprints."
    resources = ("sources",)

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.reprints = {r["id"]: r["reprint_of"] for _, r in context.table("sources")}

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        seen = {row["id"]}
        key = row["reprint_of"]
        while key is not None:
            if key in seen:
                return [
                    (resource, number, "reprint_of", f"reprint chain from {row['id']!r} loops at {key!r}")
                ]
            seen.add(key)
            key = self.reprints.get(key)
        return None


class ClaimTarget(Rule):
    name = "claim-target"
    severity = "error"
    description = (
        "A claim points at a record that exists in its record_resource, and at a field that resource has."
    )
    fix = "Correct record_resource, record_id or field so that they name an existing record and field."
    needs_every_table = True

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.wanted: dict[tuple[str, str], bool] = {}
        for _, claim in context.table("claims"):
            if claim["record_resource"] and claim["record_id"]:
                self.wanted[(claim["record_resource"], claim["record_id"])] = False

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        key = (resource, row.get("id") or "")
        if key in self.wanted:
            self.wanted[key] = True
        return None

    def end(self) -> Iterator[Finding]:
        if not self.context.complete:
            return
        names = self.context.package.resource_names
        for number, claim in self.context.table("claims"):
            resource, record, name = claim["record_resource"], claim["record_id"], claim["field"]
            if resource not in names or record is None:
                continue  # an unknown resource name is a constraint error frictionless reports
            if not self.wanted.get((resource, record)):
                yield "claims", number, "record_id", f"no record {record!r} in {resource}"
            elif name is not None and name not in self.context.field_names(resource):
                yield "claims", number, "field", f"{resource} has no field {name!r}"


class ReviewUnknownRule(PerResource):
    name = "review-unknown-rule"
    severity = "error"
    description = (
        "Each review names one of kzfacts' warning rules (errors cannot be reviewed). Checked against "
        "the rules themselves, not an enum in the schema, so adding a rule never changes a fork's "
        "schema."
    )
    fix = "Name the warning rule the review accepts (kzfacts rules lists them), or remove the review."
    resources = ("reviews",)

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        from kzfacts.validation.rules import RULES

        warnings = [rule.name for rule in RULES if rule.severity == "warning"]
        named = row.get("rule")
        if named is None or named in warnings:
            return None
        kind = (
            "an error rule, which cannot be reviewed"
            if named in {r.name for r in RULES}
            else "no kzfacts rule"
        )
        return [(resource, number, "rule", f"{named!r} is {kind}; the warning rules: {', '.join(warnings)}")]
