"""Calendar export (.ics) of a user's pending reminders, built with icalendar (never by hand)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icalendar import Alarm, Calendar, Event

from handlers.domain.records import KIND_PRIBADI, ReminderView
from handlers.reminders.messages import KIND_LABELS, format_local

PRODID = "-//Asisten JF Perdagangan//ID"
CALENDAR_NAME = "Pengingat JF Perdagangan"
UID_DOMAIN = "asisten-jf-perdagangan"
EVENT_DURATION = dt.timedelta(minutes=15)
FILENAME = "pengingat.ics"
MIME = "text/calendar"


def summary(view: ReminderView) -> str:
    """Return the event title: the kind label, plus the own reminder's title."""
    label = KIND_LABELS.get(view.kind, "Pengingat")
    return f"{label}: {view.title}" if view.kind == KIND_PRIBADI and view.title else label


def description(view: ReminderView) -> str:
    """Return the event text: the date of what it reminds of, then the detail if any."""
    text = f"{summary(view)} — {format_local(view.event_at, view.timezone)}"
    if view.detail and view.detail.strip():
        text = f"{text}\n\n{view.detail.strip()}"
    return text


def calendar(views: Sequence[ReminderView], now: dt.datetime) -> bytes:
    """Return a VCALENDAR with one 15-minute VEVENT (and a display alarm) per pending send."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", CALENDAR_NAME)
    stamp = now.astimezone(dt.UTC)
    for view in views:
        event = Event()
        event.add("uid", f"{view.delivery_id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", view.send_at.astimezone(dt.UTC))
        event.add("duration", EVENT_DURATION)
        event.add("summary", summary(view))
        event.add("description", description(view))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(view))
        alarm.add("trigger", dt.timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())
