"""Content-addressed storage of media bytes: a blob's key is the SHA-256 of its bytes.

`BlobStore` is what services need; `FileBlobStore` keeps blobs in a folder, sharded by the
key's first characters (ab/cd/abcd...). An S3-compatible store can implement the same three
methods (put under the key, read by key, exists) later. A blob is written to a temporary
file and renamed into place, so a reader never sees half of one and a crash leaves none.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

_KEY = re.compile(r"^[0-9a-f]{64}$")


class BlobNotFoundError(LookupError):
    pass


class BlobStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store the bytes (once, however often put); return their key."""
        ...

    def open(self, key: str) -> BinaryIO:
        """The blob for reading; BlobNotFoundError when there is none."""
        ...

    def read(self, key: str) -> bytes:
        """The blob's bytes; BlobNotFoundError when there is none."""
        ...

    def exists(self, key: str) -> bool: ...


def blob_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FileBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise BlobNotFoundError(key)
        return self.root / "blobs" / key[:2] / key[2:4] / key

    def put(self, data: bytes) -> str:
        key = blob_key(data)
        target = self.path(key)
        if target.is_file():
            return key
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return key

    def open(self, key: str) -> BinaryIO:
        try:
            return self.path(key).open("rb")
        except FileNotFoundError:
            raise BlobNotFoundError(key) from None

    def exists(self, key: str) -> bool:
        try:
            return self.path(key).is_file()
        except BlobNotFoundError:
            return False

    def read(self, key: str) -> bytes:
        with self.open(key) as blob:
            return blob.read()

    def count(self) -> int:
        """How many blobs the folder holds (for `memreg check` and tests)."""
        folder = self.root / "blobs"
        return sum(1 for p in folder.rglob("*") if p.is_file() and _KEY.match(p.name))


_VARIANT = re.compile(r"^[0-9a-z_,.x-]{1,80}$")


class DerivativeCache:
    """Images made from a blob (a IIIF size), kept on disk beside the blobs; only the few
    variants of each blob that callers choose to cache, so the folder stays bounded."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root) / "derivatives"

    def _path(self, key: str, variant: str) -> Path:
        if not _KEY.match(key) or not _VARIANT.match(variant):
            raise ValueError("not a cache entry name")
        return self.root / key[:2] / key / variant

    def get(self, key: str, variant: str) -> bytes | None:
        try:
            return self._path(key, variant).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, variant: str, data: bytes) -> None:
        target = self._path(key, variant)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
