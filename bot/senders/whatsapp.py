"""Reminders to WhatsApp through pywa (the async client), at most 60 messages per second.

Inside the 24-hour customer-service window (the user's last inbound message,
``chat_user.last_seen_at``, less than 24 hours ago, with a safety margin) the reminder goes
out as a normal message with reply buttons (``bot.whatsapp_render``). Outside it Meta only
accepts a template: ``WHATSAPP_TEMPLATE_NAME`` in ``WHATSAPP_TEMPLATE_LANGUAGE`` with the
reminder text as its one body parameter and the reminder buttons' reply ids as the payloads
of its quick-reply buttons (in order). Without a template the delivery fails permanently
with ``whatsapp_no_template`` (logged once per sender).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

import httpx
from pywa.errors import (
    MessageUndeliverable,
    RecipientNotInAllowedList,
    ReEngagementMessage,
    SendMessageError,
    ThrottlingError,
    UserStoppedMarketingMessages,
    WhatsAppError,
)
from pywa.types.templates import BaseParams, BodyText, QuickReplyButton, TemplateLanguage
from pywa_async.client import WhatsApp

from bot.pacer import Clock, Pacer, Sleep
from bot.senders import Blocked, Permanent, RateLimited, Slot, Transient
from bot.whatsapp_render import encode_choice, plan, send_planned
from handlers.domain.records import DueReminder
from handlers.prompts import Prompt
from handlers.reminders.buttons import (
    T_REM_DONE,
    T_REM_SNOOZE_DAY,
    T_REM_SNOOZE_WEEK,
    T_REM_STOP_KIND,
    reminder_step_token,
)
from storage.reminder_claims import Claimed

log = logging.getLogger("bot.dispatch.whatsapp")

CHANNEL = "whatsapp"
RATE = 58.0  # the limit is 60/s; margin for window edges and jitter (see senders/telegram.py)
WINDOW = timedelta(hours=24)
WINDOW_MARGIN = timedelta(minutes=10)  # the send takes time; stay clear of the edge
THROTTLE_PAUSE = 60.0  # Meta gives no retry-after; one minute before trying again
# The approved template's quick replies, in this order (docs/dispatch.md).
TEMPLATE_BUTTONS = (T_REM_DONE, T_REM_SNOOZE_DAY, T_REM_SNOOZE_WEEK, T_REM_STOP_KIND)


def template_text_default(due: DueReminder) -> str:
    """The template body parameter (``handlers.reminders.messages.whatsapp_template_text``)."""
    from handlers.reminders.messages import whatsapp_template_text

    return whatsapp_template_text(due)


def quick_reply_ids(delivery_id: int) -> list[str]:
    """The template's quick-reply payloads: always the four standard reminder buttons.

    An approved template has a fixed number of buttons, so every kind sends the same four (a
    broadcast too: "Ingatkan besok" then sends it again tomorrow); the January prompt's extra
    "Catat predikat" is a typed phrase in its text instead (``whatsapp_template_text``).
    """
    step = reminder_step_token(delivery_id)
    return [encode_choice(step, token) for token in TEMPLATE_BUTTONS]


class WhatsAppSender:
    """Sends reminder prompts as free-form messages in the window, a template outside it."""

    channel = CHANNEL

    def __init__(
        self,
        wa: WhatsApp,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        template_name: str | None = None,
        template_language: str = "id",
        template_text: Callable[[DueReminder], str] = template_text_default,
        rate: float = RATE,
    ) -> None:
        self.wa = wa
        self.clock = clock
        self.pacer: Pacer | None = Pacer(rate, 0.0, clock=clock, sleep=sleep)
        self.template_name = template_name
        self.template_language = template_language
        self.template_text = template_text
        self._warned_no_template = False

    def in_window(self, claimed: Claimed) -> bool:
        """True when a free-form message is allowed (last inbound message < 24 h ago)."""
        seen = claimed.last_seen_at
        return seen is not None and self.clock() - seen < WINDOW - WINDOW_MARGIN

    async def send(
        self, claimed: Claimed, due: DueReminder, prompts: list[Prompt], slot: Slot
    ) -> None:
        """Send the reminder; map Graph API errors to ``SendError``s."""
        to = claimed.external_id
        try:
            if self.in_window(claimed):
                for item in plan(prompts):
                    await slot(to)
                    await send_planned(self.wa, to, [item])
            else:
                await self._send_template(to, due, prompts, slot)
        except ThrottlingError as exc:
            raise RateLimited(f"whatsapp_{exc.code}", THROTTLE_PAUSE) from None
        except (ReEngagementMessage, MessageUndeliverable, RecipientNotInAllowedList,
                UserStoppedMarketingMessages) as exc:
            raise Blocked(f"whatsapp_{exc.code}") from None
        except SendMessageError as exc:
            if 132000 <= exc.code < 133000:  # template errors: fixing needs an operator
                raise Permanent(f"whatsapp_{exc.code}") from None
            raise Transient(f"whatsapp_{exc.code}") from None
        except WhatsAppError as exc:
            raise Transient(f"whatsapp_{exc.code}") from None
        except httpx.HTTPError:
            raise Transient("whatsapp_network") from None

    async def _send_template(
        self, to: str, due: DueReminder, prompts: list[Prompt], slot: Slot
    ) -> None:
        if not self.template_name:
            if not self._warned_no_template:
                self._warned_no_template = True
                log.warning("WHATSAPP_TEMPLATE_NAME is not set: reminders to users outside "
                            "the 24-hour window fail (whatsapp_no_template)")
            raise Permanent("whatsapp_no_template")
        params: list[BaseParams | dict[str, object]] = [
            BodyText.params(self.template_text(due))]  # type: ignore[arg-type]
        params.extend(QuickReplyButton.params(callback_data=reply_id, index=index)
                      for index, reply_id in enumerate(quick_reply_ids(due.delivery_id)))
        await slot(to)
        await self.wa.send_template(
            to=to, name=self.template_name,
            language=TemplateLanguage(self.template_language), params=params)


def make_client(phone_id: str, token: str, api_base_url: str | None = None,
                http: httpx.AsyncClient | None = None) -> WhatsApp:
    """A pywa client for sending only (no webhook), at WHATSAPP_API_BASE_URL when set."""
    from pywa_async import utils

    session = http or httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=10.0))
    wa = WhatsApp(phone_id=phone_id, token=token, session=session,
                  api_version=str(utils.Version.GRAPH_API))
    if api_base_url:
        session.base_url = api_base_url.rstrip("/") + session.base_url.path
    return wa
