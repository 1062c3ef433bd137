"""Reminders on the console: the console process shows due reminders of its own user.

The clock runs in a background thread (``bot.reminder_clock.ClockThread``) so reading
standard input is not affected; a reminder is printed between the lines the user types.
Deliveries of other console users are left for their own console (``Unroutable``).
"""

from __future__ import annotations

import threading
from typing import TextIO

from bot.pacer import Pacer
from bot.senders import Slot, Unroutable
from handlers.domain.records import DueReminder
from handlers.prompts import Message, Prompt, Question
from storage.reminder_claims import Claimed

CHANNEL = "console"
HEADER = "🔔 Pengingat"
ACT_HINT = "Untuk menunda atau menghentikan pengingat ini, ketik /pengingat."


def render_reminder(prompts: list[Prompt]) -> str:
    """The console text of a reminder: its text and where to act on it (no numbered choices).

    A number typed on the console answers the conversation's current question, so the
    reminder's buttons are not offered here; ``/pengingat`` lists it with its actions.
    """
    lines = [HEADER]
    lines.extend(prompt.text for prompt in prompts if isinstance(prompt, Message | Question))
    lines.append(ACT_HINT)
    return "\n".join(lines)


class ConsoleSender:
    """Prints the reminders of ``user`` to ``out`` (thread-safe)."""

    channel = CHANNEL

    def __init__(self, out: TextIO, user: str) -> None:
        self.out = out
        self.user = user
        self.pacer: Pacer | None = None
        self._lock = threading.Lock()

    async def send(
        self, claimed: Claimed, due: DueReminder, prompts: list[Prompt], slot: Slot
    ) -> None:
        """Print the reminder when it belongs to this console's user."""
        if claimed.external_id != self.user:
            raise Unroutable("console_other_user")
        await slot(claimed.external_id)
        with self._lock:
            self.out.write("\n" + render_reminder(prompts) + "\n")
            self.out.flush()
