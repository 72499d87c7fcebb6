"""Photo files for the tests, made with Pillow: good ones, and each kind the register refuses."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image

MINSK = (53.9, 27.5667)  # where the sample photos say they were taken


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return float(degrees), float(minutes), seconds


def camera_exif(orientation: int = 1, location: tuple[float, float] | None = MINSK) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.Base.Model] = "Model 1"
    exif[ExifTags.Base.Artist] = "Secret Photographer"
    exif[ExifTags.Base.Orientation] = orientation
    if location is not None:
        lat, lon = location
        exif[ExifTags.IFD.GPSInfo] = {
            1: "N" if lat >= 0 else "S",
            2: _dms(lat),
            3: "E" if lon >= 0 else "W",
            4: _dms(lon),
        }
    return exif


def picture(width: int = 600, height: int = 400) -> Image.Image:
    """Four quadrants of colour, so crops and turns can be told apart by their pixels."""
    image = Image.new("RGB", (width, height), (255, 0, 0))  # top left red
    image.paste((0, 160, 0), (width // 2, 0, width, height // 2))  # top right green
    image.paste((0, 0, 255), (0, height // 2, width // 2, height))  # bottom left blue
    image.paste((255, 255, 0), (width // 2, height // 2, width, height))  # bottom right yellow
    return image


def jpeg(
    width: int = 600,
    height: int = 400,
    *,
    orientation: int = 1,
    location: tuple[float, float] | None = MINSK,
    comment: bytes | None = None,
) -> bytes:
    out = io.BytesIO()
    extra = {"comment": comment} if comment else {}
    picture(width, height).save(
        out, "JPEG", quality=90, exif=camera_exif(orientation, location), **extra
    )
    return out.getvalue()


def png(width: int = 300, height: int = 200) -> bytes:
    out = io.BytesIO()
    picture(width, height).save(out, "PNG", exif=camera_exif())
    return out.getvalue()


def webp(width: int = 300, height: int = 200) -> bytes:
    out = io.BytesIO()
    picture(width, height).save(out, "WEBP", quality=90, exif=camera_exif())
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    picture(60, 40).save(out, "GIF")
    return out.getvalue()


def renamed_text() -> bytes:
    """A text file someone named photo.jpg."""
    return b"Dear registrar,\nthis is not a photo at all.\n" * 20


def polyglot_trailing() -> bytes:
    """A real JPEG with a web page after its end: an image to Pillow, HTML to a browser."""
    return jpeg() + b"<html><body><script>alert(document.cookie)</script></body></html>"


def polyglot_comment() -> bytes:
    """A real JPEG whose comment holds a script."""
    return jpeg(comment=b"<script>alert('x')</script>")


def polyglot_png_text() -> bytes:
    """A real PNG whose text chunk holds PHP."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "<?php system($_GET['c']); ?>")
    out = io.BytesIO()
    picture(60, 40).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def oversize() -> bytes:
    """A real JPEG padded past 20 MB (in an application segment, so it is still a JPEG)."""
    image = jpeg(64, 64, location=None)
    padding = b"\xff\xe9" + struct.pack(">H", 65535) + b"\0" * 65533
    return image[:2] + padding * 330 + image[2:]  # 330 x 64 KB = 21.6 MB


def bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A PNG of a few hundred bytes declaring 400 million pixels (a decompression bomb)."""
    row = b"\0" + b"\0" * (width // 8)  # filter byte + one row of a 1-bit image
    raw = zlib.compress(row * 64, 9)  # only the first rows: the header's size is what counts

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw)
            + chunk(b"IEND", b""))  # fmt: skip


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
