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
from datetime import datetime, timedelta

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
from bot.senders import Blocked, Permanent, Queued, RateLimited, SendError, Slot, Transient
from bot.whatsapp_render import (
    ListOut,
    Outgoing,
    RowOut,
    TextOut,
    encode_choice,
    plan,
    send_planned,
    split_text,
)
from bot.whatsapp_rules import WhatsAppRules
from handlers.domain.records import DueReminder
from handlers.prompts import Message, Prompt, Question
from handlers.reminders.buttons import (
    T_REM_DONE,
    T_REM_SNOOZE_DAY,
    T_REM_SNOOZE_WEEK,
    T_REM_STOP_KIND,
    reminder_step_token,
)
from handlers.reminders.messages import KIND_LABELS, MAX_TEXT, OPTIONS, TEXT_KINDS
from storage.reminder_claims import Claimed
from storage.whatsapp_consent import ALL_KINDS, OPTED_OUT, WAIT_WINDOW, SendState

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


GROUP_PREFIX = "g:"  # a merged template's quick-reply payload: g:<id>,<id>…|<token>
MERGE_MAX = 5  # reminders per merged message (list rows: 10 at most, 2 per reminder)
WAIT_LIMIT = timedelta(days=7)  # a reminder waits this long for the window, then fails


def group_reply_id(delivery_ids: list[int], token: str) -> str:
    """A merged template's quick-reply payload: the action for every delivery in it."""
    return f"{GROUP_PREFIX}{','.join(str(i) for i in delivery_ids)}|{token}"


def parse_group_reply(payload: str) -> tuple[list[int], str] | None:
    """``group_reply_id`` read back; None for any other payload (or a forged one)."""
    if not payload.startswith(GROUP_PREFIX) or "|" not in payload:
        return None
    ids_text, token = payload[len(GROUP_PREFIX):].split("|", 1)
    parts = ids_text.split(",")
    if not 0 < len(parts) <= MERGE_MAX or token not in TEMPLATE_BUTTONS \
            or not all(p.isascii() and p.isdigit() and len(p) <= 10 for p in parts):
        return None
    return [int(p) for p in parts], token


Item = tuple[Claimed, DueReminder, list[Prompt]]


def merged_prompts(items: list[Item]) -> list[Outgoing]:
    """Reminders due in the same minute as ONE list message: numbered texts, per reminder
    the rows "n. Sudah selesai" and "n. Ingatkan besok" (all four actions when two fit)."""
    parts = [f"Anda memiliki {len(items)} pengingat:"]
    rows: list[RowOut] = []
    per = 4 if len(items) * 4 <= 10 else 2
    for number, (_claimed, due, prompts) in enumerate(items, start=1):
        text = "\n".join(p.text for p in prompts if isinstance(p, Message | Question))
        parts.append(f"{number}. {text}")
        if due.kind in TEXT_KINDS:
            continue
        step = reminder_step_token(due.delivery_id)
        label = KIND_LABELS.get(due.kind, "Pengingat")
        for option in OPTIONS[:per]:
            rows.append(RowOut(encode_choice(step, option.token),
                               f"{number}. {option.short or option.label}"[:24], label[:72]))
    body = "\n\n".join(parts)
    if not rows:
        return [TextOut(piece) for piece in split_text(body)]
    out: list[Outgoing] = []
    if len(body) > 1024:
        out.extend(TextOut(piece) for piece in split_text(body))
        body = "Pilih tindakan untuk pengingat di atas."
    out.append(ListOut(body, "Pilih tindakan", tuple(rows)))
    return out


