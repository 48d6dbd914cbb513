"""QR codes rendered on the server (segno, SVG as a data: URI): no CDN and no script."""

from __future__ import annotations

import segno


def qr_data_uri(text: str) -> str:
    return str(segno.make(text, error="m").svg_data_uri(scale=5, border=2))
