"""Input files as an import meets them: what a path is, and the bytes read from it.

An import reads its file twice: a first pass checks the bytes (UTF-8, size, lines) and takes
the SHA-256; the pass that reads the rows hashes again what it reads, so the digest recorded
in the import's revision is proven to be that of the rows it loaded. A file that changed
between the two passes (truncated, grown, overwritten) is refused before anything commits.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

BLOCK = 1 << 20

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO), not a file"),
    (stat.S_ISCHR, "a device, not a file"),
    (stat.S_ISBLK, "a device, not a file"),
    (stat.S_ISSOCK, "a socket, not a file"),
    (stat.S_ISDIR, "a folder, not a file"),
)


def path_problem(path: Path) -> str | None:
    """Why `path` cannot be read as an input file, in words; None when it can."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return f"{path} is a symbolic link to something that does not exist"
        return f"{path} does not exist"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"{path} is a loop of symbolic links"
        if exc.errno == errno.EACCES:
            return f"{path} cannot be read (permission denied)"
        if exc.errno == errno.ENOTDIR:
            return f"{path} does not exist (a part of the path is a file, not a folder)"
        if exc.errno == errno.ENAMETOOLONG:
            return "the file name is too long"
        return f"{path} cannot be opened ({exc.strerror})"
    for test, what in _KINDS:
        if test(mode):
            return f"{path} is {what}"
    if not os.access(path, os.R_OK):
        return f"{path} cannot be read (permission denied)"
    return None


@dataclass(frozen=True)
class Utf8Fault:
    line: int
    byte: int  # 1-based position of the bad byte in its line
    value: bytes  # the bad byte
    raw_line: bytes  # the line it is on, for a hint at the encoding


@dataclass(frozen=True)
class FileScan:
    """What the first pass found: digest, size, line ends, and the first non-UTF-8 byte."""

    sha256: str
    size: int
    line_count: int
    utf16: bool
    fault: Utf8Fault | None


def scan_file(path: Path) -> FileScan:
    """One pass over the bytes: SHA-256, size, line ends, and whether it is all UTF-8."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = lines = 0
    fault: Utf8Fault | None = None
    utf16 = False
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            if size == 0 and block[:2] in (b"\xff\xfe", b"\xfe\xff"):
                utf16 = True
            digest.update(block)
            if fault is None:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    fault = _locate_fault(path, size + exc.start)
            size += len(block)
            lines += block.count(b"\n")
    if fault is None:
        try:
            decoder.decode(b"", final=True)  # a sequence cut off at the end of the file
        except UnicodeDecodeError:
            fault = _locate_fault(path, max(0, size - 1))
    return FileScan(digest.hexdigest(), size, lines, utf16, fault)


def _locate_fault(path: Path, offset: int) -> Utf8Fault:
    """The line and position of the byte at `offset`; reads up to it once more (rare path)."""
    line, line_start = 1, 0
    with path.open("rb") as handle:
        done = 0
        while done < offset:
            block = handle.read(min(BLOCK, offset - done))
            if not block:
                break
            at = block.rfind(b"\n")
            if at >= 0:
                line += block.count(b"\n")
                line_start = done + at + 1
            done += len(block)
        handle.seek(line_start)
        raw_line = handle.readline(1 << 16)
    position = offset - line_start
    return Utf8Fault(line, position + 1, raw_line[position : position + 1], raw_line)


class HashingReader(io.RawIOBase):
    """A binary file that hashes every byte it hands out (for the rows' own pass)."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb", buffering=0)
        self._digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._file.readinto(buffer)
        if count:
            view = memoryview(buffer)[:count]
            self._digest.update(view)
            self.size += count
        return count or 0

    def close(self) -> None:
        self._file.close()
        super().close()

    def hexdigest(self) -> str:
        return self._digest.hexdigest()

    def drain(self) -> None:
        """Hash what is left unread, so the digest covers the whole file as it is now."""
        while block := self._file.read(BLOCK):
            self._digest.update(block)
            self.size += len(block)
