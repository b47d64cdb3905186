"""JSON: a list of records per resource, with a descriptor that makes the export a data package."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from kzfacts.exports.bundle import Bundle, Format


def write(outdir: Path, bundle: Bundle) -> list[str]:
    """``<resource>.json`` (a list of records) per resource, plus a datapackage.json describing them."""
    written = []
    for spec, rows in bundle.resources():
        records = [
            {
                f.name: (v.isoformat() if isinstance(v, dt.date) else v)
                for f, v in zip(spec.fields, row, strict=True)
            }
            for row in rows
        ]
        name = f"{spec.name}.json"
        text = json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False)
        (outdir / name).write_text(text + "\n", encoding="utf-8")
        written.append(name)
    # The descriptor, rewritten to describe these JSON files, so that the export is itself a
    # data package (frictionless validates it with its json extra). frictionless does not
    # count bytes or hashes of JSON data, so those are dropped; ABOUT.txt has the fingerprint.
    raw = json.loads(json.dumps(bundle.package.raw))
    for resource in raw["resources"]:
        resource.update(path=f"{resource['name']}.json", format="json", mediatype="application/json")
        resource.pop("bytes", None)
        resource.pop("hash", None)
    descriptor_text = json.dumps(raw, ensure_ascii=False, indent=2) + "\n"
    (outdir / "datapackage.json").write_text(descriptor_text, encoding="utf-8")
    written.append("datapackage.json")
    return written


FORMAT = Format(needs=None, write=write)
