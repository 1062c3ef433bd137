"""Indonesian date-time phrases of own reminders (``handlers.replies.when``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from handlers.flow import Invalid
from handlers.replies.when import (
    BAD_TIME,
    NO_SUCH_DATE,
    PAST,
    TOO_FAR,
    UNKNOWN,
    OwnReminder,
    is_own_reminder_request,
    parse_own_reminder,
    parse_when,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
# Tuesday 1 December 2026, 10.00 WIB (03.00 UTC).
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


def _wib(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, mo, d, h, mi, tzinfo=WIB)


@pytest.mark.parametrize(("text", "expected", "timed"), [
    ("10/12/2026", _wib(2026, 12, 10), False),
    ("10-12-2026", _wib(2026, 12, 10), False),
    ("10.12.2026", _wib(2026, 12, 10), False),
    ("  10/12/2026 ", _wib(2026, 12, 10), False),
    ("10/12", _wib(2026, 12, 10), False),
    ("1/12", _wib(2026, 12, 1), False),  # today's date at 09.00 has passed: see PAST below
    ("30/11", _wib(2027, 11, 30), False),  # next such date: next year
    ("10 Desember 2026", _wib(2026, 12, 10), False),
    ("10 des 2026", _wib(2026, 12, 10), False),
    ("10 DES. 2026", _wib(2026, 12, 10), False),
    ("10 Desember", _wib(2026, 12, 10), False),
    ("5 januari", _wib(2027, 1, 5), False),
    ("tanggal 5 januari pukul 08.00", _wib(2027, 1, 5, 8), True),
    ("besok", _wib(2026, 12, 2), False),
    ("Besok", _wib(2026, 12, 2), False),
    ("lusa", _wib(2026, 12, 3), False),
    ("3 hari lagi", _wib(2026, 12, 4), False),
    ("tiga hari lagi", _wib(2026, 12, 4), False),
    ("2 minggu lagi", _wib(2026, 12, 15), False),
    ("minggu depan", _wib(2026, 12, 8), False),
    ("senin depan", _wib(2026, 12, 7), False),
    ("hari senin", _wib(2026, 12, 7), False),
    ("senin", _wib(2026, 12, 7), False),
    ("selasa", _wib(2026, 12, 8), False),  # today is Tuesday: the next one
    ("hari minggu", _wib(2026, 12, 6), False),
    ("jumat jam 14.30", _wib(2026, 12, 4, 14, 30), True),
    ("besok jam 9", _wib(2026, 12, 2), True),
    ("besok jam 09.00", _wib(2026, 12, 2), True),
    ("besok pukul 9:30", _wib(2026, 12, 2, 9, 30), True),
    ("besok jam 14.30", _wib(2026, 12, 2, 14, 30), True),
    ("besok 09.00", _wib(2026, 12, 2), True),
    ("besok jam 7 malam", _wib(2026, 12, 2, 19), True),
    ("besok jam 9 malam", _wib(2026, 12, 2, 21), True),
    ("besok jam 2 siang", _wib(2026, 12, 2, 14), True),
    ("besok jam 11 siang", _wib(2026, 12, 2, 11), True),
    ("besok jam 9 pagi", _wib(2026, 12, 2, 9), True),
    ("besok jam 4 sore", _wib(2026, 12, 2, 16), True),
    ("jam 9 besok", _wib(2026, 12, 2), True),
    ("10 Desember 2026 jam 09.00", _wib(2026, 12, 10), True),
    ("10/12/2026 pukul 13:05", _wib(2026, 12, 10, 13, 5), True),
    ("hari ini jam 15.00", _wib(2026, 12, 1, 15), True),
    ("jam 15.00", _wib(2026, 12, 1, 15), True),  # still ahead today
    ("jam 9", _wib(2026, 12, 2, 9), True),  # 09.00 has passed: tomorrow
    ("jam 10", _wib(2026, 12, 2, 10), True),  # exactly now is not ahead: tomorrow
    ("jam 4 sore", _wib(2026, 12, 1, 16), True),
    ("jam 7 malam", _wib(2026, 12, 1, 19), True),
    ("besok jam 9 wita", _wib(2026, 12, 2, 8), True),  # typed zone converted
])
def test_parse_when_wib(text: str, expected: dt.datetime, timed: bool) -> None:
    if text == "1/12":
        with pytest.raises(Invalid) as info:
            parse_when(text, NOW, "WIB")
        assert info.value.message == PAST
        return
    moment, was_timed = parse_when(text, NOW, "WIB")
    assert moment == expected
    assert moment.tzinfo == WIB
    assert was_timed is timed


@pytest.mark.parametrize(("zone", "tz", "utc_hour"), [
    ("WIB", WIB, 2), ("WITA", WITA, 1), ("WIT", WIT, 0)])
def test_date_only_is_nine_local_in_each_zone(zone: str, tz: ZoneInfo, utc_hour: int) -> None:
    moment, timed = parse_when("10 Desember 2026", NOW, zone)
    assert moment.tzinfo == tz and not timed
    assert moment.astimezone(dt.UTC) == dt.datetime(2026, 12, 10, utc_hour, tzinfo=dt.UTC)


def test_today_depends_on_the_zone() -> None:
    # 23 Dec 2026 16.30 UTC = 23.30 WIB but 01.30 WIT on the 24th.
    now = dt.datetime(2026, 12, 23, 16, 30, tzinfo=dt.UTC)
    assert parse_when("besok", now, "WIB")[0] == _wib(2026, 12, 24)
    assert parse_when("besok", now, "WIT")[0] == dt.datetime(2026, 12, 25, 9, tzinfo=WIT)
    assert parse_when("hari ini", now, "WIT")[0] == dt.datetime(2026, 12, 24, 9, tzinfo=WIT)
    assert parse_when("jam 9", now, "WIT")[0] == dt.datetime(2026, 12, 24, 9, tzinfo=WIT)


@pytest.mark.parametrize(("text", "message"), [
    ("", UNKNOWN),
    ("   ", UNKNOWN),
    ("kemarin", PAST),
    ("kapan-kapan", UNKNOWN),
    ("10 foo 2026", UNKNOWN),
    ("2026/12/10", UNKNOWN),
    ("hari ini", PAST),  # 09.00 today has passed
    ("jam 8 hari ini", PAST),
    ("1/1/2020", PAST),
    ("30 November 2026", PAST),
    ("1/12/2028 jam 10.01", TOO_FAR),
    ("1/1/2029", TOO_FAR),
    ("800 hari lagi", TOO_FAR),
    ("31/02/2027", NO_SUCH_DATE),
    ("29 Februari 2027", NO_SUCH_DATE),
    ("32/1", NO_SUCH_DATE),
    ("10/13", NO_SUCH_DATE),
    ("jam 25", BAD_TIME),
    ("besok jam 9.75", BAD_TIME),
    ("besok jam 12 malam", BAD_TIME),
    ("besok jam 10 sore", BAD_TIME),
])
def test_parse_when_rejects_with_one_sentence(text: str, message: str) -> None:
    with pytest.raises(Invalid) as info:
        parse_when(text, NOW, "WIB")
    assert info.value.message == message


def test_exactly_two_years_ahead_is_allowed() -> None:
    assert parse_when("1/12/2028 jam 10.00", NOW, "WIB")[0] == _wib(2028, 12, 1, 10)


def test_leap_day_next_occurrence() -> None:
    assert parse_when("29/2", NOW, "WIB")[0] == _wib(2028, 2, 29)


def test_naive_now_refused() -> None:
    with pytest.raises(ValueError):
        parse_when("besok", dt.datetime(2026, 12, 1), "WIB")


@pytest.mark.parametrize(("text", "expected"), [
    ("ingatkan saya 10 Desember 2026 jam 09.00 kirim berkas",
     OwnReminder(_wib(2026, 12, 10), True, "Kirim berkas")),
    ("ingatkan besok jam 9 rapat evaluasi",
     OwnReminder(_wib(2026, 12, 2), True, "Rapat evaluasi")),
    ("tolong ingatkan saya untuk kirim berkas besok",
     OwnReminder(_wib(2026, 12, 2), False, "Kirim berkas")),
    ("Ingetin aku untuk Kirim Laporan, lusa jam 2 siang ya",
     OwnReminder(_wib(2026, 12, 3, 14), True, "Kirim Laporan")),
    ("ingatkan saya rapat evaluasi", OwnReminder(None, False, "Rapat evaluasi")),
    ("ingatkan saya besok", OwnReminder(_wib(2026, 12, 2), False, None)),
    ("ingatkan", OwnReminder(None, False, None)),
    ("ingatkan saya bayar 3 tagihan pada 10/12", OwnReminder(_wib(2026, 12, 10), False,
                                                            "Bayar 3 tagihan")),
    ("remind me senin depan jam 8 pagi cek email", OwnReminder(_wib(2026, 12, 7, 8), True,
                                                               "Cek email")),
])
def test_parse_own_reminder(text: str, expected: OwnReminder) -> None:
    assert parse_own_reminder(text, NOW, "WIB") == expected


def test_own_reminder_title_is_cut_at_100() -> None:
    long_title = "x" * 150
    got = parse_own_reminder(f"ingatkan besok {long_title}", NOW, "WIB")
    assert got.title == "X" + "x" * 99  # the first letter capital, as every text


def test_own_reminder_past_date_is_invalid() -> None:
    with pytest.raises(Invalid) as info:
        parse_own_reminder("ingatkan saya 1/1/2020 kirim berkas", NOW, "WIB")
    assert info.value.message == PAST


def test_own_reminder_zone() -> None:
    got = parse_own_reminder("ingatkan besok jam 9 rapat", NOW, "WITA")
    assert got.when == dt.datetime(2026, 12, 2, 9, tzinfo=WITA)
    assert got.when is not None and got.when.astimezone(dt.UTC).hour == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("ingatkan saya besok", True),
    ("Ingatkan besok rapat", True),
    ("ingetin aku", True),
    ("tolong ingatkan saya", True),
    ("  TOLONG   ingatkan", True),
    ("remind me tomorrow", True),
    ("mohon ingatkan saya", True),
    ("tolong hitung angka kredit", False),
    ("saya mau diingatkan", False),
    ("pengingat", False),
    ("", False),
])
def test_is_own_reminder_request(text: str, expected: bool) -> None:
    assert is_own_reminder_request(text) is expected
