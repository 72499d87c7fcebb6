"""What a photo must say about itself: who took it, when, under which licence (pure).

A photo's descriptive fields are validated here; its bytes are read in ingest/photos.py.
"""

from __future__ import annotations

from typing import Any

from memreg.domain.dates import DateError, parse_partial_date
from memreg.domain.errors import FieldProblem, ValidationError
from memreg.domain.licences import LICENCES, licence_code
from memreg.domain.text import text_fault

MAX_PHOTO_BYTES = 20 * 1024 * 1024  # 20 MB, the largest upload taken
MAX_AUTHOR = 500
MAX_CAPTION = 2000
MAX_FILE_NAME = 255
PHOTO_FIELDS = ("author", "taken_on", "licence", "caption", "file_name")


def _clean(raw: dict[str, Any], field: str, limit: int, problems: list[FieldProblem]) -> str | None:
    value = raw.get(field)
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    fault = text_fault(value)
    if fault:
        problems.append(FieldProblem(field, fault))
        return None
    if len(value) > limit:
        problems.append(FieldProblem(field, f"longer than {limit} characters"))
        return None
    return value


def validate_photo_fields(raw: dict[str, Any]) -> dict[str, Any]:
    """The photo's author, date taken (EDTF), licence code, caption and file name, cleaned;
    ValidationError naming every bad or missing field."""
    problems: list[FieldProblem] = []
    author = _clean(raw, "author", MAX_AUTHOR, problems)
    if author is None and not any(p.field == "author" for p in problems):
        problems.append(FieldProblem("author", "is required: who took the photo"))
    taken_on = _clean(raw, "taken_on", 100, problems)
    if taken_on is None and not any(p.field == "taken_on" for p in problems):
        problems.append(FieldProblem("taken_on", "is required: when the photo was taken"))
    elif taken_on is not None:
        try:
            taken_on = parse_partial_date(taken_on).text
        except DateError as exc:
            problems.append(FieldProblem("taken_on", f"{exc} (use e.g. 2024-05-09 or 2024)",
                                         value=taken_on[:80]))  # fmt: skip
    licence_text = _clean(raw, "licence", 100, problems)
    licence = licence_code(licence_text) if licence_text else None
    if licence is None and not any(p.field == "licence" for p in problems):
        message = "must be one of " + ", ".join(LICENCES)
        if licence_text is None:
            message = "is required; " + message
        problems.append(FieldProblem("licence", message, value=licence_text))
    caption = _clean(raw, "caption", MAX_CAPTION, problems)
    file_name = _clean(raw, "file_name", MAX_FILE_NAME, problems) or "photo"
    if problems:
        raise ValidationError(problems)
    return {"author": author, "taken_on": taken_on, "licence": licence, "caption": caption,
            "file_name": file_name}  # fmt: skip
