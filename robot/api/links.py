"""The online démarche a source passage points to, and its QR code drawn locally (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A full address, or a bare site name as documents write them ("sur service-public.fr").
# Not an e-mail's domain (agenda UIDs are `x@commune.fr`), hence the look-behind.
_URL = re.compile(
    r"https?://[^\s<>\"'«»()\[\]]+"
    r"|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:fr|com|org|net|eu|info)(?:/[^\s<>\"'«»()\[\]]*)?"
    r"(?![\w@-])",
    re.I,
)


@dataclass(frozen=True)
class Link:
    url: str
    qr_svg: str  # a data: URI, so the page shows it with no request and no script

    def to_json(self) -> dict[str, str]:
        return {"url": self.url, "qr_svg": self.qr_svg}


def find_url(text: str) -> str | None:
    """The first web address in `text`, made absolute (https:// for a bare site name)."""
    m = _URL.search(text)
    if m is None:
        return None
    url = m.group(0).rstrip(".,;:!?")
    return url if re.match(r"https?://", url, re.I) else f"https://{url}"


def qr_data_uri(url: str) -> str:
    import segno

    # Dark on white, a quiet zone of 4 modules: what phone cameras read best.
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=4))


def link_for(texts: list[str]) -> Link | None:
    """The démarche's address in the first passage that gives one, with its QR code."""
    for text in texts:
        url = find_url(text)
        if url is not None:
            return Link(url, qr_data_uri(url))
    return None
