"""Errors are values: each has a stable code, an HTTP status, what it concerns and a message.

One handler per interface renders them (problem+json on the web, one line in the CLI).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PROBLEM_BASE = "https://memreg.org/problems/"


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field of one record or row."""

    field: str
    message: str
    line: int | None = None
    value: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "message": self.message}
        if self.line is not None:
            out["line"] = self.line
        if self.value is not None:
            out["value"] = self.value
        return out

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line is not None else ""
        shown = f" (got {self.value!r})" if self.value is not None else ""
        return f"{where}{self.field}: {self.message}{shown}"


@dataclass
class MemregError(Exception):
    """Base of every error meant for people."""

    message: str
    code: str = "error"
    status: int = 400
    problems: list[FieldProblem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def type_uri(self) -> str:
        return PROBLEM_BASE + self.code

    @property
    def title(self) -> str:
        return self.code.replace("-", " ").capitalize()

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take other arguments than their fields: rebuild from the fields, so an
        # error crosses a process boundary (the import's helper) as it is.
        return (_restore_error, (type(self), dict(self.__dict__)))


def _restore_error(cls: type[MemregError], state: dict[str, Any]) -> MemregError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.message)
    return error


class ValidationError(MemregError):
    def __init__(self, problems: list[FieldProblem], message: str | None = None) -> None:
        if message is None:
            message = "; ".join(str(p) for p in problems[:5])
            if len(problems) > 5:
                message += f"; and {len(problems) - 5} more"
        super().__init__(message=message, code="validation-failed", status=422, problems=problems)


class NotFoundError(MemregError):
    def __init__(self, record_type: str, record_id: str) -> None:
        super().__init__(
            message=f"No {record_type} with id {record_id!r}",
            code="not-found",
            status=404,
            extra={"record_type": record_type, "id": record_id},
        )


class ConflictError(MemregError):
    """An update was made against a version that is no longer current."""

    def __init__(self, record_type: str, record_id: str, expected: int, current: int) -> None:
        super().__init__(
            message=(
                f"{record_type} {record_id!r} was changed by someone else: you edited version "
                f"{expected}, the current version is {current}"
            ),
            code="version-conflict",
            status=409,
            extra={"current_version": current, "expected_version": expected},
        )


class AlreadyExistsError(MemregError):
    def __init__(self, record_type: str, record_id: str) -> None:
        super().__init__(
            message=f"A {record_type} with id {record_id!r} already exists",
            code="already-exists",
            status=409,
            extra={"record_type": record_type, "id": record_id},
        )


class BadRequestError(MemregError):
    """A query parameter or argument is malformed."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(
            message=f"{parameter}: {message}",
            code="bad-parameter",
            status=400,
            problems=[FieldProblem(field=parameter, message=message)],
        )


class ImportRejectedError(MemregError):
    """A bulk import found bad rows and wrote nothing."""

    def __init__(self, problems: list[FieldProblem], rows_rejected: int, file_name: str) -> None:
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more problems" if len(problems) > 20 else ""
        super().__init__(
            message=(
                f"{file_name}: {rows_rejected} bad row(s); nothing was imported.\n{shown}{more}"
            ),
            code="import-rejected",
            status=422,
            problems=problems,
            extra={"rows_rejected": rows_rejected},
        )


class StoreError(MemregError):
    """The database cannot be used as asked (missing, not migrated, unreachable)."""

    def __init__(self, message: str) -> None:
        super().__init__(message=message, code="store-unavailable", status=503)


class MergedRecordError(MemregError):
    """A change asked of a record that was merged into another: it lives on in that one."""

    def __init__(self, record_type: str, record_id: str, survivor_id: str) -> None:
        super().__init__(
            message=(
                f"{record_type} {record_id!r} was merged into {survivor_id!r} and lives on "
                f"there: revert or restore {survivor_id!r} instead"
            ),
            code="merged-record",
            status=409,
            problems=[FieldProblem(field="id", message=f"was merged into {survivor_id}")],
            extra={"record_type": record_type, "id": record_id, "merged_into": survivor_id},
        )
