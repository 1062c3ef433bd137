"""Building blocks of own reminders ("pribadi"), shared by the Ingatkan flow (before saving)
and ``/pengingat`` (after saving): the three fields, the date-only and time-only questions
that change one field, and the reminder's source key."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from handlers.flow import NO_CONTEXT, Ambiguous, Answers, Ask, Context, Invalid
from handlers.reminders import messages, plan
from handlers.replies import when as when_parse
from knowledge import fmt

# (answers) -> the reminder's moment before this change (aware) and the user's zone.
Base = Callable[[Answers], tuple[dt.datetime, str]]

DATE_HINT = "Misalnya: 31/12, besok, Jumat, akhir bulan, atau 1 April 2027."
TIME_HINT = "Misalnya: 16.30, jam 9, pukul 4 sore, atau nanti malam (sore, malam)."
OTHER_DAY = "Menurut zona {zone}, jam itu jatuh pada tanggal lain; tulis jamnya menurut {zone}."


def fields(moment: dt.datetime, zone: str, title: str) -> str:
    """Return the three fields as the user checks them ("Tanggal: …\\nJam: …\\nIsi: …")."""
    tz = ZoneInfo(plan.iana_zone(zone))
    local = moment.astimezone(tz)
    abbr = messages.ZONE_ABBREVIATIONS[plan.iana_zone(zone)]
    return (f"Tanggal: {messages.format_day(moment, plan.iana_zone(zone))}\n"
            f"Jam: {local:%H.%M} {abbr}\nIsi: {title}")


def with_date(moment: dt.datetime, zone: str, day: dt.date) -> dt.datetime:
    """Return ``moment`` moved to ``day``, keeping its local time of day."""
    tz = ZoneInfo(plan.iana_zone(zone))
    local = moment.astimezone(tz)
    return dt.datetime(day.year, day.month, day.day, local.hour, local.minute, tzinfo=tz)


def with_time(moment: dt.datetime, zone: str, hhmm: str) -> dt.datetime:
    """Return ``moment`` at the local time "HH:MM", keeping its local date."""
    tz = ZoneInfo(plan.iana_zone(zone))
    local = moment.astimezone(tz)
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime(local.year, local.month, local.day, hour, minute, tzinfo=tz)


def own_key(moment: dt.datetime, title: str, reminder_id: int | None = None) -> str:
    """Return the source key of an own reminder: its UTC minute and a digest of its text
    (an edited one also names its id, so it never meets a new reminder's key)."""
    utc = moment.astimezone(dt.UTC)
    digest = hashlib.sha1(title.encode()).hexdigest()[:8]
    mine = "" if reminder_id is None else f"{reminder_id}:"
    return f"pribadi:{mine}{utc:%Y-%m-%dT%H:%M}:{digest}"


@dataclass(frozen=True, kw_only=True)
class NewDate(Ask):
    """A new date for a reminder, its time of day kept; value: ISO date."""

    base: Base

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the date typed ("besok", "31/12", "akhir bulan"), or raise Invalid (no date,
        past, more than 2 years ahead)."""
        if context.now is None:
            raise Invalid(when_parse.DATE_ONLY)
        moment, zone = self.base(answers)
        today = context.now.astimezone(ZoneInfo(plan.iana_zone(zone))).date()
        day = when_parse.read_day(text, today)
        if day is None:
            raise Invalid(when_parse.DATE_ONLY)
        when_parse.check_ahead(with_date(moment, zone, day), context.now, zone)
        return day.isoformat()

    def display(self, value: Any, answers: Answers) -> str:
        """Return the date as "1 April 2027"."""
        if value is None:
            return super().display(value, answers)
        return fmt.date(dt.date.fromisoformat(value))


@dataclass(frozen=True, kw_only=True)
class NewTime(Ask):
    """A new time of day for a reminder, its date kept; value: "HH:MM" in the user's zone."""

    base: Base
    day_parts: ClassVar[bool] = True

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the time typed ("16.30", "pukul 4 sore", "9"), or raise Invalid."""
        if context.now is None:
            raise Invalid(when_parse.BAD_TIME)
        found = when_parse.read_time(text)
        if found is None:
            raise Invalid(when_parse.BAD_TIME)
        moment, zone = self.base(answers)
        tz = ZoneInfo(plan.iana_zone(zone))
        local = moment.astimezone(tz)
        valid: list[dt.datetime] = []
        problem: Invalid | None = None
        for reading in found.readings():  # "3": 03.00 or 15.00 — ask when both are possible
            typed_tz = tz if reading.zone is None else ZoneInfo(plan.iana_zone(reading.zone))
            new = dt.datetime(local.year, local.month, local.day, reading.hour, reading.minute,
                              tzinfo=typed_tz).astimezone(tz)
            if new.date() != local.date():  # "23.30 WIB" for a WITA reminder: another day
                raise Invalid(OTHER_DAY.format(zone=zone))
            try:
                when_parse.check_ahead(new, context.now, zone)
            except Invalid as exc:
                problem = problem or exc
                continue
            valid.append(new)
        if not valid:
            assert problem is not None
            raise problem
        if len(valid) > 1:
            raise Ambiguous([f"{m:%H:%M}" for m in valid],
                            when_parse.moment_labels(valid, context.now, zone))
        return f"{valid[0]:%H:%M}"

    def reading_named(self, values: list[Any], text: str, answers: Answers,
                      context: Context) -> Any | None:
        """Return the reading ("HH:MM") a reply such as "sore" or "15.00" names, or None."""
        moment, zone = self.base(answers)
        local = moment.astimezone(ZoneInfo(plan.iana_zone(zone)))
        moments = [local.replace(hour=int(v[:2]), minute=int(v[3:5])) for v in values]
        index = when_parse.reading_named(text, moments, zone)
        return None if index is None else values[index]

    def display(self, value: Any, answers: Answers) -> str:
        """Return the time as "16.30"."""
        if value is None:
            return super().display(value, answers)
        return str(value).replace(":", ".")
