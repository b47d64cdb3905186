"""Deprecated alias kept for code written against kzfacts 0.1: the type table now lives in
:mod:`kzfacts.contract.types`, the descriptor's parsed form in :mod:`kzfacts.contract.spec`."""

from __future__ import annotations

from kzfacts.contract.spec import FieldSpec, ForeignKey, PackageSpec, ResourceSpec
from kzfacts.contract.types import TYPES, TypeInfo

__all__ = ["TYPES", "FieldSpec", "ForeignKey", "PackageSpec", "ResourceSpec", "TypeInfo"]
