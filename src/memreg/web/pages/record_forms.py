"""The fields of the memorial and person forms: what each is, how it is shown, how it is read.

One description serves the direct edit of an editor and the proposal of a contributor, so
both see the same form and the same messages beside the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from memreg.domain.vocabulary import Fate, LifecycleStatus, MemorialKind, ProtectionLevel
from memreg.web.pages.labels import N_

FORM_NAME_LANGUAGES = ("ru", "be", "uk", "en")


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str = "text"  # text, number, select, lines (one value a line)
    choices: tuple[str, ...] = ()
    vocabulary: str = ""  # the label filter of the choices
    wide: bool = False


MEMORIAL_FIELDS = (
    FormField("name", N_("Name (as the register gives it)"), wide=True),
    *(FormField(f"name_{lang}", label, wide=True) for lang, label in (
        ("ru", N_("Name in Russian")), ("be", N_("Name in Belarusian")),
        ("uk", N_("Name in Ukrainian")), ("en", N_("Name in English")))),
    FormField("kind", N_("Kind"), "select", tuple(k.value for k in MemorialKind), "kind"),
    FormField("status", N_("State"), "select", tuple(s.value for s in LifecycleStatus), "status"),
    FormField("country", N_("Country (ISO code, e.g. BY)")),
    FormField("region", N_("Region (ISO 3166-2 code, e.g. BY-MI)")),
    FormField("settlement", N_("Settlement")),
    FormField("address", N_("Address"), wide=True),
    FormField("lat", N_("Latitude"), "number"),
    FormField("lon", N_("Longitude"), "number"),
    FormField("commemorates", N_("What it commemorates"), wide=True),
    FormField("erected", N_("Erected")),
    FormField("buried_total", N_("Buried in all"), "number"),
    FormField("buried_known", N_("Known by name"), "number"),
    FormField("buried_unknown", N_("Unknown"), "number"),
    FormField("protection_level", N_("Protection"), "select",
              tuple(p.value for p in ProtectionLevel), "protection"),
    FormField("protection_number", N_("Listing number")),
    FormField("custodian", N_("Custodian"), wide=True),
    FormField("osm_id", N_("OpenStreetMap id (node/123)")),
    FormField("wikidata", N_("Wikidata id (Q123)")),
)  # fmt: skip

PERSON_FIELDS = (
    FormField("surname", N_("Surname (as the source writes it)")),
    FormField("given_name", N_("Given name")),
    FormField("patronymic", N_("Patronymic")),
    FormField("name_variants", N_("Other spellings (one a line)"), "lines"),
    FormField("birth_date", N_("Born (e.g. 1912, 1912-05-03, 1912?)")),
    FormField("death_date", N_("Died")),
    FormField("birthplace", N_("Birthplace"), wide=True),
    FormField("rank", N_("Rank")),
    FormField("unit", N_("Unit"), wide=True),
    FormField("fate", N_("Fate"), "select", tuple(f.value for f in Fate), "fate"),
)

FIELDS = {"memorial": MEMORIAL_FIELDS, "person": PERSON_FIELDS}


def read_form(record_type: str, form: FormData) -> dict[str, Any]:
    """The record's fields as typed: an empty field is None (clears it)."""
    values: dict[str, Any] = {}
    for field in FIELDS[record_type]:
        raw = form.get(field.name)
        text = raw.strip() if isinstance(raw, str) else ""
        if field.kind == "lines":
            values[field.name] = [line.strip() for line in text.splitlines() if line.strip()]
        else:
            values[field.name] = text or None
    return values


def shown_values(record_type: str, record: dict[str, Any]) -> dict[str, str]:
    """A stored record as the form shows it."""
    shown: dict[str, str] = {}
    names = record.get("names") or {}
    for field in FIELDS[record_type]:
        if field.name.startswith("name_") and field.name != "name_variants":
            value: Any = names.get(field.name.removeprefix("name_"))
        else:
            value = record.get(field.name)
        if isinstance(value, list):
            shown[field.name] = "\n".join(str(v) for v in value)
        else:
            shown[field.name] = "" if value is None else str(value)
    return shown
