"""The forms the columnar engine vouches for, as RE2 patterns (pyarrow's regular expressions).

Each pattern accepts a *subset* of what its reference accepts, and a cell outside it is never
judged here: it goes to the reference itself (frictionless' own cell reader, kzfacts' readers'
:func:`~kzfacts.reading.cells.cell_value`, a rule's own row code). So a pattern can only make the
engine slower, never wrong. Only the standard library is used: the patterns are plain text.

- :func:`gate`: a chunk of a CSV file that Python's csv module (``strict=True``) and pyarrow's CSV
  parser certainly split into the same rows and cells: no CR, no NUL, no line break inside a
  quoted cell, no quote inside an unquoted cell, nothing after a closing quote.
- :data:`HIDDEN_BYTES`: the UTF-8 encodings of the characters ``text-plain`` refuses, so one pass
  over the bytes says whether any cell of a chunk can hold one.
- :func:`valid_forms`: a cell that frictionless certainly accepts for its field, reading it as written.
- :func:`readable_form`: a cell that kzfacts' readers certainly hold.
"""

from __future__ import annotations

import re
from typing import Any

from kzfacts.contract.spec import FieldSpec
from kzfacts.contract.types import PARTIAL_DATE_PATTERN

_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
"""Four ASCII digits other than 0000 (a year every reader and strptime hold)."""
_MONTH = "(?:0[1-9]|1[0-2])"
_MONTH_DAY = (
    "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
)
"""Days every year has: a leap day is left to the reference."""
DATE = f"{_YEAR}-{_MONTH_DAY}"
PARTIAL_DATE = f"{_YEAR}(?:-{_MONTH}|-{_MONTH_DAY})?"
INTEGER: dict[object, str] = {
    None: "-?(?:0|[1-9][0-9]{0,17})",
    0: "(?:0|[1-9][0-9]{0,17})",
    1: "[1-9][0-9]{0,17}",
}
"""Integers by minimum (none, 0, 1): within 64 bits, one way of writing each."""
NUMBER: dict[object, str] = {
    None: "-?(?:0|[1-9][0-9]{0,14})(?:\\.[0-9]{1,15})?",
    0: "(?:0|[1-9][0-9]{0,14})(?:\\.[0-9]{1,15})?",
}
"""Numbers by minimum: plain decimals that ``Decimal`` and ``float`` read alike."""

_HIDDEN_CHARS = "\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff"
"""The characters of :data:`kzfacts.validation.rules.values.HIDDEN` (a test holds the two equal)."""
HIDDEN_TEXT = f"[{_HIDDEN_CHARS}]"
"""The same class for RE2 over decoded text (one column)."""
_PLAIN_BYTE = (
    '[^",\\n\\r\\x00-\\x1f\\x7f\\xc2\\xe2\\xef]|\\xc2[\\xa0-\\xbf]'
    "|\\xe2(?:[\\x82-\\xbf][\\x80-\\xbf]|\\x80[\\x80-\\x8a\\x8c\\x8d\\x90-\\xa7\\xaf-\\xbf]"
    "|\\x81[\\x80-\\x9f\\xa1-\\xa5\\xaa-\\xbf])|\\xef(?:[\\x80-\\xba\\xbc-\\xbf][\\x80-\\xbf]|\\xbb[\\x80-\\xbe])"
)
"""One byte, or one UTF-8 character, that is none of those characters, nor a quote, comma or line
break: RE2 over the raw bytes (Latin-1), so a chunk is tested for both in one pass."""
_UNQUOTED = '[^",\\n\\r\\x00]'
_QUOTED = '(?:[^"\\n\\r\\x00]|"")'


def gate(width: int, plain: bool = False) -> str:
    """Rows of exactly ``width`` cells, each ended by a line feed, that both CSV parsers read alike;
    with ``plain``, also free of the characters ``text-plain`` refuses.

    A cell is unquoted (no quote, comma, CR, LF or NUL in it) or quoted (no CR, LF or NUL; quotes
    doubled). With two or more cells a row always holds a comma, so a blank line never matches."""
    unquoted, quoted = (f"(?:{_PLAIN_BYTE})", f'(?:{_PLAIN_BYTE}|,|"")') if plain else (_UNQUOTED, _QUOTED)
    cell = f'(?:{unquoted}*|"{quoted}*")'
    return f"^(?:{cell}(?:,{cell}){{{width - 1}}}\\n)*$"


WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character ``str.isspace()`` holds, the ones ``str.split()`` splits on (a test holds it)."""


def whitespace_class() -> str:
    """:data:`WHITESPACE` as the inside of an RE2 class."""
    return "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE)


def evidence_form(delimiter: str, most: int) -> str:
    """Phrases joined by ``delimiter``, each of 1 to ``most`` words split by single plain spaces:
    ``str.split()`` counts them exactly so (any other spacing goes to the rule's own code)."""
    word = f"[^{whitespace_class()}{re.escape(delimiter)}]+"
    phrase = f"{word}(?: {word}){{0,{most - 1}}}"
    return f"^{phrase}(?:{re.escape(delimiter)}{phrase})*$"


_DATE_FORMATS = ("default", "%Y-%m-%d")


def _anchored(body: str) -> str:
    return f"^(?:{body})$"


def valid_forms(raw: dict[str, Any]) -> tuple[list[str], tuple[str, ...] | None] | None:
    """For a field's descriptor: (RE2 patterns a present cell must all match, the enum values it
    must be one of) that frictionless certainly accepts and reads as written. None when the engine
    does not model the field: every present cell then goes to frictionless' cell reader."""
    constraints: dict[str, Any] = raw.get("constraints", {})
    if set(constraints) - {"required", "unique", "pattern", "enum", "minimum"}:
        return None
    kind, fmt = raw.get("type", "any"), raw.get("format", "default")
    pattern, enum, minimum = constraints.get("pattern"), constraints.get("enum"), constraints.get("minimum")
    bound = minimum if minimum is None or type(minimum) is int else "other"
    text = (kind == "string" and fmt in ("default", "uri")) or (kind, raw.get("itemType")) == (
        "list",
        "string",
    )
    if kind in ("integer", "number", "date"):
        if pattern is not None or enum is not None or (kind == "date" and fmt not in _DATE_FORMATS):
            return None
        body = {"integer": INTEGER.get(bound), "number": NUMBER.get(bound)}.get(
            kind, DATE if minimum is None else None
        )
        return None if body is None else ([_anchored(body)], None)
    if not text or minimum is not None:
        return None
    forms = ["^https?://"] if fmt == "uri" else []
    if pattern is not None:
        forms.append(_anchored(pattern.removeprefix("^").removesuffix("$")))
    if enum is not None:
        if not all(isinstance(value, str) for value in enum):
            return None
        return forms, tuple(enum)
    return forms, None


def readable_form(field: FieldSpec) -> str | None:
    """A cell of ``field`` that :func:`~kzfacts.reading.cells.cell_value` certainly reads; None
    for kinds it reads whatever is written (text, lists, enums)."""
    kind = field.kind
    if kind == "partial-date" and field.pattern == PARTIAL_DATE_PATTERN:
        return _anchored(PARTIAL_DATE)
    body = {"integer": INTEGER[None], "number": NUMBER[None], "date": DATE, "boolean": "true|false"}.get(kind)
    return None if body is None else _anchored(body)
