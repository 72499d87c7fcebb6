"""IIIF for photos: the Image API 3.0 (level 1) information and images, and a Presentation
3.0 manifest per memorial, so IIIF viewers (Mirador, Universal Viewer) open its photos.

Images are cut and scaled from the stored image with bounded memory: at most
RENDERS_AT_ONCE renders run together per process, JPEG sources are decoded at the smallest
scale that still covers the answer (Pillow's draft mode), and no answer is larger than
MAX_SIDE pixels a side (info.json says so with maxWidth and maxHeight).
"""

from __future__ import annotations

import io
import threading
from typing import Any

from PIL import Image

from memreg.domain.iiif import Box
from memreg.domain.licences import LICENCES

IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"
PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
MAX_SIDE = 4096
RENDERS_AT_ONCE = 2
_renders = threading.BoundedSemaphore(RENDERS_AT_ONCE)
# The words a manifest shows, in the languages of the site.
_ATTRIBUTION = {"en": ["Attribution"], "ru": ["Авторство"], "be": ["Аўтарства"]}
_TAKEN_ON = {"en": ["Taken on"], "ru": ["Дата съёмки"], "be": ["Дата здымкі"]}
_LICENCE = {"en": ["Licence"], "ru": ["Лицензия"], "be": ["Ліцэнзія"]}
_PHOTO = {"en": ["Photo"], "ru": ["Фотография"], "be": ["Фотаздымак"]}


def max_size(width: int, height: int) -> tuple[int, int]:
    """The size `max` gives for the full image."""
    scale = min(1.0, MAX_SIDE / width, MAX_SIDE / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def listed_sizes(photo: dict[str, Any]) -> list[tuple[int, int]]:
    """Sizes info.json lists (the thumbnail, halvings of the image, the largest served):
    the ones answered from the disk cache."""
    width, height = max_size(photo["width"], photo["height"])
    sizes = {(width, height)}
    if photo.get("thumbnail_width"):
        sizes.add((photo["thumbnail_width"], photo["thumbnail_height"]))
    w, h = width, height
    while w > 2 * (photo.get("thumbnail_width") or 200) and h > 100:
        w, h = max(1, round(w / 2)), max(1, round(h / 2))
        sizes.add((w, h))
    return sorted(sizes)


def image_information(photo: dict[str, Any], service_id: str) -> dict[str, Any]:
    info: dict[str, Any] = {
        "@context": IMAGE_CONTEXT,
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level1",
        "width": photo["width"],
        "height": photo["height"],
        "maxWidth": MAX_SIDE,
        "maxHeight": MAX_SIDE,
        "sizes": [{"width": w, "height": h} for w, h in listed_sizes(photo)],
        "extraFeatures": ["sizeByConfinedWh"],
        "extraQualities": ["color"],
    }
    if photo["licence"] in LICENCES:
        info["rights"] = LICENCES[photo["licence"]].uri
    return info


def render(source: bytes, region: Box, size: tuple[int, int]) -> bytes:
    """The region of the stored image at the size asked, as JPEG."""
    with _renders:
        image = Image.open(io.BytesIO(source))
        full_width, full_height = image.size
        if image.format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 when the answer still fits in that.
            scale = max(size[0] / region.width, size[1] / region.height)
            image.draft("RGB", (max(1, int(full_width * scale)), max(1, int(full_height * scale))))
        fx, fy = image.width / full_width, image.height / full_height
        box = (
            int(region.x * fx),
            int(region.y * fy),
            max(int(region.x * fx) + 1, round((region.x + region.width) * fx)),
            max(int(region.y * fy) + 1, round((region.y + region.height) * fy)),
        )
        part = image.crop(box)
        if part.mode in ("RGBA", "LA", "PA") or "transparency" in part.info:
            part = part.convert("RGBA")
            backdrop = Image.new("RGB", part.size, (255, 255, 255))
            backdrop.paste(part, mask=part.getchannel("A"))
            part = backdrop
        elif part.mode != "RGB":
            part = part.convert("RGB")
        if part.size != size:
            part = part.resize(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        part.save(out, "JPEG", quality=88)
        return out.getvalue()


def _language_map(memorial: dict[str, Any]) -> dict[str, list[str]]:
    names = memorial.get("names") or {}
    label = {lang: [name] for lang, name in sorted(names.items()) if name}
    return label or {"none": [memorial["name"]]}


def _canvas(photo: dict[str, Any], base: str, manifest_base: str, number: int) -> dict[str, Any]:
    service = f"{base}/iiif/3/{photo['id']}"
    canvas_id = f"{manifest_base}/canvas/{photo['id']}"
    width, height = max_size(photo["width"], photo["height"])
    licence = LICENCES.get(photo["licence"])
    credit = photo["author"] + (f", {licence.label}" if licence else "")
    canvas: dict[str, Any] = {
        "id": canvas_id,
        "type": "Canvas",
        "label": {"none": [photo["caption"]]} if photo["caption"] else
                 {lang: [f"{words[0]} {number}"] for lang, words in _PHOTO.items()},
        "width": photo["width"],
        "height": photo["height"],
        "requiredStatement": {"label": _ATTRIBUTION, "value": {"none": [credit]}},
        "metadata": [
            {"label": _TAKEN_ON, "value": {"none": [photo["taken_on"] or ""]}},
            {"label": _LICENCE, "value": {"none": [licence.label if licence else ""]}},
        ],
        "thumbnail": [{
            "id": f"{service}/full/{photo['thumbnail_width']},/0/default.jpg",
            "type": "Image", "format": "image/jpeg",
            "width": photo["thumbnail_width"], "height": photo["thumbnail_height"],
            "service": [{"id": service, "type": "ImageService3", "profile": "level1"}],
        }],
        "items": [{
            "id": f"{canvas_id}/page",
            "type": "AnnotationPage",
            "items": [{
                "id": f"{canvas_id}/page/image",
                "type": "Annotation",
                "motivation": "painting",
                "target": canvas_id,
                "body": {
                    "id": f"{service}/full/max/0/default.jpg",
                    "type": "Image", "format": "image/jpeg", "width": width, "height": height,
                    "service": [{"id": service, "type": "ImageService3", "profile": "level1"}],
                },
            }],
        }],
    }  # fmt: skip
    if licence:
        canvas["rights"] = licence.uri
    return canvas


def memorial_manifest(
    memorial: dict[str, Any], photos: list[dict[str, Any]], base: str, page_url: str
) -> dict[str, Any]:
    """The memorial's photos as a IIIF Presentation 3.0 manifest, one canvas per photo."""
    manifest_base = f"{base}/iiif/3/memorials/{memorial['id']}"
    label = _language_map(memorial)
    return {
        "@context": PRESENTATION_CONTEXT,
        "id": f"{manifest_base}/manifest.json",
        "type": "Manifest",
        "label": label,
        "homepage": [{"id": page_url, "type": "Text", "label": label, "format": "text/html"}],
        "items": [_canvas(p, base, manifest_base, n) for n, p in enumerate(photos, start=1)],
    }
