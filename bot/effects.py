"""Perform the engine's effects (reminders, Tanya questions) inside the update's own
transaction.

``perform`` is called by ``bot.service`` for every effect of ``Outcome.effects`` (except
``EraseUserData``, which the service handles). Fan-out of ukom schedules and broadcasts to
many users is not done here but by the planning job (``bot.reminder_planning``), so an
admin's update stays one short transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from handlers.domain.effects import (
    DeleteSchedule,
    EditOwnReminder,
    MarkDone,
    SaveFormDetails,
    SaveProfile,
    SaveReminder,
    SaveSchedule,
    Snooze,
    StartBroadcast,
    StopKind,
    StopReminder,
)
from handlers.domain.records import PROFILE_KINDS, SCHEDULE_KINDS, Profile
from handlers.feedback import RecordQuestion, ReplyToQuestion
from handlers.reminders import plan
from storage import (
    broadcasts,
    own_reminders,
    profiles,
    questions,
    reminder_actions,
    reminder_plans,
    repo,
    schedules,
)
from storage.models import ChatUser
from storage.repo import Bind

log = logging.getLogger("bot.effects")
_USERS = ChatUser.__table__  # type: ignore[attr-defined]


def plan_profile(bind: Bind, user_id: int, profile: Profile, now: datetime) -> tuple[int, int]:
    """Re-plan the user's profile reminders and every ukom schedule's reminders for them.

    Returns (new deliveries, stopped reminders). Schedules that no longer match the profile
    have their reminders for this user stopped.
    """
    created, stopped = reminder_plans.sync_reminders(
        bind, user_id, plan.profile_reminders(profile, now), PROFILE_KINDS, now
    )
    for schedule in schedules.list_schedules(bind):
        assert schedule.id is not None
        specs = (plan.schedule_reminders(schedule, profile.zone)
                 if plan.schedule_matches(schedule, profile) else [])
        new, ended = reminder_plans.sync_reminders(
            bind, user_id, specs, SCHEDULE_KINDS, now, schedule_id=schedule.id
        )
        created, stopped = created + new, stopped + ended
    return created, stopped


ADMIN_EFFECTS = (SaveSchedule, DeleteSchedule, StartBroadcast, ReplyToQuestion)


def _still_admin(bind: Bind, user_id: int, settings: Any) -> bool:
    """Return True when the user's external id is in ADMIN_IDS (checked at the write itself)."""
    if settings is None:
        return True
    external_id = repo.connection_of(bind).execute(
        sa.select(_USERS.c.external_id).where(_USERS.c.id == user_id)).scalar()
    return external_id is not None and bool(settings.is_admin(str(external_id)))


def perform(bind: Bind, user_id: int, effect: object, *, now: datetime, settings: Any) -> None:
    """Carry out one engine effect for ``user_id`` on ``bind`` (never commits).

    Admin effects (schedules, broadcasts, replies to questions) are refused, with a warning and
    no write, unless the user is in ``settings.admin_ids`` right now (``settings`` None: a
    trusted caller such as a maintenance script). Raises ``TypeError`` for an effect this
    module does not know.
    """
    if isinstance(effect, ADMIN_EFFECTS) and not _still_admin(bind, user_id, settings):
        log.warning("admin effect %s refused: user %s is not an admin",
                    type(effect).__name__, user_id)
        return
    if isinstance(effect, SaveProfile):
        profiles.save_profile(bind, user_id, effect.profile, now)
        created, stopped = plan_profile(bind, user_id, effect.profile, now)
        log.info("profile saved: %s deliveries planned, %s reminders stopped", created, stopped)
    elif isinstance(effect, SaveFormDetails):
        profiles.save_form_details(bind, user_id, effect.details, now)
    elif isinstance(effect, SaveReminder):
        reminder_plans.sync_reminders(bind, user_id, [effect.spec], (), now)
    elif isinstance(effect, EditOwnReminder):
        planned = own_reminders.edit_own_reminder(
            bind, user_id, effect.reminder_id, source_key=effect.source_key,
            due_at=effect.due_at, title=effect.title, now=now)
        log.info("own reminder %s %s", effect.reminder_id,
                 "changed" if planned is not None else "not changed (not active)")
    elif isinstance(effect, Snooze):
        reminder_actions.snooze(bind, user_id, effect.delivery_id, effect.until)
    elif isinstance(effect, MarkDone):
        reminder_actions.mark_done(bind, user_id, effect.delivery_id)
    elif isinstance(effect, StopKind):
        reminder_actions.stop_kind(bind, user_id, effect.kind)
    elif isinstance(effect, StopReminder):
        reminder_actions.stop_reminder(bind, user_id, effect.reminder_id)
    elif isinstance(effect, SaveSchedule):
        schedule_id = schedules.save_schedule(bind, effect.schedule, now)
        log.info("ukom schedule %s saved (fan-out by the planning job)", schedule_id)
    elif isinstance(effect, DeleteSchedule):
        schedules.delete_schedule(bind, effect.schedule_id)
        log.info("ukom schedule %s deleted", effect.schedule_id)
    elif isinstance(effect, RecordQuestion):
        questions.record(bind, user_id, effect, now)
    elif isinstance(effect, ReplyToQuestion):
        sent = questions.reply(bind, effect.question_id, effect.text, now)
        log.info("reply to question %s %s", effect.question_id,
                 "planned" if sent else "refused (answered already or erased)")
    elif isinstance(effect, StartBroadcast):
        broadcast_id = broadcasts.create_broadcast(
            bind, effect.text, effect.jf, effect.jenjang, user_id, now
        )
        log.info("broadcast %s stored (fan-out by the planning job)", broadcast_id)
    else:
        raise TypeError(f"unknown engine effect {type(effect).__name__}")
