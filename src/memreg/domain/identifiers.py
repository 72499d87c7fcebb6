"""Public ids for records that arrive without one."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

PREFIX = {"memorial": "M", "person": "P", "source": "S", "inscription": "I", "inspection": "N",
          "task": "T", "media": "PH"}  # fmt: skip


def new_id(record_type: str) -> str:
    """A fresh random id for a record created by hand."""
    return PREFIX.get(record_type, "R") + "-" + uuid.uuid4().hex[:12]


def content_id(record_type: str, values: Iterable[object]) -> str:
    """An id derived from a row's content, so re-importing the same row finds the same record."""
    digest = hashlib.blake2b(
        "\x1f".join("" if v is None else str(v) for v in values).encode(), digest_size=8
    )
    return PREFIX.get(record_type, "R") + "-" + digest.hexdigest()
