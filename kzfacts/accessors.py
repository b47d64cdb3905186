"""Typed access to the bundled package: one lazily loaded Table per resource.

Like pycountry's Database, nothing is read until first use, and each file is
read once per process, behind a lock so threads share one copy.
"""

from __future__ import annotations

import threading
from typing import cast

from kzfacts import descriptor
from kzfacts.errors import KzfactsError
from kzfacts.models import Claim, Event, Membership, Organization, Record, Source, TonnageFigure
from kzfacts.records import read_records
from kzfacts.table import Table

_lock = threading.Lock()
_tables: dict[str, Table[Record]] = {}


def table(name: str) -> Table[Record]:
    """Return the Table of resource ``name`` from the bundled package, loading it on first use."""
    if name not in _tables:
        with _lock:
            if name not in _tables:
                package = descriptor.bundled()
                package.resource(name)  # unknown names fail here, listing the valid ones
                _tables[name] = Table(name, read_records(package, name))
    return _tables[name]


def sources() -> Table[Source]:
    return cast(Table[Source], table("sources"))


def organizations() -> Table[Organization]:
    return cast(Table[Organization], table("organizations"))


def memberships() -> Table[Membership]:
    return cast(Table[Membership], table("memberships"))


def events() -> Table[Event]:
    return cast(Table[Event], table("events"))


def corridor_tonnage() -> Table[TonnageFigure]:
    return cast(Table[TonnageFigure], table("corridor_tonnage"))


def claims() -> Table[Claim]:
    return cast(Table[Claim], table("claims"))


def resolve(record: Record, field: str) -> Record | None:
    """Follow the foreign key on ``field`` of ``record`` to the record it names.

    Returns None when the field is empty. Which table to look in comes from the
    schema's foreignKeys, so navigation cannot drift from the contract.
    """
    spec = descriptor.bundled().resource(record.resource)
    for key in spec.foreign_keys:
        if key.fields == (field,):
            value = getattr(record, field)
            return None if value is None else table(key.resource).get(value)
    fields = [k.fields[0] for k in spec.foreign_keys]
    raise KzfactsError(f"{record.resource}.{field} is not a foreign key; foreign keys: {fields}")


def sources_of(record: Record) -> tuple[Source, ...]:
    """Every source a record cites, through each of its foreign keys to ``sources``."""
    spec = descriptor.bundled().resource(record.resource)
    found: list[Source] = []
    for key in spec.foreign_keys:
        if key.resource == "sources" and record.resource != "sources":
            target = resolve(record, key.fields[0])
            if isinstance(target, Source) and target not in found:
                found.append(target)
    if isinstance(record, Source):
        found.append(record)
    return tuple(found)


def originals(source: Source) -> tuple[Source, ...]:
    """``source`` followed by what it reprints, back to the original (a loop ends the chain)."""
    chain = [source]
    table = sources()
    while chain[-1].reprint_of is not None and chain[-1].reprint_of not in {s.id for s in chain}:
        chain.append(table.get(chain[-1].reprint_of))
    return tuple(chain)


def organization_of(membership: Membership) -> Organization:
    """The organisation a membership spell belongs to."""
    return cast(Organization, resolve(membership, "organization_id"))
