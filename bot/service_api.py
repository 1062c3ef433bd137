"""The one call every channel adapter makes: hand over an event, get the prompts to render.

``bot/service.py`` implements it on the pure engine (``handlers``) and the durable storage
(``storage``): it records the update before acting (unique per channel), serialises the
messages of one user, loads the state, advances it, saves it after the step, and returns the
prompts. Adapters render them and acknowledge the platform only after ``handle`` returned.
"""

from __future__ import annotations

from typing import Protocol

from handlers.events import Event
from handlers.prompts import Prompt


class ChatHandler(Protocol):
    """What an adapter needs from the runtime."""

    async def handle(
        self, channel: str, external_id: str, update_key: str | None, event: Event
    ) -> list[Prompt] | None:
        """Process one incoming event; None when ``update_key`` was already processed.

        ``channel`` is "console", "telegram" or "whatsapp"; ``external_id`` the chat/user id on
        that channel (as text); ``update_key`` the platform's id of the update (Telegram
        ``update_id``, WhatsApp message id), or None where the channel has none (console).
        """
        ...
