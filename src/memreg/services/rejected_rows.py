"""The file of rejected rows an import with --accept-partial writes, with each row's reasons.

The path is checked before the import reads or writes anything; rows go to a temporary file
beside it as they are rejected (memory stays bounded), which takes the final name only once
the import has committed. A failed write fails the import, so no rejected row is ever lost.
"""

from __future__ import annotations

import csv
import os
import stat
import tempfile
from pathlib import Path
from typing import IO

from memreg.domain.errors import FieldProblem, ValidationError

FIELD = "--rejected"


def _refuse(message: str, value: Path) -> ValidationError:
    return ValidationError([FieldProblem(field=FIELD, message=message, value=str(value))])


def rejected_target(source: Path, target: Path | None) -> Path:
    """Where the rejected rows of `source` go; refused unless a file can be written there."""
    target = target or source.with_name(f"rejected-{source.stem}.csv")
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _refuse(f"cannot be used ({exc.strerror})", target) from None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise _refuse("is a folder; name a file", target)
        if not stat.S_ISREG(mode):
            raise _refuse("is not a regular file (a device, pipe or socket)", target)
        if os.path.samefile(target, source):
            raise _refuse("is the file being imported; name another file", target)
    folder = target.parent
    if not folder.is_dir():
        raise _refuse(f"is in a folder that does not exist ({folder})", target)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _refuse(f"cannot be written: no permission to write in {folder}", target)
    return target


class RejectedRowsFile:
    """Rejected rows as CSV: `line`, `reason`, then the file's own columns, row as read."""

    def __init__(self, target: Path, header: list[str]) -> None:
        self.target = target
        self.header = header
        self.rows = 0
        self._handle: IO[str] | None = None
        self._temporary: Path | None = None
        self._writer: csv._writer | None = None  # type: ignore[name-defined]

    def _open(self) -> None:
        try:
            fd, name = tempfile.mkstemp(
                prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent
            )
        except OSError as exc:
            raise self._failure(exc) from None
        self._temporary = Path(name)
        self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle)
        self._write(["line", "reason", *self.header])

    def _failure(self, exc: OSError) -> ValidationError:
        return _refuse(f"cannot be written ({exc.strerror}); nothing was imported", self.target)

    def _write(self, cells: list[object]) -> None:
        assert self._writer is not None
        try:
            self._writer.writerow(cells)
        except OSError as exc:
            raise self._failure(exc) from None

    def add(self, line: int, row: dict[str, str], reason: str) -> None:
        if self._handle is None:
            self._open()
        self._write([line, reason, *(row.get(c, "") for c in self.header)])
        self.rows += 1

    def flush(self) -> None:
        """Make the rows durable before the import commits: a full disk fails it here."""
        if self._handle is None:
            return
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            raise self._failure(exc) from None

    def publish(self) -> Path | None:
        """Give the rows their final name; None when no row was rejected."""
        if self._handle is None or self._temporary is None:
            return None
        self.flush()
        self._handle.close()
        os.replace(self._temporary, self.target)
        self._handle = self._temporary = None
        return self.target

    def discard(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._temporary is not None:
            self._temporary.unlink(missing_ok=True)
        self._handle = self._temporary = None
