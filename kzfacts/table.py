"""An immutable, indexed collection of records: what every accessor returns."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from kzfacts.errors import KzfactsError, RecordNotFoundError
from kzfacts.models import MODELS, Record

if TYPE_CHECKING:
    import pandas as pd

R = TypeVar("R", bound=Record)


class Table(Generic[R]):
    """Records of one resource, in file order: iterable, sized, indexable, looked up by id.

    Tables never change; ``filter`` returns a new one. The id index is built on
    the first ``get``.
    """

    __slots__ = ("_index", "_records", "resource")

    def __init__(self, resource: str, records: tuple[R, ...]) -> None:
        self.resource = resource
        self._records = records
        self._index: dict[str, R] | None = None

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
            return Table(self.resource, self._records[item])
        return self._records[item]

    def __repr__(self) -> str:
        return f"<Table {self.resource}: {len(self)} records>"

    @property
    def ids(self) -> tuple[str, ...]:
        """Primary-key values, in order."""
        return tuple(r.id for r in self._records)

    def get(self, key: str) -> R:
        """Return the record with id ``key``; raise a KeyError that says what ids exist."""
        if self._index is None:
            self._index = {r.id: r for r in self._records}
        try:
            return self._index[key]
        except KeyError:
            close = sorted(i for i in self._index if key.split("-")[0] in i)[:5]
            hint = f"similar ids: {', '.join(close)}" if close else f"{len(self)} ids exist; see .ids"
            raise RecordNotFoundError(self.resource, key, hint) from None

    def filter(self, predicate: Callable[[R], bool] | None = None, **equals: Any) -> Table[R]:
        """Keep records whose fields equal the given values and that pass ``predicate``.

        ``table.filter(status="actual", unit="Mt")``; a value may also be a set or
        tuple of allowed values. An unknown field name is an error, not an empty result.
        """
        known = MODELS[self.resource].model_fields
        unknown = sorted(set(equals) - set(known))
        if unknown:
            raise KzfactsError(
                f"{self.resource} has no field {', '.join(unknown)}; fields: {', '.join(known)}"
            )

        def keep(record: R) -> bool:
            for name, wanted in equals.items():
                value = getattr(record, name)
                if isinstance(wanted, (set, frozenset, tuple, list)):
                    if value not in wanted:
                        return False
                elif value != wanted:
                    return False
            return predicate(record) if predicate is not None else True

        return Table(self.resource, tuple(r for r in self._records if keep(r)))

    def to_pandas(self) -> pd.DataFrame:
        """These records as a DataFrame with the schema's dtypes (see ``kzfacts.frame``)."""
        from kzfacts.frames import frame

        df = frame(self.resource)
        if len(df) == len(self._records) and tuple(df["id"]) == self.ids:
            return df
        kept: pd.DataFrame = df.set_index("id", drop=False).loc[list(self.ids)].reset_index(drop=True)
        kept.attrs = dict(df.attrs)
        return kept
