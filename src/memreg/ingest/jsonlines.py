"""Records as JSON: JSON Lines (one object a line) or one JSON array of objects.

Fields a record lacks are simply absent (OBD Memorial's scraped cards leave them out).
JSON Lines are read a line at a time, so a file of any size takes the memory of one line.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

from memreg.ingest.files import BLOCK, HashingReader
from memreg.ingest.records import SourceRecord, refuse_file

MAX_ARRAY_BYTES = 200_000_000  # a single JSON array is parsed whole; past this, use JSON Lines


class JsonLinesReader:
    format_name = "jsonl"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.digest: str | None = None
        with path.open("rb") as handle:
            start = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        self.is_array = start.startswith(b"[")
        if self.is_array and path.stat().st_size > MAX_ARRAY_BYTES:
            raise refuse_file(path, "is one JSON array larger than 200 MB: write it as JSON Lines")
        self.columns = self._first_keys()

    def _first_keys(self, count: int = 100) -> list[str]:
        """The fields of the first records: enough to tell which mapping fits."""
        keys: dict[str, None] = {}
        for number, record in enumerate(self.records()):
            keys.update(dict.fromkeys(record.fields))
            if number >= count:
                break
        return list(keys)

    def records(self) -> Iterator[SourceRecord]:
        if self.is_array:
            yield from self._array()
            return
        raw = HashingReader(self.path)
        with io.BufferedReader(raw, BLOCK) as handle:
            for line, data in enumerate(handle, start=1):
                try:
                    text = data.decode("utf-8-sig" if line == 1 else "utf-8")
                except UnicodeDecodeError:
                    raise refuse_file(self.path, "is not UTF-8", line=line) from None
                if text.strip():
                    yield self._record(line, text)
            raw.drain()
            self.digest = raw.hexdigest()

    def _record(self, line: int, text: str) -> SourceRecord:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            return SourceRecord(line, {}, problem=f"is not valid JSON ({exc.msg})")
        if not isinstance(value, dict):
            return SourceRecord(line, {}, problem="is not a JSON object")
        return SourceRecord(line, value)

    def _array(self) -> Iterator[SourceRecord]:
        try:
            items = json.loads(self.path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise refuse_file(self.path, f"is not valid JSON ({exc})") from None
        for number, item in enumerate(items, start=1):
            if isinstance(item, dict):
                yield SourceRecord(number, item)
            else:
                yield SourceRecord(number, {}, problem="is not a JSON object")
