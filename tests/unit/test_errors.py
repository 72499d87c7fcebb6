"""Errors meant for people: each names what it concerns and carries what an interface needs."""

from __future__ import annotations

from memreg.domain.errors import (
    PROBLEM_BASE,
    AlreadyExistsError,
    BadRequestError,
    ConflictError,
    FieldProblem,
    ImportRejectedError,
    NotFoundError,
    StoreError,
    ValidationError,
)


def test_field_problem_reads_line_field_message_and_value() -> None:
    problem = FieldProblem(field="lat", message="must be between -90 and 90", line=7, value="95")
    assert str(problem) == "line 7, lat: must be between -90 and 90 (got '95')"
    assert problem.as_dict() == {
        "field": "lat",
        "message": "must be between -90 and 90",
        "line": 7,
        "value": "95",
    }


def test_field_problem_without_line_or_value_leaves_them_out() -> None:
    problem = FieldProblem(field="reason", message="is required")
    assert str(problem) == "reason: is required"
    assert problem.as_dict() == {"field": "reason", "message": "is required"}


def test_validation_error_names_the_first_five_problems_and_counts_the_rest() -> None:
    problems = [FieldProblem(field=f"f{i}", message="is bad", line=i) for i in range(8)]
    error = ValidationError(problems)
    assert error.status == 422 and error.code == "validation-failed"
    assert error.problems == problems
    assert str(error).startswith("line 0, f0: is bad; line 1, f1: is bad")
    assert "f4" in str(error) and "f5" not in str(error)
    assert str(error).endswith("; and 3 more")


def test_validation_error_keeps_a_message_given_to_it() -> None:
    error = ValidationError([FieldProblem(field="file", message="is empty")], message="x.csv")
    assert error.message == "x.csv"


def test_conflict_error_names_the_edited_and_the_current_version() -> None:
    error = ConflictError("memorial", "M1", expected=3, current=5)
    assert error.status == 409 and error.code == "version-conflict"
    assert "version 3" in error.message and "current version is 5" in error.message
    assert error.extra == {"current_version": 5, "expected_version": 3}


def test_import_rejected_error_lists_bad_rows_and_says_nothing_was_imported() -> None:
    problems = [
        FieldProblem(field="lat", message="must be between -90 and 90", line=n)
        for n in range(2, 27)
    ]
    error = ImportRejectedError(problems, rows_rejected=25, file_name="memorials.csv")
    lines = error.message.splitlines()
    assert lines[0] == "memorials.csv: 25 bad row(s); nothing was imported."
    assert lines[1] == "  line 2, lat: must be between -90 and 90"
    assert len(lines) == 1 + 20 + 1
    assert lines[-1] == "  ... and 5 more problems"
    assert error.extra == {"rows_rejected": 25}
    assert error.status == 422


def test_not_found_and_already_exists_name_the_record() -> None:
    missing = NotFoundError("person", "P-1")
    assert missing.status == 404 and missing.message == "No person with id 'P-1'"
    assert missing.extra == {"record_type": "person", "id": "P-1"}
    taken = AlreadyExistsError("memorial", "M-1")
    assert taken.status == 409 and "M-1" in taken.message and "already exists" in taken.message


def test_bad_request_names_the_parameter() -> None:
    error = BadRequestError("bbox", "needs four numbers")
    assert error.status == 400
    assert error.message == "bbox: needs four numbers"
    assert [p.field for p in error.problems] == ["bbox"]


def test_store_error_is_service_unavailable() -> None:
    error = StoreError("the register is busy")
    assert error.status == 503 and error.code == "store-unavailable"


def test_problem_type_and_title_come_from_the_code() -> None:
    error = ConflictError("person", "P1", 1, 2)
    assert error.type_uri == PROBLEM_BASE + "version-conflict"
    assert error.title == "Version conflict"
