"""Split long texts for channels with a message-length limit (Telegram 4096, WhatsApp 4096/1024)."""

from __future__ import annotations


def split_at_boundaries(text: str, limit: int) -> list[str]:
    """Split ``text`` into pieces of ≤ ``limit`` characters at paragraph, line, then word breaks.

    A break in the first quarter of the window is not taken (it would leave a stub piece); one
    unbroken word longer than ``limit`` is cut hard. Empty text gives no pieces.
    """
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > limit // 4:
                break
        if cut <= limit // 4:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces
