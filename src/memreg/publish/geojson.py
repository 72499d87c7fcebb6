"""GeoJSON (RFC 7946): one FeatureCollection, written feature by feature.

Coordinates are WGS84 longitude, latitude (RFC 7946 has no other CRS and no `crs`
member). A record without a location is a Feature with a null geometry, as the RFC
allows; persons have no geometry of their own and list their memorials.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

from memreg.publish.shapes import memorial_geometry, memorial_properties, person_properties


def feature(record_type: str, row: dict[str, Any], links: list[dict[str, Any]] | None) -> dict:
    if record_type == "memorial":
        return {"type": "Feature", "id": row["id"], "geometry": memorial_geometry(row),
                "properties": memorial_properties(row)}  # fmt: skip
    return {"type": "Feature", "id": row["id"], "geometry": None,
            "properties": person_properties(row, links or [])}  # fmt: skip


class GeoJsonWriter:
    def __init__(self, target: BinaryIO | Path, record_type: str) -> None:
        self.owned = isinstance(target, Path)
        self.out: BinaryIO = target.open("wb") if isinstance(target, Path) else target
        self.record_type = record_type
        self.count = 0
        self.out.write(b'{"type":"FeatureCollection","features":[\n')

    def write(self, row: dict[str, Any], links: list[dict[str, Any]] | None = None) -> None:
        text = json.dumps(feature(self.record_type, row, links), ensure_ascii=False)
        self.out.write((",\n" if self.count else "").encode() + text.encode("utf-8"))
        self.count += 1

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        self.out.write(b"\n]}\n")
        if self.owned:
            self.out.close()
        else:
            self.out.flush()
