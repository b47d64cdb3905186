"""An immutable, indexed collection of records: what every accessor returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from kzfacts.contract.spec import FieldSpec, ResourceSpec
from kzfacts.errors import InvalidArgumentError, RecordNotFoundError

if TYPE_CHECKING:
    import pandas as pd

    from kzfacts.models import Record

R = TypeVar("R", bound="Record")
_MISSING: Any = object()


class Table(Generic[R]):
    """Records of one resource, in file order: iterable, sized, indexable, looked up by id.

    Tables never change; ``filter`` returns a new one. The id index is built on
    the first ``get``. ``frame`` is how the owning package reads the resource as a DataFrame.
    """

    __slots__ = ("_frame", "_index", "_records", "spec")

    def __init__(self, spec: ResourceSpec, records: tuple[R, ...], frame: Callable[[], pd.DataFrame]) -> None:
        self.spec = spec
        self._records = records
        self._frame = frame
        self._index: dict[str, R] | None = None

    @property
    def resource(self) -> str:
        return self.spec.name

    def __iter__(self) -> Iterator[R]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, item: int) -> R: ...
    @overload
    def __getitem__(self, item: slice) -> Table[R]: ...
    def __getitem__(self, item: int | slice) -> R | Table[R]:
        if isinstance(item, slice):
            return Table(self.spec, self._records[item], self._frame)
        return self._records[item]

    def __repr__(self) -> str:
        return f"<Table {self.resource}: {len(self)} records>"

    @property
    def ids(self) -> tuple[str, ...]:
        """Primary-key values, in order."""
        return tuple(r.id for r in self._records)

    def get(self, key: str, default: Any = _MISSING) -> R:
        """Return the record with id ``key``; without a ``default``, a missing id is a KeyError
        that names the closest ids."""
        if self._index is None:
            self._index = {r.id: r for r in self._records}
        found = self._index.get(key)
        if found is not None:
            return found
        if default is not _MISSING:
            return default  # type: ignore[no-any-return]
        import difflib

        close = difflib.get_close_matches(key, list(self._index), n=5, cutoff=0.6)
        hint = f"similar ids: {', '.join(close)}" if close else f"{len(self)} ids exist; see .ids"
        raise RecordNotFoundError(self.resource, key, hint)

    def _wanted(self, field: FieldSpec, wanted: Any) -> Any:
        """A filter value checked against the field's enum, and text turned into the field's type."""
        if isinstance(wanted, (set, frozenset, tuple, list)):
            return {self._wanted(field, w) for w in wanted}
        if field.enum is not None and wanted is not None and wanted not in field.enum:
            raise InvalidArgumentError(
                f"{self.resource}.{field.name} is never {wanted!r}; its values: {', '.join(field.enum)}"
            )
        if isinstance(wanted, str) and field.kind == "partial-date":
            from kzfacts.dates import PartialDate

            return PartialDate.parse(wanted)
        if isinstance(wanted, str) and field.kind == "date":
            try:
                return dt.date.fromisoformat(wanted)
            except ValueError:
                raise InvalidArgumentError(f"{field.name}={wanted!r} is not a YYYY-MM-DD date") from None
        return wanted

    def filter(self, predicate: Callable[[R], bool] | None = None, **equals: Any) -> Table[R]:
        """Keep records whose fields equal the given values and that pass ``predicate``.

        ``table.filter(status="actual", unit="Mt")``; a value may also be a set or tuple of
        allowed values. An unknown field, or a value outside the field's enum, is an error rather
        than an empty result; a date may be given as its ISO text.
        """
        unknown = sorted(set(equals) - set(self.spec.field_names))
        if unknown:
            raise InvalidArgumentError(
                f"{self.resource} has no field {', '.join(unknown)}; "
                f"fields: {', '.join(self.spec.field_names)}"
            )
        wanted = {name: self._wanted(self.spec.field(name), value) for name, value in equals.items()}

        def keep(record: R) -> bool:
            for name, value in wanted.items():
                have = getattr(record, name)
                if have not in value if isinstance(value, set) else have != value:
                    return False
            return predicate(record) if predicate is not None else True

        return Table(self.spec, tuple(r for r in self._records if keep(r)), self._frame)

    def to_pandas(self) -> pd.DataFrame:
        """These records as a DataFrame with the schema's dtypes (see ``Package.frame``)."""
        df = self._frame()
        if len(df) == len(self._records) and tuple(df["id"]) == self.ids:
            return df
        kept: pd.DataFrame = df.set_index("id", drop=False).loc[list(self.ids)].reset_index(drop=True)
        kept.attrs = dict(df.attrs)
        return kept
