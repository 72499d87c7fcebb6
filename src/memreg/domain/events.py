"""What happened, told after the transaction commits (search index, caches and feeds listen)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordCreated:
    record_type: str
    record_id: str


@dataclass(frozen=True)
class RecordChanged:
    record_type: str
    record_id: str
    version: int


@dataclass(frozen=True)
class RecordRetired:
    record_type: str
    record_id: str


@dataclass(frozen=True)
class ImportCompleted:
    record_type: str
    revision_id: int
    created: int
    updated: int
