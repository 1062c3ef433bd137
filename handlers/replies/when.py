"""Indonesian date-time phrases for own reminders ("besok jam 9", "10 Desember 2026 pukul 14.30").

Pure: ``now`` and the user's zone are passed in. Day-month order is always DMY. A date
without a time of day means 09.00 local (``timed`` False). See docs/reminders_pure.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from handlers.flow import Invalid
from handlers.reminders.plan import DUE_HOUR, iana_zone
from knowledge import fmt
from knowledge.calc.exam import add_years

MAX_YEARS_AHEAD = 2
TITLE_MAX = 100
MAX_PHRASE_WORDS = 8

UNKNOWN = ("Tanggal tidak dikenali; tulis misalnya 10 Desember 2026 jam 09.00, 10/12/2026, "
           "atau besok jam 9.")
PAST = "Waktu itu sudah lewat; tulis tanggal dan jam yang akan datang."
TOO_FAR = "Waktu itu terlalu jauh; pengingat paling lama 2 tahun dari sekarang."
NO_SUCH_DATE = "Tanggal itu tidak ada di kalender; periksa tanggal dan bulannya."
BAD_TIME = "Jam tidak dikenali; tulis misalnya jam 09.00, pukul 14.30, atau jam 2 siang."

_MONTHS: dict[str, int] = {name.casefold(): i for i, name in enumerate(fmt.MONTHS, 1)}
_MONTHS.update({name.casefold()[:3]: i for i, name in enumerate(fmt.MONTHS, 1)})
_MONTHS.update({"agt": 8, "ags": 8, "agu": 8, "sept": 9, "nop": 11, "dec": 12, "may": 5,
                "aug": 8, "oct": 10, "pebruari": 2, "peb": 2, "nopember": 11})
_WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4,
             "sabtu": 5, "minggu": 6, "ahad": 6}
_NUMBER_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
                 "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10}
_ZONE_WORDS = {"wib": "WIB", "wita": "WITA", "wit": "WIT"}
# Per part of day: which typed hours it accepts and how many hours to add to them.
_PARTS: dict[str, list[tuple[range, int]]] = {
    "pagi": [(range(0, 12), 0)],
    "siang": [(range(10, 13), 0), (range(1, 4), 12), (range(13, 16), 0)],
    "sore": [(range(1, 8), 12), (range(13, 20), 0)],
    "malam": [(range(6, 12), 12), (range(18, 24), 0), (range(0, 4), 0)],
}
_LEAD_WORDS = {"ingatkan", "ingetin", "ingatin", "ingatkanlah", "tolong", "mohon", "saya",
               "aku", "untuk", "remind", "reminder", "me", "dong"}
_TITLE_EDGE_WORDS = {"untuk", "pada", "buat", "soal", "tentang"}
_TRAILING_FILLERS = {"ya", "yaa", "yah", "dong", "deh", "please", "makasih", "thanks"}
_REQUEST = re.compile(r"(?:(?:tolong|mohon|pls|please)\s+)?(?:ingatkan|ingetin|ingatin|remind)")
_PUNCT = ",.;:!?"

_DateRule = Callable[[dt.date], dt.date]


@dataclass(frozen=True)
class OwnReminder:
    """An own reminder read from one message: when (None if no date-time found) and title."""

    when: dt.datetime | None
    timed: bool
    title: str | None


@dataclass(frozen=True)
class _Time:
    hour: int
    minute: int
    zone: str | None  # a typed WIB/WITA/WIT, else None (the user's zone)


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid(NO_SUCH_DATE) from None


def _fixed(year: int, month: int, day: int) -> _DateRule:
    return lambda today: _make_date(year, month, day)


def _next_day_month(month: int, day: int) -> _DateRule:
    """The next date (today included) with this day and month."""
    def rule(today: dt.date) -> dt.date:
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            raise Invalid(NO_SUCH_DATE)
        for year in range(today.year, today.year + MAX_YEARS_AHEAD + 2):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate
        raise Invalid(NO_SUCH_DATE)
    return rule


def _plus_days(days: int) -> _DateRule:
    return lambda today: today + dt.timedelta(days=days)


def _weekday(weekday: int, include_today: bool) -> _DateRule:
    def rule(today: dt.date) -> dt.date:
        ahead = (weekday - today.weekday()) % 7
        return today + dt.timedelta(days=ahead if ahead or include_today else 7)
    return rule


_DMY = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DM = re.compile(r"(\d{1,2})\s*[/-]\s*(\d{1,2})")
_NAMED = re.compile(r"(\d{1,2})\s*-?\s*([a-z]+)\.?(?:\s*-?\s*(\d{4}))?")
_IN_DAYS = re.compile(r"(\d{1,3}|[a-z]+) (hari|minggu|pekan) lagi")
_WEEKDAY = re.compile(r"(?:hari )?([a-z']+)(?: (depan|ini))?")
_TIME = re.compile(
    r"(?:(?:jam|pukul|pkl\.?)\s*(\d{1,2})(?:\s*[.:]\s*(\d{2}))?|(\d{1,2})\s*[.:]\s*(\d{2}))"
    r"(?:\s*(pagi|siang|sore|malam))?(?:\s*(wib|wita|wit))?")


def _date_rule(s: str) -> _DateRule | None:
    """Return how to find the date of a date phrase, None when ``s`` is not one."""
    s = re.sub(r"^(?:pada\s+)?(?:(?:tanggal|tgl\.?)\s*)?", "", s)
    if m := _DMY.fullmatch(s):
        return _fixed(int(m[4]), int(m[3]), int(m[1]))
    if m := _ISO.fullmatch(s):
        return _fixed(int(m[1]), int(m[2]), int(m[3]))
    if m := _DM.fullmatch(s):
        return _next_day_month(int(m[2]), int(m[1]))
    if (m := _NAMED.fullmatch(s)) and m[2] in _MONTHS:
        if m[3] is None:
            return _next_day_month(_MONTHS[m[2]], int(m[1]))
        return _fixed(int(m[3]), _MONTHS[m[2]], int(m[1]))
    simple = {"hari ini": 0, "besok": 1, "besok lusa": 2, "lusa": 2, "minggu depan": 7,
              "pekan depan": 7}
    if s in simple:
        return _plus_days(simple[s])
    if m := _IN_DAYS.fullmatch(s):
        count = int(m[1]) if m[1].isdigit() else _NUMBER_WORDS.get(m[1])
        if count is None:
            return None
        return _plus_days(count * (1 if m[2] == "hari" else 7))
    if (m := _WEEKDAY.fullmatch(s)) and m[1] in _WEEKDAYS:
        return _weekday(_WEEKDAYS[m[1]], include_today=m[2] == "ini")
    return None


def _time_of(s: str) -> _Time | None:
    """Return the time of day of a time phrase, None when ``s`` is not one."""
    m = _TIME.fullmatch(s)
    if m is None:
        return None
    hour = int(m[1] if m[1] is not None else m[3])
    minute_text = m[2] if m[1] is not None else m[4]
    minute = int(minute_text) if minute_text is not None else 0
    if hour > 23 or minute > 59:
        raise Invalid(BAD_TIME)
    if m[5] is not None:
        shift = next((add for hours, add in _PARTS[m[5]] if hour in hours), None)
        if shift is None:
            raise Invalid(BAD_TIME)
        hour += shift
    return _Time(hour, minute, None if m[6] is None else _ZONE_WORDS[m[6]])


def _split(words: list[str]) -> tuple[_DateRule | None, _Time | None] | None:
    """Return (date rule, time) when ``words`` are a date and/or time phrase, else None."""
    n = len(words)
    for i in range(n + 1):
        left, right = " ".join(words[:i]), " ".join(words[i:])
        for date_text, time_text in ((left, right), (right, left)):
            if time_text.startswith("pada "):
                time_text = time_text[5:]
            rule = _date_rule(date_text) if date_text else None
            if date_text and rule is None:
                continue
            time = _time_of(time_text) if time_text else None
            if time_text and time is None:
                continue
            if rule is None and time is None:
                continue
            return rule, time
    return None


def _resolve(rule: _DateRule | None, time: _Time | None, now: dt.datetime,
             zone: str) -> tuple[dt.datetime, bool]:
    tz = ZoneInfo(iana_zone(zone))
    local_now = now.astimezone(tz)
    today = local_now.date()
    if time is None:
        if rule is None:
            raise Invalid(UNKNOWN)
        day = rule(today)
        moment = dt.datetime(day.year, day.month, day.day, DUE_HOUR, tzinfo=tz)
    else:
        typed_tz = tz if time.zone is None else ZoneInfo(iana_zone(time.zone))
        base = now.astimezone(typed_tz).date() if rule is None else rule(today)
        moment = dt.datetime(base.year, base.month, base.day, time.hour, time.minute,
                             tzinfo=typed_tz)
        if rule is None and moment <= now:
            moment += dt.timedelta(days=1)
        moment = moment.astimezone(tz)
    if moment < now:
        raise Invalid(PAST)
    limit = dt.datetime.combine(add_years(today, MAX_YEARS_AHEAD), local_now.time(), tz)
    if moment > limit:
        raise Invalid(TOO_FAR)
    return moment, time is not None


def _words(text: str) -> list[str]:
    return [w.strip(_PUNCT) for w in text.casefold().split() if w.strip(_PUNCT)]


def parse_when(text: str, now: dt.datetime, zone: str) -> tuple[dt.datetime, bool]:
    """Return the moment a phrase names (aware, in ``zone``) and whether a time was typed."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    words = _words(text)
    found = _split(words) if words else None
    if found is None:
        raise Invalid(UNKNOWN)
    return _resolve(*found, now, zone)