class WhatsAppSender:
    """Sends reminder prompts as free-form messages in the window, a template outside it.

    With ``rules`` (production) WhatsApp's rules apply at the moment of sending: an opted-out
    user gets nothing; the window is the user's last inbound message read now; a template
    only for kinds the user opted in to, within the messaging-limit tier; each message id is
    recorded for the status webhooks. ``send_group`` merges reminders due in the same minute.
    """

    channel = CHANNEL
    merges = True  # the dispatcher passes same-user, same-minute claims to send_group

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
        rules: WhatsAppRules | None = None,
    ) -> None:
        self.wa = wa
        self.clock = clock
        self.pacer: Pacer | None = Pacer(rate, 0.0, clock=clock, sleep=sleep)
        self.template_name = template_name
        self.template_language = template_language
        self.template_text = template_text
        self.rules = rules
        self._warned_no_template = False

    def in_window(self, claimed: Claimed) -> bool:
        """True when a free-form message is allowed (last inbound message < 24 h ago)."""
        return self._open(claimed.last_seen_at, None)

    def _open(self, seen: datetime | None, closed: datetime | None) -> bool:
        if seen is None or (closed is not None and closed >= seen):
            return False
        return self.clock() - seen < WINDOW - WINDOW_MARGIN

    async def send(
        self, claimed: Claimed, due: DueReminder, prompts: list[Prompt], slot: Slot
    ) -> None:
        """Send one reminder; map Graph API errors to ``SendError``s."""
        refused = await self.send_group([(claimed, due, prompts)], slot)
        if refused:
            raise next(iter(refused.values()))

    async def send_group(self, items: list[Item], slot: Slot) -> dict[int, SendError]:
        """Send one user's reminders due in the same minute as one message (per
        ``MERGE_MAX``); return the deliveries not sent and why (the others went out)."""
        refused: dict[int, SendError] = {}
        for start in range(0, len(items), MERGE_MAX):
            chunk = items[start:start + MERGE_MAX]
            try:
                refused.update(await self._send_chunk(chunk, slot))
            except SendError as exc:
                refused.update({claimed.delivery_id: exc for claimed, _, _ in chunk})
        return refused

    async def _send_chunk(self, items: list[Item], slot: Slot) -> dict[int, SendError]:
        first = items[0][0]
        to = first.external_id
        if self.rules is None:
            state = SendState(first.last_seen_at, "in", ALL_KINDS, None)
        else:
            state = await self.rules.send_state(first.user_id)
        if state.opted_out:
            raise Permanent(OPTED_OUT)
        try:
            if self._open(state.last_seen_at, state.window_closed_at):
                outgoing = plan(items[0][2]) if len(items) == 1 else merged_prompts(items)
                wamids: list[str] = []
                for item in outgoing:
                    await slot(to)
                    wamids += await send_planned(self.wa, to, [item])
                await self._record(wamids, items, template=False)
                return {}
            allowed = [i for i in items if state.allows_template(i[0].kind)]
            refused = {c.delivery_id: self._wait(c) for c, _, _ in items
                       if not state.allows_template(c.kind)}
            if allowed:
                await self._send_template(to, allowed, slot)
            return refused
        except ThrottlingError as exc:
            raise RateLimited(f"whatsapp_{exc.code}", THROTTLE_PAUSE) from None
        except ReEngagementMessage as exc:
            if self.rules is None:
                raise Blocked(f"whatsapp_{exc.code}") from None
            # Meta says the window is closed: note it; the retry uses the template (opted-in
            # kinds) or waits for the user's next message.
            await self.rules.close_window(first.user_id, self.clock())
            raise Queued(f"whatsapp_{exc.code}", self.clock()) from None
        except (MessageUndeliverable, RecipientNotInAllowedList,
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

    def _wait(self, claimed: Claimed) -> SendError:
        """No window and no opt-in for this kind: wait for the user's next message."""
        until = claimed.due_at + WAIT_LIMIT
        if self.clock() >= until:
            return Permanent("whatsapp_no_optin")
        return Queued(WAIT_WINDOW, until)

    async def _record(self, wamids: list[str], items: list[Item], *, template: bool) -> None:
        if self.rules is not None and wamids:
            await self.rules.record_sent(wamids, [c.delivery_id for c, _, _ in items],
                                         items[0][0].user_id, self.clock(), template=template)

    async def _send_template(self, to: str, items: list[Item], slot: Slot) -> None:
        if not self.template_name:
            if not self._warned_no_template:
                self._warned_no_template = True
                log.warning("WHATSAPP_TEMPLATE_NAME is not set: reminders to users outside "
                            "the 24-hour window fail (whatsapp_no_template)")
            raise Permanent("whatsapp_no_template")
        user_id = items[0][0].user_id
        previous: datetime | None = None
        if self.rules is not None:
            allowed, previous = await self.rules.reserve_template(user_id, self.clock())
            if not allowed:
                assert previous is not None
                raise Queued("whatsapp_tier_full", previous)
        if len(items) == 1:
            due = items[0][1]
            text = self.template_text(due)
            reply_ids = quick_reply_ids(due.delivery_id)
        else:
            text = " ".join(f"({n}) {self.template_text(due)}"
                            for n, (_, due, _) in enumerate(items, start=1))
            text = f"Anda memiliki {len(items)} pengingat: {text}"[:MAX_TEXT]
            ids = [c.delivery_id for c, _, _ in items]
            reply_ids = [group_reply_id(ids, token) for token in TEMPLATE_BUTTONS]
        params: list[BaseParams | dict[str, object]] = [
            BodyText.params(text)]  # type: ignore[arg-type]
        params.extend(QuickReplyButton.params(callback_data=reply_id, index=index)
                      for index, reply_id in enumerate(reply_ids))
        await slot(to)
        try:
            sent = await self.wa.send_template(
                to=to, name=self.template_name,
                language=TemplateLanguage(self.template_language), params=params)
        except BaseException:
            if self.rules is not None:
                await self.rules.release_template(user_id, previous)
            raise
        await self._record([str(sent.id)], items, template=True)


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
