"""Mapping files: how a source's columns and words become the register's fields.

A mapping is a small YAML file (docs/import-format.md, "Mapping files"). It names the
column (or columns) each register field comes from and how the value is turned into the
register's: split (`красноармеец|рядовой` -> rank and variants), joined, matched against
a table of words (`убит` -> killed_in_action), read as an archival date, looked up as a
country or region, cut out of a URL by a pattern. Shipped mappings live beside this module
(ingest/mappings/*.yaml) and go by name.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from memreg.domain.dates import DateError, archival_to_edtf
from memreg.domain.errors import FieldProblem, ValidationError
from memreg.domain.kinds import guess_kind
from memreg.domain.places import country_from_name, region_from_name
from memreg.domain.validation import ID_PATTERN
from memreg.domain.vocabulary import NAME_LANGUAGES
from memreg.ingest.geometry import outline_of, point_of
from memreg.ingest.records import Mapped, SourceRecord

SHIPPED = Path(__file__).with_name("mappings")
MEMORIAL_TARGETS = frozenset(
    {
        "id", "kind", "name", "lat", "lon", "country", "region", "settlement", "address",
        "commemorates", "erected", "buried_total", "buried_known", "buried_unknown",
        "protection_level", "protection_number", "custodian", "status", "osm_id", "wikidata",
    }
    | {f"name_{lang}" for lang in NAME_LANGUAGES}
)  # fmt: skip
PERSON_TARGETS = frozenset(
    {
        "id", "surname", "given_name", "patronymic", "birth_date", "death_date", "birthplace",
        "rank", "unit", "fate", "memorial_id", "role", "name_variants", "rank_variants",
    }
)  # fmt: skip
TARGETS = {"memorial": MEMORIAL_TARGETS, "person": PERSON_TARGETS}
RULE_KEYS = frozenset(
    {"column", "join", "value", "template", "split", "values", "otherwise", "date",
     "age_reference", "pattern", "lookup", "case", "html", "number"}
)  # fmt: skip
TOP_KEYS = frozenset(
    {"name", "title", "record_type", "detect", "source_key", "fields", "defaults", "nulls",
     "external_ids", "notes"}
)  # fmt: skip
LOOKUPS = ("country", "region", "kind", "wikidata", "osm")
MEMO_SIZE = 50_000  # converted values kept per rule (lists repeat dates, ranks and places)
_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]+>")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_WIKIDATA_ID = re.compile(r"(?:^|/|:)(Q[1-9][0-9]*)$")
_OSM_ID = re.compile(r"(node|way|relation|[nwr])[/ ]?([1-9][0-9]*)$")
Getter = Callable[[dict[str, Any]], str]


class MappingError(ValidationError):
    """A mapping file that cannot be used; the problem names its key."""

    def __init__(self, where: str, message: str) -> None:
        problem = FieldProblem(field=where, message=message)
        super().__init__([problem], message=f"mapping {where}: {message}")


def fold_word(value: str) -> str:
    """How words are compared in `values` tables: case, ё/е and spaces do not count."""
    return _SPACES.sub(" ", value.casefold().replace("ё", "е")).strip(" .;,")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        return _text(value.get("value", value.get("name", "")))
    return str(value).strip()


def _column_getter(column: str, nulls: frozenset[str]) -> Getter:
    """The cell of `column`; a dotted name reaches into nested JSON (`address.fullAddress`)."""
    parts = column.split(".")

    def get(fields: dict[str, Any]) -> str:
        value = fields.get(column)
        if type(value) is str:  # CSV and most JSON: the common case, kept short
            text = value.strip()
            return "" if text in nulls else text
        if value is None and len(parts) > 1:
            value = fields
            for part in parts:
                value = value.get(part) if isinstance(value, dict) else None
        text = _text(value)
        return "" if text in nulls else text

    return get


@dataclass
class Rule:
    """How one register field is made from a record; `apply` returns value and variants."""

    target: str
    columns: tuple[str, ...]
    get: Callable[[dict[str, Any]], str]
    split: str | None = None
    values: dict[str, str] | None = None
    otherwise: str = "keep"
    date: str | None = None
    age_reference: Getter | None = None
    pattern: re.Pattern[str] | None = None
    lookup: str | None = None
    case: str | None = None
    html: bool = False
    number: str | None = None
    memo: dict[Any, Any] = field(default_factory=dict)  # cell text -> converted result

    def extract(self, fields: dict[str, Any]) -> str:
        """The rule's text for a key or an external id: the cell, cut by the pattern."""
        text = self.get(fields)
        if text and self.pattern is not None:
            found = self.pattern.search(text)
            text = "" if found is None else (found[1] if found.groups() else found[0])
        return text