def is_own_reminder_request(text: str) -> bool:
    """Return whether a message asks to be reminded ("ingatkan saya …", "remind me …")."""
    return _REQUEST.match(" ".join(text.casefold().split())) is not None


def _title(words: list[str]) -> str | None:
    while words and words[0].casefold().strip(_PUNCT) in _TITLE_EDGE_WORDS:
        words = words[1:]
    while words and words[-1].casefold().strip(_PUNCT) in _TITLE_EDGE_WORDS:
        words = words[:-1]
    text = " ".join(words).strip(_PUNCT + " -")
    if not text:
        return None
    return text[:TITLE_MAX].rstrip() if len(text) > TITLE_MAX else text


def parse_own_reminder(text: str, now: dt.datetime, zone: str) -> OwnReminder:
    """Return the date-time (longest phrase at the start or end) and the title of a request."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    original = [w for w in text.split() if w.strip(_PUNCT)]
    keys = [w.casefold().strip(_PUNCT) for w in original]
    start, end = 0, len(keys)
    while start < end and keys[start] in _LEAD_WORDS:
        start += 1
    while end > start and keys[end - 1] in _TRAILING_FILLERS:
        end -= 1
    span = keys[start:end]
    for size in range(min(len(span), MAX_PHRASE_WORDS), 0, -1):
        for lo in (0, len(span) - size):
            found = _split(span[lo:lo + size])
            if found is None:
                continue
            moment, timed = _resolve(*found, now, zone)
            rest = original[start:start + lo] + original[start + lo + size:end]
            return OwnReminder(moment, timed, _title(rest))
    return OwnReminder(None, False, _title(original[start:end]))

