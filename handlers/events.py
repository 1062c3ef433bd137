"""Incoming events, channel-neutral: what a user did, whatever the platform."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextIn:
    """Free text typed by the user (a command like ``/batal`` is also text: the engine parses)."""

    text: str


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
