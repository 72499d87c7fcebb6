"""A photo's bytes proved to be an image and made fit to publish.

`decode_photo` opens the bytes with Pillow under the decompression-bomb limit (Pillow's
warning counts as a refusal too), accepts only JPEG, PNG and WebP by the decoded format
(never by the file's name or declared type), refuses bytes after the image's end and
script or HTML in its metadata. `prepare_photo` applies the EXIF orientation and
re-encodes the pixels without any metadata but the GPS position, when the uploader keeps
it, and makes the thumbnail. Errors name the upload's `file` field.
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass
from typing import Any

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from memreg.domain.errors import FieldProblem, ValidationError
from memreg.domain.photos import MAX_PHOTO_BYTES
from memreg.ingest.photo_containers import (
    MalformedContainerError,
    active_content,
    read_container,
)

MAX_PIXELS = 60_000_000  # decompression-bomb limit: 60 megapixels (e.g. 9500 x 6300)
THUMBNAIL_SIDE = 400
PREPARED_AT_ONCE = 2
_preparing = threading.BoundedSemaphore(PREPARED_AT_ONCE)
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_GPS_KEEP = (1, 2, 3, 4, 5, 6)  # latitude, longitude (with their references), altitude


@dataclass
class PreparedPhoto:
    data: bytes  # the image to keep, re-encoded, without metadata but what was kept
    media_type: str
    width: int
    height: int
    thumbnail: bytes  # JPEG
    thumbnail_width: int
    thumbnail_height: int
    location: tuple[float, float] | None  # EXIF GPS of the upload (kept or not)


def refused(message: str) -> ValidationError:
    return ValidationError([FieldProblem("file", message)], message=f"file: {message}")


def _open(data: bytes) -> Image.Image:
    if len(data) > MAX_PHOTO_BYTES:
        raise refused(f"larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB ({len(data):,} bytes)")
    if not data:
        raise refused("is empty")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise refused(_bomb_message()) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise refused(
                "is not a JPEG, PNG or WebP image (whatever its name says); "
                "the register takes photos in these three formats"
            ) from None
    if image.width * image.height > MAX_PIXELS:
        raise refused(_bomb_message(image.width, image.height))
    if image.format == "MPO" or getattr(image, "n_frames", 1) > 1:
        raise refused("holds several images (animated or multi-picture); upload one still image")
    return image


def _bomb_message(width: int | None = None, height: int | None = None) -> str:
    size = f" ({width} x {height} pixels)" if width else ""
    return (
        f"is a decompression bomb: it declares more than {MAX_PIXELS // 1_000_000} "
        f"megapixels{size}, far more than its bytes hold for a photo"
    )


def decode_photo(data: bytes) -> Image.Image:
    """The upload as a fully decoded image; ValidationError (field `file`) naming the fault."""
    image = _open(data)
    fmt = image.format or ""
    if fmt not in FORMATS:
        raise refused(f"is a {fmt or 'unknown'} image; the register takes JPEG, PNG or WebP")
    try:
        container = read_container(data, fmt)
    except MalformedContainerError as exc:
        raise refused(f"is not a well-formed {fmt} file: {exc}") from None
    if container.trailing:
        raise refused(
            f"has {container.trailing:,} bytes after the end of the {fmt} image "
            "(a file that is also something else is not taken)"
        )
    marker = active_content(container)
    if marker is not None:
        raise refused(f"carries script or HTML in its metadata ({marker!r}); not taken")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise refused(_bomb_message(image.width, image.height)) from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise refused(f"is a damaged {fmt} image ({exc})") from None
    return image


def gps_location(image: Image.Image) -> tuple[float, float] | None:
    """The EXIF GPS position (latitude, longitude in WGS84 degrees), when the photo has one."""
    try:
        gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        lat = _degrees(gps.get(2), gps.get(1), "S")
        lon = _degrees(gps.get(4), gps.get(3), "W")
    except (TypeError, ValueError, ZeroDivisionError, KeyError, AttributeError):
        return None
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if lat == 0 and lon == 0:  # cameras without a fix write zeros
        return None
    return round(lat, 7), round(lon, 7)


def _degrees(value: Any, reference: Any, negative: str) -> float | None:
    if value is None:
        return None
    d, m, s = (float(part) for part in value)
    degrees = d + m / 60 + s / 3600
    ref = reference.decode() if isinstance(reference, bytes) else str(reference or "")
    return -degrees if ref.strip().upper() == negative else degrees


def offered_location(data: bytes) -> tuple[float, float] | None:
    """The EXIF GPS position of a photo's bytes (a proposed memorial's offered location)."""
    return gps_location(decode_photo(data))


def _kept_exif(image: Image.Image, keep_location: bool) -> Image.Exif:
    kept = Image.Exif()
    if keep_location:
        gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        wanted = {tag: gps[tag] for tag in _GPS_KEEP if tag in gps}
        if wanted:
            kept[ExifTags.IFD.GPSInfo] = wanted
    return kept


def _encode(image: Image.Image, fmt: str, exif: Image.Exif) -> bytes:
    out = io.BytesIO()
    options: dict[str, Any] = {"exif": exif.tobytes()} if len(exif) else {}
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = _on_white(image)
        image.save(out, "JPEG", quality=92, optimize=True, **options)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True, **options)
    else:
        image.save(out, "WEBP", quality=90, method=4, **options)
    return out.getvalue()


def prepare_photo(data: bytes, keep_location: bool = False) -> PreparedPhoto:
    """Decode, turn upright, strip metadata (but the position, if kept), make the thumbnail.

    At most PREPARED_AT_ONCE photos are prepared together per process: each holds up to
    two copies of its pixels (60 megapixels: about 360 MB) while it is made.
    """
    with _preparing:
        return _prepare(data, keep_location)


def _prepare(data: bytes, keep_location: bool) -> PreparedPhoto:
    image = decode_photo(data)
    fmt = image.format or "JPEG"
    location = gps_location(image)
    exif = _kept_exif(image, keep_location and location is not None)
    transparent = "transparency" in image.info
    upright = ImageOps.exif_transpose(image)
    del image
    if upright.mode not in ("RGB", "RGBA", "L", "LA"):
        alpha = transparent or "A" in upright.getbands()
        upright = upright.convert("RGBA" if alpha else "RGB")
    clean = Image.new(upright.mode, upright.size)  # pixels only: no info, no ICC, no text
    clean.paste(upright)
    del upright
    if max(clean.size) > THUMBNAIL_SIDE:  # never larger than the photo itself
        box = (THUMBNAIL_SIDE, THUMBNAIL_SIDE)
        thumb = ImageOps.contain(clean, box, Image.Resampling.LANCZOS)
    else:
        thumb = clean.copy()
    if thumb.mode != "RGB":
        thumb = _on_white(thumb)
    thumbnail = io.BytesIO()
    thumb.save(thumbnail, "JPEG", quality=85, optimize=True)
    return PreparedPhoto(
        data=_encode(clean, fmt, exif),
        media_type=FORMATS[fmt],
        width=clean.width,
        height=clean.height,
        thumbnail=thumbnail.getvalue(),
        thumbnail_width=thumb.width,
        thumbnail_height=thumb.height,
        location=location,
    )


def _on_white(image: Image.Image) -> Image.Image:
    """An image with transparency laid on white (JPEG has no transparency)."""
    if "A" not in image.getbands():
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    backdrop = Image.new("RGB", rgba.size, (255, 255, 255))
    backdrop.paste(rgba, mask=rgba.getchannel("A"))
    return backdrop
