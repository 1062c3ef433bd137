"""Channel-neutral prompts → Telegram Bot API messages (pure: no network here).

``render(prompts, codec)`` turns the engine's prompts into ``Outgoing`` items the app sends in
order: texts split at 4096 characters on paragraph/line boundaries, a Question as one message
(progress line, text, the full wording of options shortened on their buttons, hint) with an
inline keyboard of labels within 30 characters (``handlers.labels``), documents and pictures
with captions of at most 1024 characters (a longer caption follows as text).

Callback data (≤ 64 bytes, versioned): ``v1|<step_token>|<option token>``. When that would be
too long, the option is sent as ``v1|<step_token>|#<index>`` and the index is resolved through a
bounded in-memory map filled when the keyboard was rendered; after a restart such a button is
treated like a stale one (the engine asks its current question again).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.text_split import split_at_boundaries
from handlers.labels import TELEGRAM_BUTTON_MAX, fit_labels, shortened_lines
from handlers.prompts import Document, Image, Message, Prompt, Question
from knowledge.digits import read_index

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_BYTES = 64
CALLBACK_VERSION = "v1"
_SEP = "|"
_INDEX = "#"
_ANY_STEP = "~"  # stands for a step token kept in the overflow map


@dataclass(frozen=True)
class OutText:
    """A text message, with an inline keyboard when it carries a question."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    step_token: str | None = None
    replaces: bool = False  # ``Question.replaces``: edit the pressed message when there is one


@dataclass(frozen=True)
class OutDocument:
    """A file for sendDocument."""

    filename: str
    data: bytes
    caption: str | None = None


@dataclass(frozen=True)
class OutPhoto:
    """A picture for sendPhoto."""

    filename: str
    data: bytes
    caption: str | None = None


Outgoing = OutText | OutDocument | OutPhoto


@dataclass(frozen=True)
class Pressed:
    """A decoded button press; ``token`` is None when it can no longer be resolved."""

    step_token: str
    token: str | None


class CallbackCodec:
    """Encodes option tokens into callback data and back; remembers overflowing ones."""

    def __init__(self, capacity: int = 50_000) -> None:
        self._capacity = capacity
        self._overflow: OrderedDict[tuple[str, int], tuple[str, str]] = OrderedDict()
        self._serial = 0

    def encode(self, step_token: str, index: int, token: str) -> str:
        """Callback data for option ``index`` (with ``token``) of question ``step_token``."""
        data = _SEP.join((CALLBACK_VERSION, step_token, token))
        plain = not token.startswith(_INDEX) and _SEP not in step_token
        if plain and _fits(data) and step_token != _ANY_STEP:
            return data
        shown_step, key = step_token, index
        if not _fits(_SEP.join((CALLBACK_VERSION, step_token, f"{_INDEX}{index}"))) or (
            _SEP in step_token or step_token == _ANY_STEP
        ):
            # A step token that cannot travel itself: a serial number stands for both.
            self._serial += 1
            shown_step, key = _ANY_STEP, self._serial
        self._overflow[(shown_step, key)] = (step_token, token)
        self._overflow.move_to_end((shown_step, key))
        while len(self._overflow) > self._capacity:
            self._overflow.popitem(last=False)
        return _SEP.join((CALLBACK_VERSION, shown_step, f"{_INDEX}{key}"))

    def decode(self, data: str) -> Pressed | None:
        """The press behind ``data``; None for an unknown version or a malformed payload."""
        if not _fits(data):  # Telegram never sends more: forged
            return None
        parts = data.split(_SEP, 2)
        if len(parts) != 3 or parts[0] != CALLBACK_VERSION or not parts[1]:
            return None
        step_token, raw = parts[1], parts[2]
        if raw.startswith(_INDEX):  # every token starting with the mark travels as an index
            index = read_index(raw[1:]) if raw[1:].isascii() else None
            known = None if index is None else self._overflow.get((step_token, index))
            if known is None:
                return Pressed(step_token, None)
            return Pressed(known[0], known[1])
        return Pressed(step_token, raw)


def _fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split ``text`` into chunks ≤ ``limit`` characters: paragraphs, then lines, then words."""
    return split_at_boundaries(text, limit)


def button_labels(question: Question) -> list[str]:
    """The button texts of a question: every label within ``TELEGRAM_BUTTON_MAX`` characters,
    look-alikes told apart by their distinct part (``handlers.labels``)."""
    return fit_labels([o.label for o in question.options], TELEGRAM_BUTTON_MAX)


def question_text(question: Question) -> str:
    """The message text of a question: progress line, the question, the full wording of every
    option its button shows shortened (numbered as typed), the hint."""
    full = "\n".join(shortened_lines([o.label for o in question.options],
                                     button_labels(question)))
    parts = [p for p in (question.progress, question.text, full, question.hint) if p]
    return "\n\n".join(parts)


def keyboard(question: Question, codec: CallbackCodec) -> InlineKeyboardMarkup | None:
    """One button per row (short labels, see ``button_labels``); None without options."""
    if not question.options:
        return None
    rows = [
        [InlineKeyboardButton(label, callback_data=codec.encode(
            question.step_token, index, option.token))]
        for index, (option, label) in enumerate(zip(question.options, button_labels(question),
                                                    strict=True))
    ]
    return InlineKeyboardMarkup(rows)


def _media_caption(caption: str | None) -> tuple[str | None, list[OutText]]:
    if caption is None or len(caption) <= MAX_CAPTION:
        return caption, []
    return None, [OutText(chunk) for chunk in split_text(caption)]


def render(prompts: list[Prompt], codec: CallbackCodec) -> list[Outgoing]:
    """The Bot API messages for ``prompts``, in order."""
    out: list[Outgoing] = []
    for prompt in prompts:
        if isinstance(prompt, Message):
            out.extend(OutText(chunk) for chunk in split_text(prompt.text))
        elif isinstance(prompt, Question):
            chunks = split_text(question_text(prompt)) or ["…"]
            out.extend(OutText(chunk) for chunk in chunks[:-1])
            # The keyboard sits under the last chunk: the one the user reads last.
            out.append(OutText(chunks[-1], keyboard(prompt, codec), prompt.step_token,
                               prompt.replaces and len(chunks) == 1))
        elif isinstance(prompt, Document):
            caption, rest = _media_caption(prompt.caption)
            out.append(OutDocument(prompt.filename, prompt.data, caption))
            out.extend(rest)
        elif isinstance(prompt, Image):
            caption, rest = _media_caption(prompt.caption)
            out.append(OutPhoto(prompt.filename, prompt.data, caption))
            out.extend(rest)
    return out
