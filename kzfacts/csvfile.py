"""Read a resource's CSV file strictly: UTF-8 without BOM, the schema's header, one cell per field.

Shared by the typed records and ``kzfacts show``, so both refuse the same files
with the same message naming the file, the row and what to do.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from kzfacts.descriptor import PackageSpec
from kzfacts.errors import DataFileError


def strict_rows(package: PackageSpec, name: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(row number, cells)`` for each data row (header = row 1); raise DataFileError on any defect."""
    spec = package.resource(name)
    shown = spec.path
    try:
        with package.file(name).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise DataFileError(shown, "the file is empty; it needs a header row", row=1)
            if header and header[0].startswith("\ufeff"):
                raise DataFileError(
                    shown, "the file starts with a byte-order mark; save it as UTF-8 without BOM", row=1
                )
            if tuple(header) != spec.field_names:
                missing = [f for f in spec.field_names if f not in header]
                extra = [h for h in header if h not in spec.field_names]
                raise DataFileError(
                    shown,
                    f"header does not match the schema (missing: {missing or 'none'}, "
                    f"unexpected: {extra or 'none'}); expected columns in this order: "
                    + ",".join(spec.field_names),
                    row=1,
                )
            width = len(spec.fields)
            for number, row in enumerate(reader, start=2):
                if len(row) != width:
                    raise DataFileError(
                        shown, f"row has {len(row)} cells but the schema has {width} fields", row=number
                    )
                yield number, row
    except FileNotFoundError:
        raise DataFileError(shown, "file not found; the descriptor lists it but it is missing") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(shown, f"not valid UTF-8 at byte {exc.start}; re-save it as UTF-8") from None
    except csv.Error as exc:
        raise DataFileError(shown, f"malformed CSV ({exc})") from None
