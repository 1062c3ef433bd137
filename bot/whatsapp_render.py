"""Render channel-neutral prompts as WhatsApp Cloud API messages sent through pywa.

Two halves: :func:`plan` turns prompts into a list of outgoing messages that respect every
WhatsApp limit (pure, unit-testable); :func:`send_planned` sends them with a pywa_async client.

Rules (see docs/whatsapp.md):

- a Question with 1–3 options → reply buttons (titles ≤ 20 characters); 4–10 → a list message
  (row titles ≤ 24, descriptions ≤ 72, button text ≤ 20, full wording numbered in the body);
  more than 10 (or an option whose reply id would be too long) → a numbered text list, the
  user types the number;
- progress line first, hint last, all in the body; interactive bodies ≤ 1024 characters
  (the overflow goes out as text messages just before), text messages ≤ 4096 (split);
- documents and images are uploaded as media and sent with filename and caption.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

import httpx
from pywa.errors import WhatsAppError
from pywa.types.callback import Button, Section, SectionList, SectionRow
from pywa_async.client import WhatsApp

from bot.text_split import split_at_boundaries
from handlers.events import ChoiceIn
from handlers.prompts import Document, Image, Message, Option, Prompt, Question
from knowledge.digits import read_index

log = logging.getLogger("bot.whatsapp")

TEXT_LIMIT = 4096
BODY_LIMIT = 1024
CAPTION_LIMIT = 1024
BUTTON_TITLE_LIMIT = 20
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
MAX_BUTTONS = 3
MAX_ROWS = 10
# Meta allows 256 characters for a button id but only 200 for a list row id.
REPLY_ID_LIMIT = 200

LIST_BUTTON_TEXT = "Lihat pilihan"
SECTION_TITLE = "Pilihan"
TYPE_NUMBER = "Ketik nomor pilihan Anda, contoh: 1."
ELLIPSIS = "…"


# -- reply ids: the option token and the question's step token in one string -----------------
def encode_choice(step_token: str | None, token: str) -> str:
    """The reply id put on a button or list row: ``s<len>:<step_token><token>``.

    Length-prefixed so that any character may appear in either token.
    """
    if step_token is None:
        return f"t:{token}"
    return f"s{len(step_token)}:{step_token}{token}"


def decode_choice(reply_id: str) -> ChoiceIn:
    """The event for a pressed button or row; an id of unknown shape is passed on as a token."""
    if reply_id.startswith("t:"):
        return ChoiceIn(token=reply_id[2:])
    if reply_id.startswith("s") and ":" in reply_id:
        length_text, rest = reply_id[1:].split(":", 1)
        length = read_index(length_text) if length_text.isascii() else None
        if length is not None and length <= len(rest):
            return ChoiceIn(token=rest[length:], step_token=rest[:length])
    return ChoiceIn(token=reply_id)


# -- outgoing messages ------------------------------------------------------------------------
@dataclass(frozen=True)
class TextOut:
    """A text message (≤ 4096 characters)."""

    body: str


@dataclass(frozen=True)
class ButtonsOut:
    """Reply buttons: ``buttons`` are (reply id, title) pairs."""

    body: str
    buttons: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RowOut:
    """One row of a list message."""

    reply_id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class ListOut:
    """A list message with one section."""

    body: str
    button: str
    rows: tuple[RowOut, ...]


@dataclass(frozen=True)
class MediaOut:
    """A document or image to upload and send."""

    kind: str  # "document" | "image"
    filename: str
    mime: str
    data: bytes = field(repr=False)
    caption: str | None = None


Outgoing = TextOut | ButtonsOut | ListOut | MediaOut


def fit(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary with "…" when longer than ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut and cut.rfind(" ") >= limit // 2:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:-") + ELLIPSIS


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split at paragraph, then line, then word boundaries into pieces of ≤ ``limit``."""
    return split_at_boundaries(text, limit)


def _numbered(options: Sequence[Option]) -> str:
    return "\n".join(f"{i}. {o.label}" for i, o in enumerate(options, start=1))


def _body(question: Question, listing: str | None, extra_hint: str | None = None) -> str:
    parts = [question.progress, question.text, listing, question.hint, extra_hint]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _with_body_limit(full: str, build: Callable[[str], Outgoing]) -> list[Outgoing]:
    """The interactive message, preceded by text messages carrying what exceeds its body."""
    pieces = split_text(full, BODY_LIMIT)
    head = "\n\n".join(pieces[:-1])
    out: list[Outgoing] = [TextOut(p) for p in split_text(head)] if head else []
    out.append(build(pieces[-1]))
    return out


def _title(option: Option, limit: int) -> str:
    """The label when it fits, else ``Option.short`` when that fits, else the label cut."""
    label = " ".join(option.label.split())
    if len(label) <= limit:
        return label
    if option.short and len(option.short.strip()) <= limit:
        return option.short.strip()
    return fit(option.short or label, limit)


def _unique(titles: list[str], options: Sequence[Option], limit: int) -> list[str]:
    """Number the titles when cutting made two of them equal (WhatsApp rejects duplicates)."""
    if len(set(titles)) == len(titles):
        return titles
    return [fit(f"{i}. {o.short or o.label}", limit) for i, o in enumerate(options, start=1)]


