"""The licences a photo may carry: Creative Commons choices, with their canonical URIs.

IIIF manifests name a licence by its `http://` URI (the Presentation API asks for the
Creative Commons URIs exactly as Creative Commons publishes them, with http).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    code: str
    label: str
    uri: str


LICENCES: dict[str, Licence] = {
    item.code: item
    for item in (
        Licence("CC0-1.0", "CC0 1.0", "http://creativecommons.org/publicdomain/zero/1.0/"),
        Licence("CC-BY-4.0", "CC BY 4.0", "http://creativecommons.org/licenses/by/4.0/"),
        Licence("CC-BY-SA-4.0", "CC BY-SA 4.0", "http://creativecommons.org/licenses/by-sa/4.0/"),
        Licence("CC-BY-ND-4.0", "CC BY-ND 4.0", "http://creativecommons.org/licenses/by-nd/4.0/"),
        Licence("CC-BY-NC-4.0", "CC BY-NC 4.0", "http://creativecommons.org/licenses/by-nc/4.0/"),
        Licence(
            "CC-BY-NC-SA-4.0",
            "CC BY-NC-SA 4.0",
            "http://creativecommons.org/licenses/by-nc-sa/4.0/",
        ),
        Licence(
            "CC-BY-NC-ND-4.0",
            "CC BY-NC-ND 4.0",
            "http://creativecommons.org/licenses/by-nc-nd/4.0/",
        ),
    )
}


def licence_code(value: str) -> str | None:
    """The code `value` names (`cc-by-4.0`, `CC BY 4.0` and `CC-BY-4.0` are one), else None."""
    key = "-".join(value.strip().upper().replace("_", " ").replace("-", " ").split())
    return key if key in LICENCES else None