def _compile_rule(target: str, spec: Any, nulls: frozenset[str]) -> Rule:
    where = f"fields.{target}"
    if isinstance(spec, str):
        spec = {"column": spec}
    if not isinstance(spec, dict):
        raise MappingError(where, "must be a column name or a table of options")
    unknown = sorted(set(spec) - RULE_KEYS)
    if unknown:
        raise MappingError(
            where, f"unknown option {unknown[0]!r}; use " + ", ".join(sorted(RULE_KEYS))
        )
    columns: tuple[str, ...] = ()
    get: Getter
    if "value" in spec:
        constant = _text(spec["value"])
        get = lambda fields: constant  # noqa: E731
    elif "template" in spec:
        template = str(spec["template"])
        names = tuple(_PLACEHOLDER.findall(template))
        getters = {n: _column_getter(n, nulls) for n in names}
        columns = names

        def get(fields: dict[str, Any]) -> str:
            cells = {n: g(fields) for n, g in getters.items()}
            if not any(cells.values()):
                return ""
            text = _PLACEHOLDER.sub(lambda m: cells[m[1]], template)
            return _SPACES.sub(" ", text).strip(" ,;-")

    elif "column" in spec:
        raw = spec["column"]
        columns = tuple(raw) if isinstance(raw, list) else (str(raw),)
        if not columns or not all(isinstance(c, str) and c for c in columns):
            raise MappingError(where, "column must name a column or a list of columns")
        getters_list = [_column_getter(c, nulls) for c in columns]
        joiner = spec.get("join")
        if len(getters_list) == 1:
            get = getters_list[0]
        elif joiner is not None:
            sep = str(joiner)
            get = lambda fields: sep.join(t for t in (g(fields) for g in getters_list) if t)  # noqa: E731
        else:
            get = lambda fields: next((t for t in (g(fields) for g in getters_list) if t), "")  # noqa: E731
    else:
        raise MappingError(where, "needs column, template or value")
    values = spec.get("values")
    if values is not None:
        if not isinstance(values, dict):
            raise MappingError(f"{where}.values", "must map source words to register values")
        values = {fold_word(str(k)): _text(v) for k, v in values.items()}
    date = spec.get("date")
    if date not in (None, "archival", "edtf"):
        raise MappingError(f"{where}.date", "must be archival or edtf")
    lookup = spec.get("lookup")
    if lookup is not None and lookup not in LOOKUPS:
        raise MappingError(f"{where}.lookup", "must be one of " + ", ".join(LOOKUPS))
    pattern = spec.get("pattern")
    try:
        compiled = re.compile(str(pattern)) if pattern is not None else None
    except re.error as exc:
        raise MappingError(f"{where}.pattern", f"is not a regular expression ({exc})") from None
    reference = spec.get("age_reference")
    return Rule(
        target=target,
        columns=columns,
        get=get,
        split=str(spec["split"]) if spec.get("split") else None,
        values=values,
        otherwise=_text(spec.get("otherwise", "keep")),
        date=date,
        age_reference=_column_getter(str(reference), nulls) if reference else None,
        pattern=compiled,
        lookup=lookup,
        case=spec.get("case"),
        html=bool(spec.get("html")),
        number=spec.get("number"),
    )


