"""Calendar export of pending reminders, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from handlers.domain.records import ReminderView
from handlers.reminders.ics import calendar

UTC = dt.UTC
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
VIEWS = [
    ReminderView(11, 3, "ukom_pendaftaran", None, "D-7",
                 send_at=dt.datetime(2026, 12, 3, 1, tzinfo=UTC),  # 09.00 WITA
                 event_at=dt.datetime(2026, 12, 10, 1, tzinfo=UTC), timezone="Asia/Makassar",
                 detail="Daftar lewat SIJAFUNG; bawa KTP, ijazah."),
    ReminderView(12, 4, "pribadi", "kirim berkas", "D",
                 send_at=dt.datetime(2026, 12, 10, 7, 30, tzinfo=UTC),
                 event_at=dt.datetime(2026, 12, 10, 7, 30, tzinfo=UTC),
                 timezone="Asia/Jakarta"),
    ReminderView(13, 5, "rekomendasi", None, "D-90",
                 send_at=dt.datetime(2028, 2, 20, 0, tzinfo=UTC),  # 09.00 WIT
                 event_at=dt.datetime(2028, 5, 20, 0, tzinfo=UTC), timezone="Asia/Jayapura"),
]


def _parse(data: bytes) -> Calendar:
    assert isinstance(data, bytes)
    return Calendar.from_ical(data)


def test_calendar_header() -> None:
    cal = _parse(calendar(VIEWS, NOW))
    assert str(cal["PRODID"]) == "-//Asisten JF Perdagangan//ID"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Pengingat JF Perdagangan"


def test_one_event_per_view_with_every_field() -> None:
    cal = _parse(calendar(VIEWS, NOW))
    events = cal.walk("VEVENT")
    assert len(events) == len(VIEWS)
    expected = [
        ("11@asisten-jf-perdagangan", "Pendaftaran uji kompetensi",
         "Pendaftaran uji kompetensi — Kamis, 10 Desember 2026 pukul 09.00 WITA\n\n"
         "Daftar lewat SIJAFUNG; bawa KTP, ijazah."),
        ("12@asisten-jf-perdagangan", "Pengingat pribadi: kirim berkas",
         "Pengingat pribadi: kirim berkas — Kamis, 10 Desember 2026 pukul 14.30 WIB"),
        ("13@asisten-jf-perdagangan", "Masa berlaku rekomendasi",
         "Masa berlaku rekomendasi — Sabtu, 20 Mei 2028 pukul 09.00 WIT"),
    ]
    for event, view, (uid, summary, description) in zip(events, VIEWS, expected, strict=True):
        assert str(event["UID"]) == uid
        assert str(event["SUMMARY"]) == summary
        assert str(event["DESCRIPTION"]) == description
        assert event.decoded("DTSTAMP") == NOW
        start = event.decoded("DTSTART")
        assert start == view.send_at and start.utcoffset() == dt.timedelta(0)
        assert event.decoded("DURATION") == dt.timedelta(minutes=15)
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == dt.timedelta(0)
        assert str(alarms[0]["DESCRIPTION"]) == summary


def test_raw_bytes_use_utc_times() -> None:
    data = calendar(VIEWS[:1], NOW)
    assert b"DTSTART:20261203T010000Z" in data
    assert b"DTSTAMP:20261201T030000Z" in data
    assert data.startswith(b"BEGIN:VCALENDAR")


def test_empty_calendar() -> None:
    cal = _parse(calendar([], NOW))
    assert cal.walk("VEVENT") == []
    assert str(cal["X-WR-CALNAME"]) == "Pengingat JF Perdagangan"


def test_naive_now_refused() -> None:
    with pytest.raises(ValueError):
        calendar(VIEWS, dt.datetime(2026, 12, 1))
