"""Evidence checked against archived source texts (``--sources DIR``): the paragraph a locator
such as ``p7`` names must hold each evidence phrase.

An archived text holds the title, a publication line and a byline, then one
body paragraph per line, then site navigation starting at "Left Menu Icon"
(see the sources README). Body paragraphs count from 1.
"""

from __future__ import annotations

import re
from pathlib import Path

from kzfacts.contract.paths import file_reason
from kzfacts.validation.limits import MAX_ARCHIVE_BYTES
from kzfacts.validation.rules.base import Context, Finding, PerResource, Row, source_groups

_LOCATOR = re.compile(r"^p([1-9][0-9]*)$")
_HEADER_LINES = 3  # title, publication line, byline
_NAVIGATION = "Left Menu Icon"


def body_paragraphs(path: Path) -> list[str]:
    """The body paragraphs of an archived text, in order."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    non_empty = [line for line in lines if line]
    body = []
    for line in non_empty[_HEADER_LINES:]:
        if line == _NAVIGATION:
            break
        body.append(line)
    return body


def paragraph_number(locator: str) -> int | None:
    """The paragraph number of a ``pN`` locator, or None for any other kind of locator."""
    match = _LOCATOR.match(locator)
    return int(match.group(1)) if match else None


class EvidenceInArchive(PerResource):
    name = "evidence-in-archive"
    severity = "error"
    description = (
        "With --sources DIR: each evidence phrase occurs in the paragraph its locator names in the "
        "source's archived text."
    )
    fix = "Copy the phrase exactly from the cited paragraph, or correct the locator."
    needs_archive = True

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.archives = {row["id"]: row["archive_file"] for _, row in context.table("sources")}
        self.cache: dict[str, list[str] | str] = {}

    def make_plan(self, resource: str) -> object:
        spec = self.context.package.resource(resource)
        return [
            (source, locator, evidence, spec.field(evidence).delimiter)
            for source, locator, evidence in source_groups(self.context.package, resource)
            if evidence in spec.field_names
        ]

    def _paragraphs(self, file_name: str) -> list[str] | str:
        """Body paragraphs of an archived text, or why there are none. Only a plain file name inside
        the archive folder is opened: a package cannot make validation read anything else."""
        if file_name not in self.cache:
            assert self.context.archive is not None
            path = self.context.archive / file_name
            if Path(file_name).name != file_name or file_name.startswith(".") or "\\" in file_name:
                self.cache[file_name] = (
                    f"archive_file {file_name!r} is not a plain file name in {self.context.archive}; "
                    "kzfacts opens nothing outside that folder"
                )
            elif (reason := file_reason(path, trusted=True)) is not None:
                self.cache[file_name] = f"archived text {file_name!r} in {self.context.archive} {reason}"
            elif path.stat().st_size > MAX_ARCHIVE_BYTES:
                self.cache[file_name] = (
                    f"archived text {file_name!r} is larger than {MAX_ARCHIVE_BYTES} bytes"
                )
            else:
                try:
                    self.cache[file_name] = body_paragraphs(path)
                except (OSError, UnicodeDecodeError, ValueError):
                    self.cache[file_name] = (
                        f"archived text {file_name!r} is not a readable UTF-8 file in {self.context.archive}"
                    )
        return self.cache[file_name]

    def row(self, resource: str, number: int, row: Row) -> list[Finding] | None:
        found: list[Finding] = []
        for source, locator, evidence, delimiter in self.plan(resource):  # type: ignore[attr-defined]
            file_name = self.archives.get(row.get(source) or "")
            if file_name is None:
                continue
            paragraphs = self._paragraphs(file_name)
            if isinstance(paragraphs, str):
                found.append((resource, number, source, paragraphs))
                continue
            index = paragraph_number(row.get(locator) or "")
            if index is None or index > len(paragraphs):
                found.append(
                    (
                        resource,
                        number,
                        locator,
                        f"locator {row.get(locator)!r} names no body paragraph of {file_name} "
                        f"(it has p1..p{len(paragraphs)})",
                    )
                )
                continue
            for phrase in (row.get(evidence) or "").split(delimiter):
                if phrase and phrase not in paragraphs[index - 1]:
                    found.append(
                        (
                            resource,
                            number,
                            evidence,
                            f"{phrase!r} does not occur in {row.get(locator)} of {file_name}",
                        )
                    )
        return found or None
