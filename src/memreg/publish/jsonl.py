"""JSON Lines: one record a line; a memorial with its geometry, a person with its links."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

from memreg.publish.shapes import memorial_geometry, memorial_properties, person_properties


class JsonLinesWriter:
    def __init__(self, target: BinaryIO | Path, record_type: str) -> None:
        self.owned = isinstance(target, Path)
        self.out: BinaryIO = target.open("wb") if isinstance(target, Path) else target
        self.record_type = record_type

    def write(self, row: dict[str, Any], links: list[dict[str, Any]] | None = None) -> None:
        if self.record_type == "memorial":
            record = memorial_properties(row) | {"geometry": memorial_geometry(row)}
        else:
            record = person_properties(row, links or [])
        self.out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        if self.owned:
            self.out.close()
        else:
            self.out.flush()
