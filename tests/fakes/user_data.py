"""An in-memory ``UserData`` (handlers.domain.user_data) that can also perform engine effects.

    user = FakeUserData(profile=Profile(...))
    chat = Chat(Services(user=user))
    chat.send("/profil") ...
    user.apply(chat.effects, chat.clock())   # then assert on user.profile(), user.upcoming()

Reminders follow the ledger's rules (docs/reminders_ledger.md) closely enough for flow tests:
one delivery per offset (sends before ``now`` skipped), ``tunda:<UTC minute>`` for a snooze,
stopping cancels pending deliveries, a saved profile replaces the active profile reminders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

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
from handlers.domain.records import (
    PROFILE_KINDS,
    FormDetails,
    Profile,
    ReminderSpec,
    ReminderView,
    Stats,
    UkomSchedule,
)
from handlers.feedback import FrequentQuestion, WaitingQuestion
from handlers.reminders import plan
from handlers.turn import EraseUserData


@dataclass
class FakeReminder:
    """One reminder row."""

    id: int
    spec: ReminderSpec
    status: str = "active"


@dataclass
class FakeDelivery:
    """One delivery row."""

    id: int
    reminder_id: int
    occurrence: str
    send_at: dt.datetime
    status: str = "pending"


@dataclass
class FakeUserData:
    """The current user's data in memory (plus the admin's global view)."""

    saved_profile: Profile | None = None
    saved_forms: FormDetails = field(default_factory=FormDetails)
    admin: bool = False
    schedule_list: list[UkomSchedule] = field(default_factory=list)
    audience: int = 0
    stats: Stats = field(default_factory=Stats)
    reminders: dict[int, FakeReminder] = field(default_factory=dict)
    deliveries: dict[int, FakeDelivery] = field(default_factory=dict)
    broadcasts: list[StartBroadcast] = field(default_factory=list)
    erased: bool = False
    waiting: list[WaitingQuestion] = field(default_factory=list)  # the admins' queue
    frequent: list[FrequentQuestion] = field(default_factory=list)
    _next: int = 1

    # --- UserData ---------------------------------------------------------------------------

    def profile(self) -> Profile | None:
        """Return the saved profile, or None."""
        return self.saved_profile

    def form_details(self) -> FormDetails:
        """Return the remembered form details."""
        return self.saved_forms

    def upcoming(self, limit: int = 20) -> list[ReminderView]:
        """Return the pending deliveries of active reminders, soonest first."""
        rows = sorted((d for d in self.deliveries.values() if d.status == "pending"
                       and self.reminders[d.reminder_id].status == "active"),
                      key=lambda d: (d.send_at, d.id))
        return [self._view(d) for d in rows[:limit]]

    def delivery(self, delivery_id: int) -> ReminderView | None:
        """Return one of this user's deliveries (any status), or None."""
        row = self.deliveries.get(delivery_id)
        return None if row is None else self._view(row)

    def is_admin(self) -> bool:
        """Return the admin flag."""
        return self.admin

    def schedules(self) -> list[UkomSchedule]:
        """Return the schedules, soonest deadline first."""
        return sorted(self.schedule_list, key=lambda s: s.registration_deadline)

    def audience_size(self, jf: str | None, jenjang: str | None) -> int:
        """Return the configured audience size."""
        return self.audience

    def statistics(self) -> Stats:
        """Return the configured statistics."""
        return self.stats

    def stored_counts(self) -> dict[str, int]:
        """Return what the fake holds, named like the tables ``storage.repo`` erases."""
        counts = {"chat_user": 0 if self.erased else 1,
                  "profile": int(self.saved_profile is not None
                                 or self.saved_forms != FormDetails()),
                  "reminder": len(self.reminders), "reminder_delivery": len(self.deliveries)}
        return {table: n for table, n in counts.items() if n}

    # --- QuestionDesk (handlers.feedback) ------------------------------------------------------

    def waiting_questions(self, limit: int = 20) -> list[WaitingQuestion]:
        """Return the forwarded questions not replied to."""
        return self.waiting[:limit]

    def frequent_questions(self, limit: int = 20) -> list[FrequentQuestion]:
        """Return the frequent unanswered / unhelpful questions."""
        return self.frequent[:limit]

    # --- building state ---------------------------------------------------------------------

    def _id(self) -> int:
        self._next += 1
        return self._next - 1

    def _view(self, row: FakeDelivery) -> ReminderView:
        spec = self.reminders[row.reminder_id].spec
        return ReminderView(delivery_id=row.id, reminder_id=row.reminder_id, kind=spec.kind,
                            title=spec.title, occurrence=row.occurrence, send_at=row.send_at,
                            event_at=spec.due_at, timezone=spec.timezone)

    def add(self, spec: ReminderSpec, now: dt.datetime) -> FakeReminder:
        """Store a reminder (idempotent by kind and source key) with its future deliveries."""
        for existing in self.reminders.values():
            if (existing.spec.kind, existing.spec.source_key) == (spec.kind, spec.source_key):
                return existing
        reminder = FakeReminder(self._id(), spec)
        self.reminders[reminder.id] = reminder
        for offset, moment in zip(sorted(set(spec.offsets), reverse=True),
                                  plan.send_times(spec), strict=True):
            if moment >= now:
                occurrence = "D" if offset == 0 else f"D-{offset}"
                new_id = self._id()
                self.deliveries[new_id] = FakeDelivery(new_id, reminder.id, occurrence, moment)
        return reminder

    def _stop(self, reminders: Iterable[FakeReminder]) -> None:
        for reminder in reminders:
            reminder.status = "stopped"
            for row in self.deliveries.values():
                if row.reminder_id == reminder.id and row.status == "pending":
                    row.status = "cancelled"

    # --- effects ----------------------------------------------------------------------------

    def apply(self, effects: Iterable[object], now: dt.datetime) -> None:
        """Perform engine effects in memory, as bot/effects.py does on the database."""
        for effect in effects:
            if isinstance(effect, SaveProfile):
                self.saved_profile = effect.profile
                specs = plan.profile_reminders(effect.profile, now)
                keys = {(s.kind, s.source_key) for s in specs}
                self._stop(r for r in self.reminders.values() if r.status == "active"
                           and r.spec.kind in PROFILE_KINDS
                           and (r.spec.kind, r.spec.source_key) not in keys)
                for spec in specs:
                    self.add(spec, now)
            elif isinstance(effect, SaveFormDetails):
                self.saved_forms = self.saved_forms.merged(effect.details)
            elif isinstance(effect, SaveReminder):
                self.add(effect.spec, now)
            elif isinstance(effect, EditOwnReminder):
                reminder = self.reminders.get(effect.reminder_id)
                if reminder is None or reminder.status != "active":
                    continue
                moved = effect.due_at != reminder.spec.due_at
                reminder.spec = replace(reminder.spec, source_key=effect.source_key,
                                        due_at=effect.due_at, title=effect.title)
                if moved:  # as storage.own_reminders: pending sends cancelled, one new send
                    for row in self.deliveries.values():
                        if row.reminder_id == reminder.id and row.status == "pending":
                            row.status = "cancelled"
                    new_id = self._id()
                    self.deliveries[new_id] = FakeDelivery(new_id, reminder.id, "ubah:D",
                                                           effect.due_at)
            elif isinstance(effect, Snooze):
                row = self.deliveries.get(effect.delivery_id)
                if row is None or self.reminders[row.reminder_id].status != "active":
                    continue
                minute = effect.until.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")
                occurrence = f"tunda:{minute}"
                if not any(d.reminder_id == row.reminder_id and d.occurrence == occurrence
                           for d in self.deliveries.values()):
                    new_id = self._id()
                    self.deliveries[new_id] = FakeDelivery(new_id, row.reminder_id, occurrence,
                                                           effect.until)
            elif isinstance(effect, MarkDone):
                row = self.deliveries.get(effect.delivery_id)
                if row is not None:
                    self._stop([self.reminders[row.reminder_id]])
            elif isinstance(effect, StopKind):
                self._stop(r for r in self.reminders.values() if r.spec.kind == effect.kind)
            elif isinstance(effect, StopReminder):
                if effect.reminder_id in self.reminders:
                    self._stop([self.reminders[effect.reminder_id]])
            elif isinstance(effect, SaveSchedule):
                schedule = effect.schedule
                if schedule.id is None:
                    schedule = replace(schedule, id=self._id())
                self.schedule_list = [s for s in self.schedule_list if s.id != schedule.id]
                self.schedule_list.append(schedule)
            elif isinstance(effect, DeleteSchedule):
                self.schedule_list = [s for s in self.schedule_list
                                      if s.id != effect.schedule_id]
            elif isinstance(effect, StartBroadcast):
                self.broadcasts.append(effect)
            elif isinstance(effect, EraseUserData):
                self.saved_profile = None
                self.saved_forms = FormDetails()
                self.reminders.clear()
                self.deliveries.clear()
                self.erased = True
            else:
                raise TypeError(f"unknown effect {effect!r}")
