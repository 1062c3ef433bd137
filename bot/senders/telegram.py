"""Reminders to Telegram through python-telegram-bot's ``Bot`` (the Application's own Bot).

Limits (docs/reminders.md): at most 25 messages per second overall and one per second per
chat. Buttons are rendered by ``bot.telegram_render`` with the step token ``rem:<id>`` and
plain short option tokens, so their callback data is self-contained (``v1|rem:42|selesai``)
and a press still works days later and after a restart (no in-memory codec table).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import warnings

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.pacer import Clock, Pacer, Sleep
from bot.senders import Blocked, Permanent, RateLimited, Slot, Transient
from bot.telegram_render import CallbackCodec, OutDocument, OutPhoto, OutText, render
from handlers.domain.records import DueReminder
from handlers.prompts import Prompt
from storage.reminder_claims import Claimed

CHANNEL = "telegram"
# The limit is 25 messages/s; sends spaced exactly 1/25 s apart put 26 into a closed
# one-second window (the first and the last at its edges), and network jitter bunches
# arrivals further: 24/s keeps every one-second window at Telegram's side at 25 or fewer
# (measured: bench/reminder_bench.py --telegram, "at most N in any 1 s").
RATE = 24.0
PER_CHAT_INTERVAL = 1.0
# Answers that mean the chat is gone for good (user deleted, never started the bot).
_GONE = ("chat not found", "user is deactivated", "bot was blocked", "user not found")


def retry_seconds(exc: RetryAfter) -> float:
    """Seconds a 429 asks to wait (int today, ``timedelta`` in a later PTB; no warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class TelegramSender:
    """Sends reminder prompts with ``Bot.send_message`` (documents and photos too)."""

    channel = CHANNEL

    def __init__(
        self,
        bot: Bot,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        rate: float = RATE,
        per_chat_interval: float = PER_CHAT_INTERVAL,
    ) -> None:
        self.bot = bot
        self.pacer: Pacer | None = Pacer(rate, per_chat_interval, clock=clock, sleep=sleep)
        self.codec = CallbackCodec(capacity=0)  # reminder buttons never need the table

    async def send(
        self, claimed: Claimed, due: DueReminder, prompts: list[Prompt], slot: Slot
    ) -> None:
        """Send every rendered message in order; map Bot API errors to ``SendError``s."""
        chat_id = int(claimed.external_id)
        for item in render(prompts, self.codec):
            await slot(claimed.external_id)
            try:
                if isinstance(item, OutText):
                    await self.bot.send_message(chat_id, item.text, reply_markup=item.keyboard)
                elif isinstance(item, OutDocument):
                    await self.bot.send_document(chat_id, item.data, filename=item.filename,
                                                 caption=item.caption)
                elif isinstance(item, OutPhoto):
                    await self.bot.send_photo(chat_id, item.data, filename=item.filename,
                                              caption=item.caption)
            except RetryAfter as exc:
                raise RateLimited("telegram_429", retry_seconds(exc)) from None
            except Forbidden:
                raise Blocked("telegram_403") from None
            except BadRequest as exc:
                if any(gone in exc.message.lower() for gone in _GONE):
                    raise Blocked("telegram_400_gone") from None
                raise Permanent("telegram_400") from None
            except NetworkError:  # TimedOut is a NetworkError
                raise Transient("telegram_network") from None
            except TelegramError:
                raise Transient("telegram_error") from None
