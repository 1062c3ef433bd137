"""WhatsApp's rules for a reminder bot, on the database (docs/whatsapp.md, "Rules").

``WhatsAppRules`` is what the WhatsApp sender and webhook need of storage: the user's last
inbound message and consent at the moment of sending, the messaging-limit tier, the message
ids of reminder sends, status webhooks, "STOP" and the opt-in answer. Each call is one short
transaction, run in a worker thread (``inline=True``: on the caller's thread, for tests on
virtual time). Message text is never logged.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from storage import delivery_status, repo, whatsapp_consent
from storage.db import session_scope
from storage.delivery_status import StatusResult
from storage.whatsapp_consent import ALL_KINDS, OWN_KINDS, SendState

log = logging.getLogger("bot.whatsapp.rules")
T = TypeVar("T")
CHANNEL = "whatsapp"

# Messaging-limit tiers (unique template recipients per rolling 24 hours).
TIERS: dict[str, int | None] = {
    "250": 250, "1000": 1_000, "10000": 10_000, "100000": 100_000, "unlimited": None,
}

# Opt-out / opt-in words: the whole message, any case, punctuation and spaces ignored.
STOP_WORDS = frozenset({"stop", "berhenti", "stop pengingat", "berhenti pengingat", "unsubscribe"})
START_WORDS = frozenset({"izinkan", "izinkan pengingat", "aktifkan pengingat"})
STOP_CONFIRMATION = (
    "Baik, Anda tidak akan menerima pengingat maupun siaran apa pun lagi lewat WhatsApp; "
    "ketik IZINKAN kapan saja bila ingin menerimanya kembali."
)
# The opt-in question (reply buttons, ids handled by the webhook, not the engine).
OPT_IN_QUESTION = (
    "Bolehkah kami mengirim pengingat lewat WhatsApp, juga ketika Anda belum menulis kepada "
    "kami dalam 24 jam terakhir? Anda dapat berhenti kapan saja dengan mengetik STOP."
)
OPT_IN_ALL = "optin:all"
OPT_IN_OWN = "optin:own"
OPT_IN_NO = "optin:no"
OPT_IN_BUTTONS: tuple[tuple[str, str], ...] = (
    (OPT_IN_ALL, "Ya, semua"),
    (OPT_IN_OWN, "Hanya pengingat saya"),
    (OPT_IN_NO, "Tidak"),
)
OPT_IN_REPLIES = {
    OPT_IN_ALL: "Terima kasih, pengingat dan siaran akan kami kirim lewat WhatsApp; ketik STOP "
                "kapan saja untuk berhenti.",
    OPT_IN_OWN: "Terima kasih, hanya pengingat Anda sendiri (tanpa siaran) yang akan kami kirim "
                "lewat WhatsApp; ketik STOP kapan saja untuk berhenti.",
    OPT_IN_NO: "Baik, kami hanya akan mengirim pengingat ketika Anda sedang bercakap dengan kami; "
               "ketik IZINKAN bila berubah pikiran.",
}
_PUNCT = re.compile(r"[^\w\s]")


def keyword(text: str) -> str:
    """``text`` folded for keyword matching: case, accents, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_PUNCT.sub(" ", folded).split())


def is_stop(text: str) -> bool:
    """True for an opt-out message ("STOP", "berhenti.", "Stop!")."""
    return keyword(text) in STOP_WORDS


def is_start(text: str) -> bool:
    """True for an opt-in message ("IZINKAN")."""
    return keyword(text) in START_WORDS


def tier_cap(setting: str | None) -> int | None:
    """The cap of a WHATSAPP_MESSAGING_LIMIT value (None = unlimited)."""
    value = (setting or "unlimited").strip().lower().replace(".", "").replace("_", "")
    if value not in TIERS:
        raise ValueError(f"unknown messaging-limit tier {setting!r}; expected one of {list(TIERS)}")
    return TIERS[value]