def _plan_question(question: Question) -> list[Outgoing]:
    options = question.options
    ids = [encode_choice(question.step_token, o.token) for o in options]
    if not options:
        return [TextOut(p) for p in split_text(_body(question, None))]
    if len(options) > MAX_ROWS or any(len(i) > REPLY_ID_LIMIT for i in ids):
        full = _body(question, _numbered(options), TYPE_NUMBER)
        return [TextOut(p) for p in split_text(full)]
    if len(options) <= MAX_BUTTONS:
        titles = _unique([_title(o, BUTTON_TITLE_LIMIT) for o in options],
                         options, BUTTON_TITLE_LIMIT)
        shown_in_full = all(
            t == " ".join(o.label.split()) for t, o in zip(titles, options, strict=True)
        )
        full = _body(question, None if shown_in_full else _numbered(options))
        buttons = tuple(zip(ids, titles, strict=True))
        return _with_body_limit(full, lambda body: ButtonsOut(body, buttons))
    titles = _unique([_title(o, ROW_TITLE_LIMIT) for o in options], options, ROW_TITLE_LIMIT)
    rows = []
    for reply_id, title, option in zip(ids, titles, options, strict=True):
        description = option.description
        if description is None and title != " ".join(option.label.split()):
            description = option.label
        rows.append(RowOut(reply_id, title,
                           fit(description, ROW_DESCRIPTION_LIMIT) if description else None))
    full = _body(question, _numbered(options))
    return _with_body_limit(full, lambda body: ListOut(body, LIST_BUTTON_TEXT, tuple(rows)))


def _plan_media(
    kind: str, filename: str, mime: str, data: bytes, caption: str | None
) -> list[Outgoing]:
    caption = caption.strip() if caption else None
    if caption and len(caption) > CAPTION_LIMIT:
        return [MediaOut(kind, filename, mime, data), *(TextOut(p) for p in split_text(caption))]
    return [MediaOut(kind, filename, mime, data, caption or None)]


def plan(prompts: Iterable[Prompt]) -> list[Outgoing]:
    """The WhatsApp messages that show ``prompts``, in order, each within WhatsApp's limits."""
    out: list[Outgoing] = []
    for prompt in prompts:
        if isinstance(prompt, Message):
            out.extend(TextOut(p) for p in split_text(prompt.text))
        elif isinstance(prompt, Question):
            out.extend(_plan_question(prompt))
        elif isinstance(prompt, Document):
            out.extend(_plan_media("document", prompt.filename, prompt.mime, prompt.data,
                                   prompt.caption))
        elif isinstance(prompt, Image):
            mime = mimetypes.guess_type(prompt.filename)[0] or "image/png"
            out.extend(_plan_media("image", prompt.filename, mime, prompt.data, prompt.caption))
    return out


# Meta's own "try again" errors (Graph codes 1 and 2, 131000 "something went wrong", 131016
# "service unavailable"), and a gateway's 502/503/504 without a Graph body (pywa then gives
# the HTTP status as the code); every other Graph error is an answer, not a hiccup.
TRANSIENT_CODES = frozenset({1, 2, 131000, 131016, 502, 503, 504})
Sleep = Callable[[float], Awaitable[None]]


def is_transient(exc: BaseException) -> bool:
    """True for a failure worth sending again at once: the connection, or Meta's hiccup.

    Not a read timeout: after 30 s without an answer Meta has most likely taken the message,
    and sending it again would show it twice. A dropped or refused connection is sent again
    (it may rarely show twice; a lost answer costs more).
    """
    if isinstance(exc, httpx.ReadTimeout):
        return False
    if isinstance(exc, httpx.TransportError):
        return True
    return isinstance(exc, WhatsAppError) and exc.code in TRANSIENT_CODES


async def _send_one(wa: WhatsApp, to: str, item: Outgoing) -> str:
    if isinstance(item, TextOut):
        sent = await wa.send_message(to=to, text=item.body)
    elif isinstance(item, ButtonsOut):
        buttons = [Button(title=title, callback_data=rid) for rid, title in item.buttons]
        sent = await wa.send_message(to=to, text=item.body, buttons=buttons)
    elif isinstance(item, ListOut):
        rows = [SectionRow(title=r.title, callback_data=r.reply_id, description=r.description)
                for r in item.rows]
        section_list = SectionList(
            button_title=item.button, sections=[Section(title=SECTION_TITLE, rows=rows)]
        )
        sent = await wa.send_message(to=to, text=item.body, buttons=section_list)
    elif item.kind == "document":
        sent = await wa.send_document(to=to, document=item.data, filename=item.filename,
                                      caption=item.caption, mime_type=item.mime)
    else:
        sent = await wa.send_image(to=to, image=item.data, caption=item.caption,
                                   mime_type=item.mime)
    return str(sent.id)


async def send_planned(wa: WhatsApp, to: str, outgoing: Iterable[Outgoing], *,
                       attempts: int = 1, backoff: float = 0.5,
                       sleep: Sleep = asyncio.sleep) -> list[str]:
    """Send the planned messages to ``to`` one after another (order matters in a chat).

    A transient failure (``is_transient``) sends the same message again, up to ``attempts``
    times, waiting ``backoff`` x the attempt number in between; the messages already sent are
    not repeated. Returns the message ids (``wamid``) Meta gave them, in order.
    """
    ids: list[str] = []
    for item in outgoing:
        for attempt in range(1, attempts + 1):
            try:
                ids.append(await _send_one(wa, to, item))
                break
            except Exception as exc:
                if attempt == attempts or not is_transient(exc):
                    raise
                log.warning("whatsapp send failed (%s), attempt %d of %d: sending again",
                            type(exc).__name__, attempt, attempts)
                await sleep(backoff * attempt)
    return ids