@dataclass
class Mapping:
    """A compiled mapping file."""

    name: str
    record_type: str
    rules: list[Rule]
    title: str = ""
    detect: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    nulls: frozenset[str] = frozenset({""})
    key_namespace: str | None = None
    key_rule: Rule | None = None
    external_rules: list[Rule] = field(default_factory=list)
    guess_kinds: bool = True

    @property
    def columns(self) -> set[str]:
        used = {c for r in self.rules for c in r.columns}
        if self.key_rule:
            used.update(self.key_rule.columns)
        for rule in self.external_rules:
            used.update(rule.columns)
        return used

    @property
    def targets(self) -> set[str]:
        """The register fields this mapping fills: a re-import compares only these."""
        out = {"id", "kind", *(r.target for r in self.rules), *self.defaults}
        if self.record_type == "memorial":
            out.update(("lat", "lon", "outline"))
        if self.external_rules:
            out.add("external_ids")
        for rule in self.rules:
            if rule.split and rule.target in ("rank", "surname"):
                out.add("rank_variants" if rule.target == "rank" else "name_variants")
        return out

    def matches(self, header: Iterable[str]) -> bool:
        return bool(self.detect) and set(self.detect) <= set(header)

    def __post_init__(self) -> None:
        plain = [
            r for r in self.rules
            if len(r.columns) == 1 and "." not in r.columns[0] and r.age_reference is None
            and r.lookup != "region" and r.get.__name__ == "get"
        ]  # fmt: skip
        self._plain = [(r.columns[0], r.memo, r) for r in plain]
        self._contextual = [r for r in self.rules if r not in plain]

    def with_defaults(self, defaults: dict[str, str]) -> Mapping:
        fields = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
        return Mapping(**{**fields, "defaults": {**self.defaults, **defaults}})

    def apply(self, record: SourceRecord) -> Mapped:
        """The record in the register's fields; problems and notes name what happened."""
        out = Mapped(record.line, {}, raw=record.fields)
        if record.problem:
            out.problems.append(FieldProblem("row", record.problem, record.line))
            return out
        fields = record.fields
        values = out.values
        for column, memo, rule in self._plain:  # one column, no context: one look-up a cell
            raw = fields.get(column)
            if not raw:
                continue
            result = memo.get(raw) if type(raw) is str else None
            if result is None:
                text = rule.get(fields)
                result = self._convert(rule, text, None, None) if text else ((), None, ())
                if type(raw) is str:
                    if len(memo) >= MEMO_SIZE:
                        memo.clear()
                    memo[raw] = result
            assignments, problem, notes = result
            for target, value in assignments:
                values[target] = value
            if problem is not None:
                out.problems.append(FieldProblem(problem[0], problem[1], out.line, problem[2]))
            if notes:
                out.notes.extend(notes)
        for rule in self._contextual:
            self._apply_rule(rule, fields, out)
        for target, default in self.defaults.items():
            if not values.get(target):
                values[target] = default
        if self.record_type == "memorial":
            self._place(record, out)
        if self.key_rule is not None:
            key = self.key_rule.extract(fields)
            if key:
                out.source_key = f"{self.key_namespace}:{key}"
                if not values.get("id"):
                    values["id"] = record_id_for(self.key_namespace or "src", key)
        externals = {}
        for rule in self.external_rules:
            external = rule.extract(fields)
            if external:
                externals[rule.target] = external
        if externals:
            values["external_ids"] = externals
        return out

    def _apply_rule(self, rule: Rule, fields: dict[str, Any], out: Mapped) -> None:
        """Set the rule's field from the record; lists repeat values, so results are kept."""
        text = rule.get(fields)
        if not text:
            return
        reference = rule.age_reference(fields) if rule.age_reference else None
        country = out.values.get("country") if rule.lookup == "region" else None
        key = (text, reference, country)
        result = rule.memo.get(key)
        if result is None:
            result = self._convert(rule, text, reference, country)
            if len(rule.memo) >= MEMO_SIZE:
                rule.memo.clear()
            rule.memo[key] = result
        assignments, problem, notes = result
        for target, value in assignments:
            out.values[target] = value
        if problem is not None:
            out.problems.append(FieldProblem(problem[0], problem[1], out.line, problem[2]))
        if notes:
            out.notes.extend(notes)

    def _convert(
        self, rule: Rule, text: str, reference: str | None, country: str | None
    ) -> tuple[tuple[tuple[str, Any], ...], tuple[str, str, str] | None, tuple[str, ...]]:
        """(fields to set, a problem as (field, message, value), notes) for one cell's text."""
        scratch = Mapped(0, {"country": country} if country else {})
        if rule.html:
            text = _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", html.unescape(text)))).strip()
        if rule.pattern is not None:
            found = rule.pattern.search(text)
            if found is None:
                where = rule.columns[0] if rule.columns else "the value"
                return (
                    (),
                    (rule.target, f"{where} does not match the mapping's pattern", text[:80]),
                    (),
                )
            text = found[1] if found.groups() else found[0]
        parts = [p.strip() for p in text.split(rule.split)] if rule.split else [text]
        parts = [p for p in parts if p]
        if parts and rule.values is not None:
            parts = [w for w in (self._word(rule, p, scratch) for p in parts) if w]
        if parts and rule.case == "title":
            parts = [p.title() for p in parts]
        elif parts and rule.case == "upper":
            parts = [p.upper() for p in parts]
        if parts and rule.date is not None:
            try:
                parts = [archival_to_edtf(p, _year(reference or "")) for p in parts]
            except DateError as exc:
                return (), (rule.target, str(exc), text[:80]), tuple(scratch.notes)
        if parts and rule.lookup is not None:
            looked = self._lookup(rule, parts[0], scratch)
            parts = [looked] if looked is not None else []
        if parts and rule.number == "decimal":
            parts = [p.replace(" ", "").replace("\u00a0", "") for p in parts]
        problem = None
        if scratch.problems:
            first_problem = scratch.problems[0]
            problem = (first_problem.field, first_problem.message, first_problem.value or "")
        if not parts:
            return (), problem, tuple(scratch.notes)
        first, rest = parts[0], parts[1:]
        assignments: list[tuple[str, Any]] = [(rule.target, first)]
        if rest:
            variants_field = {"rank": "rank_variants", "surname": "name_variants"}.get(rule.target)
            if variants_field:
                others = [r for r in dict.fromkeys(rest) if r != first]
                if others:
                    assignments.append((variants_field, others))
            else:
                assignments[0] = (rule.target, "; ".join(dict.fromkeys(parts)))
        return tuple(assignments), problem, tuple(scratch.notes)

    def _word(self, rule: Rule, word: str, out: Mapped) -> str:
        assert rule.values is not None
        found = rule.values.get(fold_word(word))
        if found is not None:
            return found
        if rule.otherwise == "keep":
            return word
        if rule.otherwise == "empty":
            out.notes.append(f"{rule.target}: {word!r} is not in the mapping and was left empty")
            return ""
        out.notes.append(
            f"{rule.target}: {word!r} is not in the mapping: stored as {rule.otherwise}"
        )
        return rule.otherwise

    def _lookup(self, rule: Rule, text: str, out: Mapped) -> str | None:
        if rule.lookup == "country":
            code = country_from_name(text)
            if code is None:
                out.problems.append(
                    FieldProblem(rule.target, "is not a country memreg knows", out.line, text[:80])
                )
            return code
        if rule.lookup == "region":
            country = out.values.get("country") or self.defaults.get("country")
            code = region_from_name(text, country)
            if code is None:
                out.notes.append(
                    f"{rule.target}: {text[:60]!r} is not a region memreg knows: left empty"
                )
            return code
        if rule.lookup == "kind":
            kind = guess_kind(text)
            if kind is None:
                return None
            return kind
        if rule.lookup == "wikidata":
            found = _WIKIDATA_ID.search(text)
            if found is None:
                out.problems.append(
                    FieldProblem(rule.target, "is not a Wikidata item", out.line, text[:80])
                )
                return None
            return found[1]
        found_osm = _OSM_ID.search(text.strip())
        if found_osm is None:
            out.problems.append(
                FieldProblem(rule.target, "is not an OpenStreetMap id", out.line, text[:80])
            )
            return None
        kind = {"n": "node", "w": "way", "r": "relation"}.get(found_osm[1], found_osm[1])
        return f"{kind}/{found_osm[2]}"

    def _place(self, record: SourceRecord, out: Mapped) -> None:
        values = out.values
        if not values.get("lat") and not values.get("lon") and record.geometry:
            point = point_of(record.geometry)
            if point is not None:
                values["lon"], values["lat"] = point
            outline = outline_of(record.geometry)
            if outline is not None:
                values["outline"] = outline
        if not values.get("kind") and self.guess_kinds:
            texts = [values.get("name") or "", record.layer or ""]
            texts += [values.get(f"name_{lang}") or "" for lang in ("ru", "be", "uk", "en")]
            kind = next((k for k in map(guess_kind, filter(None, texts)) if k), None)
            if kind is None:
                kind = "other"
                out.notes.append("kind: not given and not told by the name: set to other")
            values["kind"] = kind