class WhatsAppRules:
    """The rules' storage side; see the module docstring."""

    def __init__(self, sessions: sessionmaker[Session], *, tier: int | None = None,
                 inline: bool = False) -> None:
        self.sessions = sessions
        self.tier = tier
        self.inline = inline

    async def _db(self, work: Callable[[Session], T]) -> T:
        def run() -> T:
            with session_scope(self.sessions) as session:
                return work(session)

        return run() if self.inline else await asyncio.to_thread(run)

    # -- sending ---------------------------------------------------------------------------
    async def send_state(self, user_id: int) -> SendState:
        """Last inbound message and consent, read now (the moment of sending)."""
        return await self._db(lambda s: whatsapp_consent.send_state(s, user_id))

    async def reserve_template(self, user_id: int,
                               now: datetime) -> tuple[bool, datetime | None]:
        """A tier slot for a template to ``user_id`` (see ``delivery_status``)."""
        return await self._db(
            lambda s: delivery_status.reserve_template(s, user_id, now, self.tier))

    async def release_template(self, user_id: int, previous: datetime | None) -> None:
        """Give back a slot whose template Meta refused."""
        await self._db(lambda s: delivery_status.release_template(s, user_id, previous))

    async def record_sent(self, wamids: Sequence[str], delivery_ids: Sequence[int],
                          user_id: int, now: datetime, *, template: bool) -> None:
        """Link the sent messages to their deliveries (for the status webhooks)."""
        def work(s: Session) -> None:
            for wamid in wamids:
                delivery_status.record_sent(s, wamid, delivery_ids, user_id, now,
                                            template=template)

        await self._db(work)

    async def close_window(self, user_id: int, at: datetime) -> None:
        """Meta answered 131047: the window is closed until the user writes again."""
        await self._db(lambda s: whatsapp_consent.close_window(s, user_id, at))

    # -- webhooks --------------------------------------------------------------------------
    async def status(self, wamid: str, status: str, at: datetime,
                     error_code: int | None) -> StatusResult:
        """Apply one status webhook to the ledger."""
        result = await self._db(
            lambda s: delivery_status.apply_status(s, wamid, status, at, error_code))
        if result.changed:
            log.info("whatsapp status %s (%s): %d deliver%s -> %s", status, error_code,
                     len(result.changed), "y" if len(result.changed) == 1 else "ies",
                     result.action)
        return result

    async def stop(self, external_id: str, update_key: str, now: datetime) -> bool:
        """Record "STOP" (once per message id); False for a redelivered message."""
        def work(s: Session) -> bool:
            connection = s.connection()
            user_id = repo.claim_user(connection, CHANNEL, external_id, now)
            if not repo.claim_update(connection, CHANNEL, update_key, user_id):
                return False
            cancelled = whatsapp_consent.opt_out(connection, user_id, now)
            log.info("whatsapp opt-out: %d pending deliveries cancelled", cancelled)
            return True

        return await self._db(work)

    async def answer(self, external_id: str, update_key: str, choice: str,
                     now: datetime) -> bool:
        """Record the opt-in answer (or "IZINKAN") once per message id; False if redelivered."""
        def work(s: Session) -> bool:
            connection = s.connection()
            user_id = repo.claim_user(connection, CHANNEL, external_id, now)
            if not repo.claim_update(connection, CHANNEL, update_key, user_id):
                return False
            if choice == OPT_IN_NO:
                whatsapp_consent.opt_out(connection, user_id, now)
            else:
                kinds = ALL_KINDS if choice == OPT_IN_ALL else OWN_KINDS
                whatsapp_consent.opt_in(connection, user_id, kinds, now)
                whatsapp_consent.release_waiting(connection, user_id, now)
            return True

        return await self._db(work)

    async def after_message(self, external_id: str, now: datetime) -> bool:
        """After a handled message: release what waited for the window; True to ask opt-in.

        The question is asked once, when the user has active reminders and never answered.
        """
        def work(s: Session) -> bool:
            connection = s.connection()
            user_id = whatsapp_consent.user_id_of(connection, CHANNEL, external_id)
            if user_id is None:
                return False
            whatsapp_consent.release_waiting(connection, user_id, now)
            if not whatsapp_consent.has_active_reminders(connection, user_id):
                return False
            return whatsapp_consent.mark_asked(connection, user_id, now)

        return await self._db(work)
