"""OAI-PMH 2.0: the six verbs, their arguments and errors, as XML text.

`answer(arguments, context)` takes the request's arguments (name -> list of values, as a
query string or form body holds them) and returns the response document; routes.py only
carries it over HTTP. Records are memorials and persons; their datestamp is the time of
the revision that last changed them; retired records are reported as deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from memreg.domain.validation import ID_PATTERN
from memreg.publish.oai_records import (
    MEMREG_NAMESPACE,
    OAI_DC_NAMESPACE,
    OAI_DC_SCHEMA,
    attr,
    memreg_xml,
    oai_dc,
    text,
)
from memreg.store.harvest import (
    SET_COLUMNS,
    HarvestQuery,
    earliest_datestamp,
    harvest_page,
    harvest_record,
    newest_revision,
    set_values,
)
from memreg.web.oai.tokens import BadToken, ListState, decode, encode

PAGE_SIZE = 100
RECORD_TYPES = ("memorial", "person")
FORMATS = {
    "oai_dc": (OAI_DC_SCHEMA, OAI_DC_NAMESPACE, oai_dc),
    "memreg": ("{base}/schemas/memreg-1.0.xsd", MEMREG_NAMESPACE, memreg_xml),
}
VERBS: dict[str, tuple[set[str], set[str]]] = {  # verb: (required, optional) arguments
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}
_FORMS = {
    "metadataPrefix": re.compile(r"[A-Za-z0-9\-_.!~*'()]+"),
    "set": re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*"),
    "identifier": re.compile(r"[!-~]{1,300}"),  # printable ASCII, as a URI is
    "resumptionToken": re.compile(r"[!-~]{1,2000}"),
}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@dataclass(frozen=True)
class Context:
    conn: Connection
    base_url: str  # this endpoint, e.g. https://register.example/oai
    site: str  # where record pages live, e.g. https://register.example
    repository_name: str
    admin_email: str
    namespace: str
    secret: str


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _envelope(ctx: Context, request_attrs: dict[str, str], body: str) -> str:
    attrs = "".join(f" {k}={attr(v)}" for k, v in request_attrs.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ '
        'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
        f"<responseDate>{now()}</responseDate>"
        f"<request{attrs}>{text(ctx.base_url)}</request>{body}</OAI-PMH>\n"
    )


def answer(arguments: dict[str, list[str]], ctx: Context) -> str:
    verbs = arguments.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        why = "no verb" if not verbs else "repeated verb" if len(verbs) > 1 else "unknown verb"
        return _error(ctx, {}, OaiError("badVerb", f"{why}; use one of " + ", ".join(VERBS)))
    verb = verbs[0]
    try:
        args = _check_arguments(verb, arguments)
    except OaiError as error:
        return _error(ctx, {}, error)
    request_attrs = {"verb": verb, **args}
    try:
        body = _VERB_HANDLERS[verb](ctx, args)
    except OaiError as error:
        # After badArgument the request element carries no arguments, as the protocol asks.
        return _error(ctx, {} if error.code == "badArgument" else request_attrs, error)
    return _envelope(ctx, request_attrs, f"<{verb}>{body}</{verb}>")


def _error(ctx: Context, request_attrs: dict[str, str], error: OaiError) -> str:
    body = f'<error code="{error.code}">{text(error.message)}</error>'
    return _envelope(ctx, request_attrs, body)


def _check_arguments(verb: str, arguments: dict[str, list[str]]) -> dict[str, str]:
    required, optional = VERBS[verb]
    args: dict[str, str] = {}
    for name, values in arguments.items():
        if name == "verb":
            continue
        if name not in required | optional:
            raise OaiError("badArgument", f"{name[:60]} is not an argument of {verb}")
        if len(values) != 1:
            raise OaiError("badArgument", f"{name} is given more than once")
        args[name] = values[0]
    if "resumptionToken" in args:
        if len(args) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument")
        return args
    missing = sorted(required - set(args))
    if missing:
        raise OaiError("badArgument", f"{verb} needs {', '.join(missing)}")
    # Values echoed in the answer's request element must have the schema's form.
    for name, pattern in _FORMS.items():
        if name in args and not pattern.fullmatch(args[name]):
            raise OaiError("badArgument", f"{name} is not of the form the protocol allows")
    return args


# --- Identify, ListMetadataFormats, ListSets -------------------------------------------


def _identify(ctx: Context, args: dict[str, str]) -> str:
    earliest = earliest_datestamp(ctx.conn)
    earliest_text = _second(earliest) if earliest else "1970-01-01T00:00:00Z"
    return (
        f"<repositoryName>{text(ctx.repository_name)}</repositoryName>"
        f"<baseURL>{text(ctx.base_url)}</baseURL><protocolVersion>2.0</protocolVersion>"
        f"<adminEmail>{text(ctx.admin_email)}</adminEmail>"
        f"<earliestDatestamp>{earliest_text}</earliestDatestamp>"
        "<deletedRecord>persistent</deletedRecord>"
        "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>"
    )


def _list_formats(ctx: Context, args: dict[str, str]) -> str:
    if "identifier" in args:
        _record(ctx, args["identifier"])  # idDoesNotExist when there is none
    return "".join(
        f"<metadataFormat><metadataPrefix>{prefix}</metadataPrefix>"
        f"<schema>{text(schema.format(base=ctx.base_url))}</schema>"
        f"<metadataNamespace>{namespace}</metadataNamespace></metadataFormat>"
        for prefix, (schema, namespace, _) in FORMATS.items()
    )


def _list_sets(ctx: Context, args: dict[str, str]) -> str:
    if "resumptionToken" in args:
        raise OaiError("badResumptionToken", "the list of sets comes in one piece")
    sets = [("memorial", "Memorials"), ("person", "Persons")]
    names = {"country": "country", "region": "region", "kind": "kind"}
    for column, values in set_values(ctx.conn).items():
        sets.append((f"memorial:{column}", f"Memorials by {names[column]}"))
        sets += [(f"memorial:{column}:{v}", f"Memorials, {names[column]} {v}") for v in values
                 if re.fullmatch(r"[A-Za-z0-9\-_.]+", v)]  # fmt: skip
    return "".join(
        f"<set><setSpec>{text(spec)}</setSpec><setName>{text(name)}</setName></set>"
        for spec, name in sets
    )


# --- records ------------------------------------------------------------------------------


def _second(stamp: str) -> str:
    return stamp[:19] + "Z"


def _identifier(ctx: Context, record_type: str, record_id: str) -> str:
    return f"oai:{ctx.namespace}:{record_type}/{record_id}"


def _set_specs(record_type: str, row: dict[str, Any]) -> list[str]:
    if record_type == "person":
        return ["person"]
    specs = ["memorial"]
    specs += [f"memorial:{c}:{row[c]}" for c in SET_COLUMNS if row.get(c)]
    return specs


def _header(ctx: Context, record_type: str, row: dict[str, Any]) -> str:
    status = ' status="deleted"' if row.get("retired_at") else ""
    specs = "".join(f"<setSpec>{text(s)}</setSpec>" for s in _set_specs(record_type, row))
    return (
        f"<header{status}><identifier>{text(_identifier(ctx, record_type, row['id']))}"
        f"</identifier><datestamp>{_second(row['datestamp'])}</datestamp>{specs}</header>"
    )


def _record_xml(ctx: Context, record_type: str, row: dict[str, Any], prefix: str) -> str:
    header = _header(ctx, record_type, row)
    if row.get("retired_at"):
        return f"<record>{header}</record>"
    metadata = FORMATS[prefix][2](record_type, row, ctx.site)
    return f"<record>{header}<metadata>{metadata}</metadata></record>"


def _record(ctx: Context, identifier: str) -> tuple[str, dict[str, Any]]:
    prefix = f"oai:{ctx.namespace}:"
    local = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    record_type, _, record_id = local.partition("/")
    row = None
    if record_type in RECORD_TYPES and ID_PATTERN.fullmatch(record_id):
        row = harvest_record(ctx.conn, record_type, record_id)
    if row is None:
        raise OaiError("idDoesNotExist", f"no record has the identifier {identifier[:200]}")
    return record_type, row


def _prefix(args: dict[str, str]) -> str:
    prefix = args["metadataPrefix"]
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"use one of {', '.join(FORMATS)}")
    return prefix


def _get_record(ctx: Context, args: dict[str, str]) -> str:
    prefix = _prefix(args)
    record_type, row = _record(ctx, args["identifier"])
    return _record_xml(ctx, record_type, row, prefix)


def _bound(value: str | None, end: bool, name: str) -> tuple[str | None, str | None]:
    """(granularity, ISO timestamp with milliseconds) of a from or until argument."""
    if value is None:
        return None, None
    try:
        if _DAY.match(value):
            day = datetime.strptime(value, "%Y-%m-%d")  # noqa: DTZ007 - a UTC day
            return "day", day.strftime("%Y-%m-%d") + ("T23:59:59.999Z" if end else "T00:00:00.000Z")
        if _SECOND.match(value):
            moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")  # noqa: DTZ007 - it is UTC
            return "second", moment.strftime("%Y-%m-%dT%H:%M:%S") + (".999Z" if end else ".000Z")
    except ValueError:
        pass
    raise OaiError("badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")


def _types_and_set(set_spec: str | None) -> tuple[tuple[str, ...], str | None, str | None]:
    """The record types a set holds, and its memorial column and value."""
    if set_spec is None:
        return RECORD_TYPES, None, None
    parts = set_spec.split(":")
    if parts == ["person"]:
        return ("person",), None, None
    if parts[0] == "memorial" and len(parts) == 1:
        return ("memorial",), None, None
    if parts[0] == "memorial" and len(parts) in (2, 3) and parts[1] in SET_COLUMNS:
        return ("memorial",), parts[1], parts[2] if len(parts) == 3 else None
    return (), None, None  # a set this repository does not have: no records


def _list(ctx: Context, args: dict[str, str], verb: str) -> str:
    if "resumptionToken" in args:
        try:
            state = decode(args["resumptionToken"], ctx.secret)
        except BadToken as exc:
            raise OaiError("badResumptionToken", str(exc)) from None
        if state.verb != verb:
            raise OaiError("badResumptionToken", f"this token continues {state.verb}")
    else:
        prefix = _prefix(args)
        from_granularity, _ = _bound(args.get("from"), False, "from")
        until_granularity, _ = _bound(args.get("until"), True, "until")
        if from_granularity and until_granularity and from_granularity != until_granularity:
            raise OaiError("badArgument", "from and until must have the same granularity")
        state = ListState(verb, prefix, args.get("set"), args.get("from"), args.get("until"),
                          0, None, newest_revision(ctx.conn), 0)  # fmt: skip
    rows, next_state = _page(ctx, state)
    if not rows:  # (later in a list: the records left were all changed since it started)
        raise OaiError("noRecordsMatch", "no record matches these arguments")
    if verb == "ListIdentifiers":
        body = "".join(_header(ctx, t, r) for t, r in rows)
    else:
        body = "".join(_record_xml(ctx, t, r, state.prefix) for t, r in rows)
    if next_state is not None:
        token = encode(next_state, ctx.secret)
        body += f'<resumptionToken cursor="{state.cursor}">{token}</resumptionToken>'
    elif state.cursor > 0:
        body += f'<resumptionToken cursor="{state.cursor}"/>'
    return body


def _page(ctx: Context, state: ListState) -> tuple[list[tuple[str, dict]], ListState | None]:
    """Up to PAGE_SIZE records from where the state left off, and the state after them."""
    types, column, value = _types_and_set(state.set_spec)
    _, updated_from = _bound(state.from_, False, "from")
    _, updated_until = _bound(state.until, True, "until")
    rows: list[tuple[str, dict]] = []
    phase, after = state.phase, state.after
    while phase < len(types):
        query = HarvestQuery(types[phase], state.newest, after, updated_from, updated_until,
                             column, value)  # fmt: skip
        found = harvest_page(ctx.conn, query, PAGE_SIZE - len(rows) + 1)
        rows += [(types[phase], r) for r in found]
        if len(rows) > PAGE_SIZE:
            rows = rows[:PAGE_SIZE]
            last_type, last = rows[-1]  # the next page goes on from the last record served
            return rows, replace(state, phase=types.index(last_type),
                                 after=(last["revision_id"], last["pk"]),
                                 cursor=state.cursor + len(rows))  # fmt: skip
        phase, after = phase + 1, None
    return rows, None


_VERB_HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda ctx, args: _list(ctx, args, "ListIdentifiers"),
    "ListRecords": lambda ctx, args: _list(ctx, args, "ListRecords"),
}
