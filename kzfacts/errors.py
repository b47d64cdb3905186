"""Exceptions kzfacts raises, so callers can catch data problems apart from bugs."""

from __future__ import annotations


class KzfactsError(Exception):
    """Base class of every error kzfacts raises on purpose."""


class PackageNotFoundError(KzfactsError):
    """The data package (datapackage.json) cannot be found or read."""


class DescriptorError(KzfactsError):
    """datapackage.json is not what kzfacts expects (bad JSON, missing resource or field)."""


class DataFileError(KzfactsError):
    """A data file cannot be read into records: names the file, row and field.

    ``row`` counts lines of the CSV file with the header as line 1, the way
    frictionless reports ``rowNumber``, so both tools point at the same line.
    """

    def __init__(self, path: str, message: str, *, row: int | None = None, field: str | None = None) -> None:
        self.path = path
        self.row = row
        self.field = field
        self.message = message
        where = path
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


class UnknownResourceError(KzfactsError, KeyError):
    """A resource name that the package does not have; lists the valid names."""

    def __init__(self, name: str, valid: tuple[str, ...]) -> None:
        self.name = name
        self.valid = valid
        super().__init__(name)

    def __str__(self) -> str:
        return f"no resource named {self.name!r}; valid names: {', '.join(self.valid)}"


class RecordNotFoundError(KzfactsError, KeyError):
    """``Table.get(id)`` found no record with that id."""

    def __init__(self, resource: str, key: str, hint: str) -> None:
        self.resource = resource
        self.key = key
        self.hint = hint
        super().__init__(key)

    def __str__(self) -> str:
        return f"no record with id {self.key!r} in {self.resource}; {self.hint}"


class DataMismatchError(KzfactsError):
    """``kzfacts.require`` found installed data other than the data an analysis expects."""


class InvalidArgumentError(KzfactsError, ValueError):
    """An argument kzfacts cannot act on: an unknown format, a value outside a field's enum, a bad date."""
