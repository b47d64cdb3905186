"""Regenerate the derived parts of ``datapackage.json`` (each resource's bytes and sha256 hash).

The rest of the descriptor is written by people and left as it is. Output is
deterministic: the same files give the same descriptor bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kzfacts.contract.paths import unsafe_reason
from kzfacts.contract.spec import load
from kzfacts.errors import DataFileError, DescriptorError
from kzfacts.reading.hashing import file_digest


def render(descriptor: Path) -> str:
    """Return the descriptor text with bytes and hash recomputed from the data files."""
    spec = load(descriptor)
    raw: dict[str, Any] = json.loads(json.dumps(spec.raw))
    for resource in raw["resources"]:
        path = resource.get("path")
        if not isinstance(path, str):
            raise DescriptorError(f"{descriptor}: resource {resource.get('name')!r} needs one path string")
        reason = unsafe_reason(path, spec.basepath)
        if reason:
            raise DescriptorError(f"{descriptor}: path {path!r} {reason}; use data/<name>.csv")
        if not (spec.basepath / path).is_file():
            raise DataFileError(path, "file not found; add it or fix the path in datapackage.json")
        size, hexdigest = file_digest(spec.basepath / path)
        resource["bytes"] = size
        resource["hash"] = f"sha256:{hexdigest}"
    return json.dumps(raw, indent=2, ensure_ascii=False) + "\n"


def stale_resources(descriptor: Path) -> list[str]:
    """Names of resources whose committed bytes or hash differ from their files."""
    current = json.loads(descriptor.read_text(encoding="utf-8"))
    fresh = json.loads(render(descriptor))
    return [
        new["name"]
        for old, new in zip(current["resources"], fresh["resources"], strict=True)
        if (old.get("bytes"), old.get("hash")) != (new["bytes"], new["hash"])
    ]


def write(descriptor: Path) -> bool:
    """Rewrite the descriptor in place; return whether anything changed."""
    text = render(descriptor)
    if descriptor.read_text(encoding="utf-8") == text:
        return False
    descriptor.write_text(text, encoding="utf-8")
    return True
