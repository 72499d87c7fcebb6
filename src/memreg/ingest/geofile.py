"""GeoJSON, KML, Shapefile and GeoPackage through GDAL, by Fiona.

Fiona rather than pyogrio: the import reads features one at a time (memory bounded by the
chunk whatever the layer holds) and reprojects each with GDAL's own transformer
(`fiona.transform`), from the coordinate system the file declares (.prj, GeoPackage SRS,
KML's WGS84), so no second projection library is needed. pyogrio reads whole layers into
arrays, which is faster for analysis but holds the whole file in memory (docs/import-format.md).
Every layer is read (a KML's folders are layers); the layer name travels with each record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fiona
from fiona.crs import CRS
from fiona.errors import CRSError, FionaError
from fiona.model import to_dict
from fiona.transform import transform_geom

from memreg.domain.errors import FieldProblem, ValidationError
from memreg.ingest.records import SourceRecord, refuse_file

DRIVERS = {"geojson": "GeoJSON", "kml": "KML", "shp": "ESRI Shapefile", "gpkg": "GPKG"}
WGS84 = "EPSG:4326"
_LAYER_COPY = re.compile(r"\s*\(#\d+\)$")  # GDAL names a KML's repeated folders `X (#2)`
_PRJ_NAME = re.compile(r'^\s*PROJCS\["[^"]*"')
fiona.drvsupport.supported_drivers["KML"] = "r"  # GDAL's own KML driver; Fiona leaves it off


def _in_degrees(geometry: dict[str, Any]) -> bool:
    def walk(coords: Any) -> bool:
        if coords and isinstance(coords[0], (int, float)):
            return -180.0 <= coords[0] <= 180.0 and -90.0 <= coords[1] <= 90.0
        return all(walk(c) for c in coords or ())

    if geometry.get("type") == "GeometryCollection":
        return all(_in_degrees(g) for g in geometry.get("geometries") or ())
    return walk(geometry.get("coordinates"))


class GeoReader:
    """The features of every layer of a GIS file, in WGS84."""

    def __init__(self, path: Path, format_name: str) -> None:
        self.path = path
        self.format_name = format_name
        self.driver = DRIVERS[format_name]
        try:
            self.layers = fiona.listlayers(str(path))
        except (FionaError, OSError) as exc:
            raise refuse_file(path, f"cannot be read as {self.driver} ({exc})") from None
        self.columns: list[str] = []
        self.crs: dict[str, CRS | None] = {}
        self.notes: list[str] = []
        # GDAL's KML driver parses the whole file at each open and gives every folder the
        # same fields in WGS84: the first layer tells for all.
        described = self.layers[:1] if format_name == "kml" else self.layers
        for layer in described:
            with self._open(layer) as source:
                for name in source.schema["properties"]:
                    if name not in self.columns:
                        self.columns.append(name)
                self.crs[layer] = self._declared_crs(source.crs)
        if format_name == "kml":
            self.crs = dict.fromkeys(
                self.layers, self.crs.get(self.layers[0]) if self.layers else None
            )

    def _declared_crs(self, found: CRS | None) -> CRS | None:
        """The coordinate system the file declares, by its parameters rather than its name.

        GDAL recognises a .prj by its name: one named `WGS_84_Pseudo_Mercator` becomes
        EPSG:3857 (spherical) even when its parameters define Mercator on the WGS84
        ellipsoid, which puts Moscow 20 km south. The parameters are what the data was
        projected with, so the name is left out before GDAL reads the definition.
        """
        prj = self.path.with_suffix(".prj")
        if self.format_name != "shp" or not prj.is_file():
            return found or None
        text = prj.read_text(encoding="utf-8", errors="replace")
        try:
            by_parameters = CRS.from_wkt(_PRJ_NAME.sub('PROJCS["unnamed"', text, count=1))
        except CRSError:
            return found or None
        if found and by_parameters.to_proj4() != found.to_proj4():
            self.notes.append(
                f"the .prj is named as {found.to_string()} but defines "
                f"{by_parameters.to_proj4()}: its definition was used"
            )
        return by_parameters

    def _open(self, layer: str) -> Any:
        try:
            return fiona.open(str(self.path), layer=layer, driver=self.driver)
        except (FionaError, OSError) as exc:
            raise refuse_file(self.path, f"cannot be read as {self.driver} ({exc})") from None

    @property
    def reprojected(self) -> list[str]:
        """The coordinate systems features were reprojected from (for the report)."""
        names = {c.to_string() for c in self.crs.values() if c}
        return sorted(n for n in names if n and n != WGS84)

    def records(self) -> Iterator[SourceRecord]:
        number = 0
        for layer in self.layers:
            label = _LAYER_COPY.sub("", layer)
            crs = self.crs.get(layer)
            with self._open(layer) as source:
                iterator = iter(source)
                while True:
                    try:
                        feature = next(iterator)
                    except StopIteration:
                        break
                    except (FionaError, ValueError) as exc:  # a damaged feature ends the layer
                        raise ValidationError(
                            [FieldProblem("feature", f"cannot be read ({exc})", number + 1)]
                        ) from None
                    number += 1
                    yield self._record(number, feature, crs, label)

    def _record(self, number: int, feature: Any, crs: CRS | None, layer: str) -> SourceRecord:
        fields = dict(feature.properties or {})
        geometry = None
        problem = None
        reproject = crs is not None and crs.to_string() != WGS84
        if feature.geometry is not None:
            try:
                if reproject:
                    geometry = to_dict(transform_geom(crs, WGS84, feature.geometry))
                else:
                    geometry = to_dict(feature.geometry)
            except (FionaError, ValueError) as exc:
                problem = f"its geometry cannot be reprojected from {crs} ({exc})"
            if geometry is not None and not _in_degrees(geometry):
                problem = (
                    "its coordinates are not WGS84 degrees"
                    + (" after reprojection" if reproject else
                       " and the file names no coordinate system (is the .prj missing?)")
                )  # fmt: skip
                geometry = None
        return SourceRecord(number, fields, geometry, layer, problem)
