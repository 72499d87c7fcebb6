"""A mapping made from the names of a file's own fields, when no mapping is given.

Field names are compared without case, spaces or punctuation, in English and Russian
(`Name`, `NAME`, `название`; `adress`, `Адрес`). Only fields that are recognised are
imported; the import's report lists the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from memreg.domain.vocabulary import NAME_LANGUAGES
from memreg.ingest.mapping import Mapping, compile_mapping, shipped_mappings

_NOT_WORD = re.compile(r"[\s_\-.:/]+")
MEMORIAL_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "memorial_id", "identifier", "ref"),
    "name": ("name", "title", "label", "itemlabel", "название", "наименование", "nom", "naam"),
    "kind": ("kind", "type", "category", "memorial", "вид", "тип", "категория"),
    "commemorates": ("commemorates", "description", "descrip", "desc", "itemdescription",
                     "описание", "commemoration", "inscription", "надпись"),
    "address": ("address", "adress", "addr", "fulladdress", "адрес", "местонахождение"),
    "country": ("country", "страна", "country_code", "countrycode"),
    "region": ("region", "oblast", "регион", "область", "субъект"),
    "settlement": ("settlement", "city", "town", "village", "locality", "place",
                   "населенный пункт", "населённый пункт", "город"),
    "lat": ("lat", "latitude", "широта", "y"),
    "lon": ("lon", "lng", "long", "longitude", "долгота", "x"),
    "erected": ("erected", "start_date", "year", "date", "год", "дата", "дата установки"),
    "buried_total": ("buried_total", "buried", "burials", "захоронено", "количество захороненных"),
    "buried_known": ("buried_known", "known", "известных"),
    "wikidata": ("wikidata", "item", "wikidata_id", "qid"),
    "osm_id": ("osm_id", "osm", "osmid"),
    "protection_number": ("protection_number", "inventory", "regnumber", "register_number",
                          "heritage_id", "номер"),
    "custodian": ("custodian", "owner", "operator", "балансодержатель"),
    "status": ("status", "состояние"),
}  # fmt: skip
PERSON_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "person_id", "identifier"),
    "surname": ("surname", "last_name", "lastname", "family_name", "фамилия", "прозвище"),
    "given_name": ("given_name", "first_name", "firstname", "forename", "имя"),
    "patronymic": ("patronymic", "middle_name", "отчество"),
    "birth_date": ("birth_date", "born", "date_of_birth", "дата рождения", "дата рождения/возраст",
                   "год рождения"),
    "death_date": ("death_date", "died", "date_of_death", "дата смерти", "дата гибели",
                   "дата выбытия", "дата гибели/смерти"),
    "birthplace": ("birthplace", "place_of_birth", "место рождения"),
    "rank": ("rank", "звание", "воинское звание"),
    "unit": ("unit", "часть", "последнее место службы", "воинская часть"),
    "fate": ("fate", "судьба", "причина выбытия"),
    "memorial_id": ("memorial_id",),
    "role": ("role",),
}  # fmt: skip
DATE_FIELDS = ("birth_date", "death_date", "erected")
NULLS = ("-1", "NONE", "None", "NULL", "null", "N/A", "n/a", "nan")


def _key(name: str) -> str:
    return _NOT_WORD.sub(" ", name.casefold().replace("ё", "е")).strip()


def auto_mapping(
    columns: Iterable[str], record_type: str, namespace: str, *, geometry: bool = False
) -> Mapping | None:
    """A mapping for these field names, or None when not even a name field is among them."""
    table = MEMORIAL_NAMES if record_type == "memorial" else PERSON_NAMES
    by_key = {_key(c): c for c in columns}
    fields: dict[str, Any] = {}
    for target, names in table.items():
        if geometry and target in ("lat", "lon"):
            continue  # the geometry places the record
        found = next((by_key[_key(n)] for n in names if _key(n) in by_key), None)
        if found is not None:
            fields[target] = found
    if record_type == "memorial":
        for lang in NAME_LANGUAGES:
            for form in (f"name:{lang}", f"name_{lang}"):
                if _key(form) in by_key:
                    fields[f"name_{lang}"] = by_key[_key(form)]
    required = "name" if record_type == "memorial" else "surname"
    if required not in fields and not (record_type == "memorial" and any(
        k.startswith("name_") for k in fields
    )):  # fmt: skip
        return None
    spec: dict[str, Any] = {
        "name": f"automatic ({namespace})",
        "record_type": record_type,
        "nulls": list(NULLS),
        "fields": {},
    }
    for target, column in fields.items():
        rule: dict[str, Any] = {"column": column}
        if target.startswith("name_"):
            rule["html"] = True
        if target in DATE_FIELDS:
            rule["date"] = "archival"
        elif target == "kind":
            rule["lookup"] = "kind"
        elif target == "country":
            rule["lookup"] = "country"
        elif target == "region":
            rule["lookup"] = "region"
        elif target == "wikidata":
            rule["lookup"] = "wikidata"
        elif target == "osm_id":
            rule["lookup"] = "osm"
        elif target in ("commemorates", "name", "address") or target.startswith("name_"):
            rule["html"] = True  # KML and web exports escape (and double-escape) their text
        elif target == "fate":
            obd = shipped_mappings()["obd-memorial"]
            fate = next(r for r in obd.rules if r.target == "fate")
            rule.update(values=dict(fate.values or {}), otherwise="keep")
        elif target == "rank":
            rule["split"] = "|"
        elif target == "id":
            continue  # a source's own id becomes the source key, not the register id
        spec["fields"][target] = rule
    if "id" in fields:
        spec["source_key"] = {"namespace": namespace, "column": fields["id"]}
    return compile_mapping(spec, spec["name"])
