"""Every bound validation keeps, in one place: the docs' limits table is generated from here, so
the docs cannot state a limit the code does not keep."""

from __future__ import annotations

MAX_DESCRIPTOR_BYTES = 5_000_000
MAX_RESOURCES = 50
"""More resources than this are refused at once: each costs a file read."""
MAX_HEADER_BYTES = 65_536
"""Longest header line read; kzfacts' widest header is under 300 bytes."""
MAX_PROBLEMS_PER_RULE = 1000
"""Problems listed per resource and rule (frictionless' own limit per file); the rest are counted."""
MAX_ARCHIVE_BYTES = 20_000_000
"""Largest archived text read; a page's text is a few hundred kilobytes at most."""
DEFAULT_SECONDS = 600.0
"""Ten minutes: the 1M-row synthetic package validates in about one."""
DEFAULT_MEGABYTES = 2048
"""Resident memory of the validating processes together, imports included (about 100 MB each)."""
