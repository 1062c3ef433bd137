"""Webhook request bodies read with a size cap, enforced while the body arrives.

Both webhooks (``bot.whatsapp_app``, ``bot.telegram_app``) read the body through
``read_capped`` before anything else looks at it: a body announcing more than
``WEBHOOK_MAX_BODY_BYTES`` is refused from its headers, one without a length (chunked) as
soon as the bytes received pass the cap, so an oversized POST never sits in memory whole.
"""

from __future__ import annotations

from fastapi import Request

TOO_LARGE = 413


async def read_capped(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is (or announces itself) larger than ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isascii() or not declared.isdigit()
                                 or len(declared) > 18 or int(declared) > limit):
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
