"""What every reader yields: the records of a file as the source wrote them.

A reader knows its format (how to find records, their fields and their geometry) and
nothing about the register; a mapping (ingest/mapping.py) or the format's own mapper turns
each record into the register's fields, which domain/validation.py then checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from memreg.domain.errors import FieldProblem, ValidationError


@dataclass
class SourceRecord:
    """One record of a source file.

    `line` is where a report points: the line of a text file, the row of a sheet, the
    number of a feature. `fields` hold the source's own names and values (nested JSON is
    kept as it is); `geometry` is GeoJSON in WGS84 longitude/latitude order, already
    reprojected; `layer` names the layer, folder or sheet the record came from.
    """

    line: int
    fields: dict[str, Any]
    geometry: dict[str, Any] | None = None
    layer: str | None = None
    problem: str | None = None  # the record cannot be read as a record (bad JSON, extra cells)


@dataclass
class Mapped:
    """A source record in the register's fields, ready for validation."""

    line: int
    values: dict[str, Any]  # the register's field names -> values as the validators take them
    source_key: str | None = None  # the source's own id: re-import finds the record by it
    problems: list[FieldProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # facts the report tells (a swap, a guess)
    skip: str | None = None  # why this record is out of the register's scope (not an error)
    raw: dict[str, Any] | None = None  # the fields as read, for a rejected-records file


class Reader(Protocol):
    """An opened source file: facts about it and its records, read lazily."""

    path: Path
    format_name: str
    columns: list[str]  # the source's field names, when it has a fixed set

    def records(self) -> Iterator[SourceRecord]: ...


def refuse_file(path: Path, message: str, line: int | None = None) -> ValidationError:
    """The whole file cannot be read: one problem naming it."""
    problem = FieldProblem(field="file", message=message, line=line)
    return ValidationError([problem], message=f"{path.name}: {problem}; nothing was imported")
