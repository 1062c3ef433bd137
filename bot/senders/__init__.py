"""Channel senders of due reminders: the protocol the dispatcher drives and its outcomes.

A sender turns one claimed delivery and its prompts into channel messages. Before every
API call it awaits ``slot(chat)`` (the dispatcher's pacing gate: it commits the marks
recorded so far whenever time is about to pass, then waits for the pacer). A failed send
raises one of the ``SendError`` subclasses below; the dispatcher maps them onto the ledger
(docs/reminders.md, "Sending"). Error codes are short and never contain message text.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from bot.pacer import Pacer
from handlers.domain.records import DueReminder
from handlers.prompts import Prompt
from storage.reminder_claims import Claimed

Slot = Callable[[str], Awaitable[None]]


class SendError(Exception):
    """A send that did not reach the user; ``code`` is a short ledger error code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class RateLimited(SendError):
    """Flood control (HTTP 429): the whole sender pauses ``retry_after`` seconds."""

    def __init__(self, code: str, retry_after: float) -> None:
        super().__init__(code)
        self.retry_after = retry_after


class Blocked(SendError):
    """The user blocked the bot or cannot be reached any more: never retry."""


class Permanent(SendError):
    """A send that cannot succeed later (bad request, no template configured)."""


class Transient(SendError):
    """Timeout, 5xx or a network error: retry with back-off."""


class Queued(SendError):
    """Not now, by a rule (WhatsApp: no window and no opt-in, tier full): due again at
    ``until`` (or earlier, when the user writes), no attempt used."""

    def __init__(self, code: str, until: datetime) -> None:
        super().__init__(code)
        self.until = until


class Unroutable(SendError):
    """This process cannot reach the user (another console user): leave it for later."""


class Sender(Protocol):
    """Sends reminders on one channel; ``pacer`` holds the channel's limits."""

    channel: str
    pacer: Pacer | None

    async def send(
        self, claimed: Claimed, due: DueReminder, prompts: list[Prompt], slot: Slot
    ) -> None:
        """Deliver ``prompts`` to the claimed delivery's user; raise a ``SendError`` if not."""
        ...
