"""One read of a data file: its bytes hashed, and its rows parsed by pyarrow in chunks, every cell as
the string written, only where pyarrow certainly reads them as Python's csv module (``strict=True``)
does; anything else raises :class:`Fallback`, and the file is read by the exact, row-wise path.

The chunks are parsed and analysed on two threads (pyarrow and RE2 release the GIL) while this one
reads and hashes the next; at most a few chunks are held at once, so memory stays bounded by the
chunk size, never by the file.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from kzfacts.reading.csvfile import ROW_LIMIT
from kzfacts.validation.columnar import forms

if TYPE_CHECKING:
    import pyarrow as pa

CHUNK_BYTES = 2 << 20
"""Bytes read at a time (cut at the last line feed)."""
_IN_FLIGHT = 3
_BOM = b"\xef\xbb\xbf"

T = TypeVar("T")


class Fallback(Exception):
    """The columnar engine cannot vouch for this input: the exact, row-wise path must judge it."""


@dataclass
class Digest:
    """What frictionless' byte and hash counts compare: the file's size and sha256."""

    size: int = 0
    sha256: str = ""
    _hash: hashlib._Hash = field(default_factory=hashlib.sha256, repr=False)

    def update(self, data: bytes) -> None:
        self.size += len(data)
        self._hash.update(data)

    def finish(self) -> None:
        self.sha256 = self._hash.hexdigest()


@dataclass
class Parsed(Generic[T]):
    """One chunk's rows: how many, and what ``analyse`` made of them."""

    rows: int
    result: T


def _pieces(path: Path, digest: Digest) -> Iterator[bytes]:
    """The file's data lines in pieces that end at a line feed (the last one given one), after the
    header line; every byte is hashed, the header's too."""
    with path.open("rb") as handle:
        carry = handle.read(CHUNK_BYTES)
        digest.update(carry)
        if carry.startswith(_BOM):
            raise Fallback("a byte-order mark")
        end = carry.find(b"\n")
        if end < 0:
            if handle.read(1):
                raise Fallback("a header line longer than a chunk")
            if not carry or b"\r" in carry:
                raise Fallback("an empty file, or a header line with a CR")
            return
        if b"\r" in carry[:end]:
            raise Fallback("a CR in the header line")
        carry = carry[end + 1 :]
        while True:
            data = handle.read(CHUNK_BYTES)
            digest.update(data)
            if not data:
                if carry:
                    yield carry if carry.endswith(b"\n") else carry + b"\n"
                return
            cut = data.rfind(b"\n") + 1
            if not cut:
                carry += data
                if len(carry) > ROW_LIMIT * 4:
                    raise Fallback("a line longer than the row limit")
                continue
            yield b"".join((carry, memoryview(data)[:cut]))
            carry = data[cut:]


def parse(piece: bytes, names: tuple[str, ...]) -> tuple[pa.Table, bool]:
    """The rows of ``piece`` as strings, after the gate (else :class:`Fallback`), and whether any
    of its bytes may be a character ``text-plain`` refuses."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    if b"\r" in piece:
        raise Fallback("a CR")
    if piece.startswith(_BOM):  # pyarrow drops a U+FEFF that starts its buffer; the csv module keeps it
        raise Fallback("a byte-order mark at the start of a line")
    raw = pa.array([piece], pa.large_binary())
    hidden = not pc.match_substring_regex(raw, forms.gate(len(names), plain=True))[0].as_py()
    if hidden and not pc.match_substring_regex(raw, forms.gate(len(names)))[0].as_py():
        raise Fallback("a row pyarrow and the csv module might read differently")
    try:
        table = pcsv.read_csv(
            pa.py_buffer(piece),
            read_options=pcsv.ReadOptions(
                column_names=list(names), block_size=len(piece) + 1, use_threads=False
            ),
            parse_options=pcsv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise Fallback(f"pyarrow could not read a chunk ({exc})") from None
    _within_row_limit(table)
    return table, hidden


def _within_row_limit(table: pa.Table) -> None:
    """Every row's line is certainly within :data:`ROW_LIMIT` characters: a cell of n bytes takes at
    most 2n + 2 in the file (quoted, each quote doubled), and a row its commas and line feed more."""
    import pyarrow.compute as pc

    if table.num_rows == 0:
        return
    bound = None
    for column in table.columns:
        part = pc.add(pc.multiply(pc.binary_length(column), 2), 3)
        bound = part if bound is None else pc.add(bound, part)
    if pc.max(bound).as_py() > ROW_LIMIT:
        raise Fallback("a row that may be longer than the row limit")


def scan(
    path: Path, names: tuple[str, ...], analyse: Callable[[pa.Table, bool], T], digest: Digest
) -> Iterator[Parsed[T]]:
    """Each chunk's rows, parsed and analysed on worker threads, in file order; ``digest`` holds the
    file's size and hash once the iterator is exhausted. Raises :class:`Fallback`."""

    def work(piece: bytes) -> Parsed[T]:
        table, hidden = parse(piece, names)
        return Parsed(table.num_rows, analyse(table, hidden))

    pending: deque[Future[Parsed[T]]] = deque()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kzfacts-scan") as pool:
        try:
            for piece in _pieces(path, digest):
                pending.append(pool.submit(work, piece))
                while len(pending) >= _IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
    digest.finish()
