"""Incoming events, channel-neutral: what a user did, whatever the platform."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class TextIn:
    """Free text typed by the user (a command like ``/batal`` is also text: the engine parses).

    Control characters (other than tab and line breaks) are dropped on creation: typed they
    mean nothing, PostgreSQL text cannot hold NUL and XLSX cells refuse the rest.
    """

    text: str

    def __post_init__(self) -> None:
        if not self.text.isprintable():
            object.__setattr__(self, "text", _CONTROL.sub("", self.text))


@dataclass(frozen=True)
class ChoiceIn:
    """A button or list row pressed: ``token`` is the option token the engine put on it.

    ``step_token`` identifies the question the button belonged to (see ``prompts.Question``);
    a button of an older question is answered politely and the current question asked again.
    """

    token: str
    step_token: str | None = None


@dataclass(frozen=True)
class NotText:
    """A message the assistant cannot read (a photo, sticker, voice note, location …).

    It goes through the runtime like any update (recorded, so a redelivery gets no second
    reply); the engine answers with one sentence and the current question again.
    """


Event = TextIn | ChoiceIn | NotText
