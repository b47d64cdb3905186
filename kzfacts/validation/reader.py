"""Streams each resource's rows as strings for kzfacts' rules (and its engine), remembering the
files it could not read."""

from __future__ import annotations

import csv
from typing import TextIO

from kzfacts.contract.spec import PackageSpec
from kzfacts.reading.csvfile import RowTooLong, csv_problem, csv_rows, header_problem
from kzfacts.validation.engine import Engine
from kzfacts.validation.kinds import LONG_ROW_FIX, Kind
from kzfacts.validation.rules import Rows

_BOM = b"\xef\xbb\xbf"


class Reader:
    """Streams a resource's rows as strings for the rules; remembers files it could not read."""

    def __init__(self, package: PackageSpec, engine: Engine | None) -> None:
        self.package = package
        self.engine = engine
        self.unreadable: dict[str, tuple[int | None, str, str]] = {}
        """resource -> (row, what went wrong, what to do)."""
        self.boms: list[str] = []
        self.skipped: list[str] = []

    def __call__(self, name: str) -> Rows | None:
        path = self.package.file(name)
        try:
            with path.open("rb") as raw:
                if raw.read(3) == _BOM:
                    self.boms.append(name)
            handle = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            self.unreadable[name] = (None, f"cannot open it ({exc.strerror})", Kind.FILE_UNREADABLE.fix)
            return None
        spec = self.package.resource(name)
        try:
            header = next(csv_rows(handle), None)
        except (UnicodeDecodeError, csv.Error, RowTooLong) as exc:
            handle.close()
            self.unreadable[name] = (1, *_unreadable(exc))
            return None
        if header is None or header_problem(header, spec) is not None:
            handle.close()
            self.skipped.append(name)  # frictionless normally reports the header; see _validate
            return None
        return self._rows(name, handle, spec.field_names, frozenset(spec.missing_values))

    def _rows(self, name: str, handle: TextIO, names: tuple[str, ...], missing: frozenset[str]) -> Rows:
        width = len(names)
        only_empty = missing == frozenset({""})  # the usual case: "" is the one missing value
        number = 1
        see = self.engine.open(name) if self.engine is not None else None
        with handle:
            try:
                for number, cells in enumerate(csv_rows(handle), start=2):
                    if see is not None:
                        see(number, cells)
                    if len(cells) != width:
                        continue
                    if only_empty:
                        yield number, {k: v or None for k, v in zip(names, cells, strict=True)}
                    else:
                        yield (
                            number,
                            {k: (None if v in missing else v) for k, v in zip(names, cells, strict=True)},
                        )
            except (UnicodeDecodeError, csv.Error, RowTooLong) as exc:
                self.unreadable[name] = (number + 1, *_unreadable(exc))


def _unreadable(exc: UnicodeDecodeError | csv.Error | RowTooLong) -> tuple[str, str]:
    """What went wrong, and what to do, by the kind of failure."""
    if isinstance(exc, RowTooLong):
        return str(exc), LONG_ROW_FIX
    if isinstance(exc, csv.Error):
        return csv_problem(exc), Kind.FILE_UNREADABLE.fix
    return str(exc), "save the file as UTF-8"
