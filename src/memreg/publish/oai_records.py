"""A record as OAI-PMH metadata: Dublin Core (oai_dc) and memreg's own XML (memreg 1.0).

Text is escaped and stripped of characters XML 1.0 cannot hold (control characters a
source may carry), so every record is well-formed whatever its data. The memreg format is
described by schemas/memreg-1.0.xsd, which the register publishes at /oai/schemas/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from memreg.publish.shapes import memorial_geometry

MEMREG_NAMESPACE = "https://memreg.org/schemas/memreg/1.0"
MEMREG_SCHEMA_FILE = Path(__file__).parent / "schemas" / "memreg-1.0.xsd"
OAI_DC_NAMESPACE = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC = "http://purl.org/dc/elements/1.1/"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def text(value: Any) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def attr(value: Any) -> str:
    return quoteattr(_NOT_XML.sub("", str(value)))


def record_uri(site: str, record_type: str, record_id: str) -> str:
    return f"{site}/{record_type}s/{record_id}"


def _element(name: str, value: Any) -> str:
    return "" if value is None or value == "" else f"<{name}>{text(value)}</{name}>"


def _dc(parts: list[tuple[str, Any]]) -> str:
    body = "".join(
        f"<dc:{name}>{text(value)}</dc:{name}>" for name, value in parts if value not in (None, "")
    )
    return (
        f'<oai_dc:dc xmlns:oai_dc="{OAI_DC_NAMESPACE}" xmlns:dc="{DC}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{OAI_DC_NAMESPACE} {OAI_DC_SCHEMA}">{body}</oai_dc:dc>'
    )


def _person_name(row: dict[str, Any]) -> str:
    return " ".join(p for p in (row.get("surname"), row.get("given_name"),
                                row.get("patronymic")) if p)  # fmt: skip


def oai_dc(record_type: str, row: dict[str, Any], site: str) -> str:
    uri = record_uri(site, record_type, row["id"])
    if record_type == "memorial":
        counts = [f"{label}: {row[key]}" for key, label in (
            ("buried_total", "buried"), ("buried_known", "known by name"),
            ("buried_unknown", "unknown")) if row.get(key) is not None]  # fmt: skip
        place = ", ".join(p for p in (row.get("settlement"), row.get("region"),
                                      row.get("country")) if p)  # fmt: skip
        parts: list[tuple[str, Any]] = [("title", row["name"])]
        parts += [("title", n) for n in (row.get("names") or {}).values() if n != row["name"]]
        parts += [
            ("type", f"memorial: {row['kind']}"),
            ("subject", row.get("commemorates")),
            ("description", "; ".join(counts) or None),
            ("description", f"status: {row['status']}"),
            ("coverage", place),
            ("coverage", f"{row['lat']}, {row['lon']}" if row.get("lat") is not None else None),
            ("date", row.get("erected")),
            ("identifier", uri),
            ("identifier", row.get("register_number")),
            ("relation", f"https://www.wikidata.org/wiki/{row['wikidata']}"
                         if row.get("wikidata") else None),
            ("relation", f"https://www.openstreetmap.org/{row['osm_id']}"
                         if row.get("osm_id") else None),
        ]  # fmt: skip
    else:
        life = "–".join(d or "?" for d in (row.get("birth_date"), row.get("death_date")))
        parts = [
            ("title", _person_name(row)),
            ("type", "person"),
            ("date", life if row.get("birth_date") or row.get("death_date") else None),
            ("description", ", ".join(p for p in (row.get("rank"), row.get("unit")) if p)),
            ("description", f"fate: {row['fate']}" if row.get("fate") else None),
            ("coverage", row.get("birthplace")),
            ("identifier", uri),
        ]
        parts += [("relation", record_uri(site, "memorial", link["memorial_id"]))
                  for link in row.get("links", [])]  # fmt: skip
    return _dc(parts)


def memreg_xml(record_type: str, row: dict[str, Any], site: str) -> str:
    uri = record_uri(site, record_type, row["id"])
    head = (f"<memreg:{record_type} xmlns:memreg={attr(MEMREG_NAMESPACE)} "
            f"id={attr(row['id'])} uri={attr(uri)}>")  # fmt: skip
    e = _memreg_element
    if record_type == "memorial":
        geometry = memorial_geometry(row)
        outline = geometry if geometry and geometry["type"] != "Point" else None
        body = [e("registerNumber", row.get("register_number")), e("kind", row["kind"]),
                e("name", row["name"])]  # fmt: skip
        body += [f"<memreg:nameIn lang={attr(lang)}>{text(name)}</memreg:nameIn>"
                 for lang, name in sorted((row.get("names") or {}).items())]  # fmt: skip
        if row.get("lat") is not None and row.get("lon") is not None:
            body.append(f'<memreg:location lat="{row["lat"]!r}" lon="{row["lon"]!r}"/>')
        body.append(e("outline", json.dumps(outline) if outline else None))
        for name, key in (
            ("country", "country"), ("region", "region"), ("settlement", "settlement"),
            ("address", "address"), ("commemorates", "commemorates"), ("erected", "erected"),
            ("buriedTotal", "buried_total"), ("buriedKnown", "buried_known"),
            ("buriedUnknown", "buried_unknown"), ("protectionLevel", "protection_level"),
            ("protectionNumber", "protection_number"), ("protectionDate", "protection_date"),
            ("custodian", "custodian"), ("status", "status"), ("osmId", "osm_id"),
            ("wikidata", "wikidata"),
        ):  # fmt: skip
            body.append(e(name, row.get(key)))
        for scheme, value in sorted((row.get("external_ids") or {}).items()):
            body.append(f"<memreg:externalId scheme={attr(scheme)}>{text(value)}"
                        "</memreg:externalId>")  # fmt: skip
    else:
        body = [e("surname", row["surname"]), e("givenName", row.get("given_name")),
                e("patronymic", row.get("patronymic"))]  # fmt: skip
        body += [e("nameVariant", v) for v in row.get("name_variants") or []]
        for name, key in (("birthDate", "birth_date"), ("deathDate", "death_date"),
                          ("birthplace", "birthplace"), ("rank", "rank"), ("unit", "unit"),
                          ("fate", "fate")):  # fmt: skip
            body.append(e(name, row.get(key)))
        body += [f"<memreg:link memorial={attr(link['memorial_id'])} role={attr(link['role'])}/>"
                 for link in row.get("links", [])]  # fmt: skip
    body += [e("version", row["version"]), e("updated", row["datestamp"])]
    return head + "".join(body) + f"</memreg:{record_type}>"


def _memreg_element(name: str, value: Any) -> str:
    return _element(f"memreg:{name}", value)