def _year(text: str) -> int | None:
    found = re.search(r"(1[0-9]{3}|20[0-9]{2})", text or "")
    return int(found[1]) if found else None


def record_id_for(namespace: str, key: str) -> str:
    """The register id of a record first imported with this source key (`obd-6891611`)."""
    candidate = f"{namespace}-{key}"
    if ID_PATTERN.fullmatch(candidate):
        return candidate
    digest = hashlib.blake2b(f"{namespace}\x1f{key}".encode(), digest_size=8).hexdigest()
    return f"{namespace[:40]}-{digest}"


def compile_mapping(data: Any, name: str) -> Mapping:
    """A Mapping from a mapping file's parsed YAML; MappingError names the bad key."""
    if not isinstance(data, dict):
        raise MappingError("file", "must be a YAML table (record_type, fields, ...)")
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise MappingError(unknown[0], "is not a mapping key; use " + ", ".join(sorted(TOP_KEYS)))
    record_type = str(data.get("record_type", "")).rstrip("s")
    if record_type not in TARGETS:
        raise MappingError("record_type", "must be memorials or persons")
    nulls = frozenset({"", *(str(n) for n in data.get("nulls") or ())})
    fields = data.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise MappingError("fields", "must map register fields to columns")
    rules = []
    for target, spec in fields.items():
        if target not in TARGETS[record_type]:
            raise MappingError(
                f"fields.{target}",
                f"is not a {record_type} field; use " + ", ".join(sorted(TARGETS[record_type])),
            )
        rules.append(_compile_rule(target, spec, nulls))
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise MappingError("defaults", "must map register fields to values")
    for target in defaults:
        if target not in TARGETS[record_type]:
            raise MappingError(f"defaults.{target}", f"is not a {record_type} field")
    key = data.get("source_key")
    namespace, key_rule = None, None
    if key is not None:
        if not isinstance(key, dict) or not re.fullmatch(
            r"[a-z][a-z0-9_-]{0,30}", str(key.get("namespace", ""))
        ):
            raise MappingError(
                "source_key", "needs a namespace (a short lower-case word) and a column"
            )
        namespace = str(key["namespace"])
        key_rule = _compile_rule(
            "source_key", {k: v for k, v in key.items() if k != "namespace"}, nulls
        )
    externals = []
    for external, spec in (data.get("external_ids") or {}).items():
        externals.append(_compile_rule(str(external), spec, nulls))
    detect = data.get("detect") or ()
    return Mapping(
        name=str(data.get("name") or name),
        record_type=record_type,
        rules=rules,
        title=str(data.get("title") or ""),
        detect=tuple(str(d) for d in detect),
        defaults={k: _text(v) for k, v in defaults.items()},
        nulls=nulls,
        key_namespace=namespace,
        key_rule=key_rule,
        external_rules=externals,
    )


@cache
def shipped_mappings() -> dict[str, Mapping]:
    out = {}
    for path in sorted(SHIPPED.glob("*.yaml")):
        out[path.stem] = compile_mapping(
            yaml.safe_load(path.read_text(encoding="utf-8")), path.stem
        )
    return out


def load_mapping(name_or_path: str) -> Mapping:
    """A shipped mapping by name (`obd-memorial`) or a mapping file by path."""
    shipped = shipped_mappings()
    if name_or_path in shipped:
        return shipped[name_or_path]
    path = Path(name_or_path)
    if not path.is_file():
        raise MappingError(
            "--mapping",
            f"{name_or_path!r} is neither a shipped mapping ({', '.join(shipped)}) nor a file",
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError("file", f"{path.name} is not valid YAML ({exc})") from None
    return compile_mapping(data, path.stem)


def mapping_for_header(header: Iterable[str], record_type: str) -> Mapping | None:
    """The shipped mapping whose layout this header has, if one does."""
    columns = set(header)
    for mapping in shipped_mappings().values():
        if mapping.record_type == record_type and mapping.matches(columns):
            return mapping
    return None
