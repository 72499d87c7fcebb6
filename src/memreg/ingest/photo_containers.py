"""A photo file's container read byte by byte: where the image ends and what metadata it
carries, so that a file which is also something else (an image/script polyglot) is refused.

Each reader walks the format's own structure (JPEG markers, PNG chunks, the WebP RIFF
header) and returns the metadata segments' bytes and how many bytes follow the image's end.
Entropy-coded image data is never searched for markers: random bytes match by chance.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

# What a browser or an interpreter would take as its own, in metadata of an image.
_ACTIVE = re.compile(
    rb"<\s*(script|html|body|iframe|svg|object|embed)\b|<\?php|javascript:|on(load|error)\s*=",
    re.IGNORECASE,
)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_TEXT = {b"tEXt", b"zTXt", b"iTXt", b"eXIf"}


@dataclass(frozen=True)
class Container:
    metadata: list[bytes]
    trailing: int  # bytes after the image's end


class MalformedContainerError(ValueError):
    pass


def read_container(data: bytes, fmt: str) -> Container:
    if fmt == "JPEG":
        return _jpeg(data)
    if fmt == "PNG":
        return _png(data)
    if fmt == "WEBP":
        return _webp(data)
    raise MalformedContainerError(f"no reader for {fmt}")


def active_content(container: Container) -> str | None:
    """The first script or HTML marker found in the metadata, else None."""
    for segment in container.metadata:
        found = _ACTIVE.search(segment)
        if found:
            return found.group(0).decode("latin-1")
    return None


def _jpeg(data: bytes) -> Container:
    if data[:2] != b"\xff\xd8":
        raise MalformedContainerError("no JPEG start marker")
    metadata: list[bytes] = []
    pos, size = 2, len(data)
    while pos < size:
        if data[pos] != 0xFF:
            raise MalformedContainerError(f"no marker at byte {pos}")
        while pos < size and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= size:
            break
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # end of image
            return Container(metadata, size - pos)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if pos + 2 > size:
            raise MalformedContainerError("a segment is cut short")
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        segment = data[pos + 2 : pos + length]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:  # APPn and comments
            metadata.append(segment)
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= size:
                    raise MalformedContainerError("the image data has no end")
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    pos += 1 if following == 0xFF else 2
                    continue
                break
    raise MalformedContainerError("no JPEG end marker")


def _png(data: bytes) -> Container:
    if not data.startswith(_PNG_SIGNATURE):
        raise MalformedContainerError("no PNG signature")
    metadata: list[bytes] = []
    pos, size = len(_PNG_SIGNATURE), len(data)
    while pos + 8 <= size:
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind in _PNG_TEXT or kind[:1].islower():  # ancillary chunks carry metadata
            metadata.append(body)
        if kind == b"IEND":
            return Container(metadata, max(0, size - pos))
    raise MalformedContainerError("no PNG end chunk")


def _webp(data: bytes) -> Container:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise MalformedContainerError("no WebP RIFF header")
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = 8 + riff_size
    metadata: list[bytes] = []
    pos = 12
    while pos + 8 <= min(end, len(data)):
        kind = data[pos : pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        if kind in (b"EXIF", b"XMP ", b"ICCP"):
            metadata.append(data[pos + 8 : pos + 8 + length])
        pos += 8 + length + (length & 1)
    return Container(metadata, max(0, len(data) - end))
