"""Outgoing prompts, channel-neutral: what the engine wants the user to see.

Adapters render them per channel: the console numbers the options, Telegram uses an inline
keyboard, WhatsApp reply buttons (≤ 3), list messages (4–10) or pages beyond that.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Option:
    """One choice: ``token`` comes back in ``ChoiceIn``; ``label`` is shown (full wording)."""

    token: str
    label: str
    short: str | None = None  # a title of ≤ 20 characters for channels with tight limits
    description: str | None = None  # a second line where the channel has one


@dataclass(frozen=True)
class Message:
    """Plain text (may be long; adapters split it at their channel's limit)."""

    text: str


@dataclass(frozen=True)
class Question:
    """A question with optional choices; ``progress`` is e.g. "Langkah 3 dari 9".

    ``step_token`` is short and changes whenever the question changes, so an old button can
    be recognised as stale. ``options`` may be empty for free-text/number/date questions.
    """

    text: str
    step_token: str
    options: tuple[Option, ...] = ()
    progress: str | None = None
    hint: str | None = None  # e.g. "Ketik angka, contoh: 12,5"
    # The same question again after a pick that keeps it on screen (a toggle in a multiple
    # choice, another page): a channel that can edit the message the button was pressed on
    # edits it in place (Telegram), the acknowledgement lines before it being shown by the
    # edit itself (ticks, "Sudah dipilih: …"); the others send everything anew.
    replaces: bool = False


@dataclass(frozen=True)
class Document:
    """A file to send (e.g. the filled XLSX form)."""

    filename: str
    data: bytes = field(repr=False)
    mime: str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    caption: str | None = None


@dataclass(frozen=True)
class Image:
    """A picture to send (e.g. the angka kredit chart as PNG)."""

    filename: str
    data: bytes = field(repr=False)
    caption: str | None = None


Prompt = Message | Question | Document | Image
