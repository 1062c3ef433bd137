"""Writes the engine asks for (``Outcome.effects``), performed in the update's transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handlers.domain.records import FormDetails, Profile, ReminderSpec, UkomSchedule


@dataclass(frozen=True)
class SaveProfile:
    """Store the profile and re-plan the reminders derived from it (and matching schedules)."""

    profile: Profile


@dataclass(frozen=True)
class SaveFormDetails:
    """Remember the form details given (values None are left as stored) for next time."""

    details: FormDetails


@dataclass(frozen=True)
class SaveReminder:
    """Plan one own reminder ("pribadi")."""

    spec: ReminderSpec


@dataclass(frozen=True)
class EditOwnReminder:
    """Change one saved own reminder ("pribadi") of the user: its moment and its text.

    ``source_key`` is its new key (``handlers.flows._own_reminder_parts.own_key``); pending
    sends are cancelled and the reminder planned again at ``due_at`` (aware).
    """

    reminder_id: int
    source_key: str
    due_at: dt.datetime
    title: str


@dataclass(frozen=True)
class Snooze:
    """Send this delivery's reminder again at ``until`` (aware)."""

    delivery_id: int
    until: dt.datetime


@dataclass(frozen=True)
class MarkDone:
    """The user handled it ("Selesai"): stop the delivery's reminder (later sends cancelled)."""

    delivery_id: int


@dataclass(frozen=True)
class StopKind:
    """Stop every reminder of this kind for the user."""

    kind: str


@dataclass(frozen=True)
class StopReminder:
    """Stop one reminder of the user."""

    reminder_id: int


@dataclass(frozen=True)
class SaveSchedule:
    """Admin: create (id None) or update an ukom schedule; matching users get reminders."""

    schedule: UkomSchedule


@dataclass(frozen=True)
class DeleteSchedule:
    """Admin: delete an ukom schedule; its pending deliveries are cancelled."""

    schedule_id: int


@dataclass(frozen=True)
class StartBroadcast:
    """Admin: send ``text`` to active users matching jf/jenjang (None = any), paced."""

    text: str
    jf: str | None = None
    jenjang: str | None = None


ReminderEffect = (SaveProfile | SaveFormDetails | SaveReminder | EditOwnReminder | Snooze
                  | MarkDone | StopKind | StopReminder | SaveSchedule | DeleteSchedule
                  | StartBroadcast)
