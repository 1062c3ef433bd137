"""Dates and times as people write them ("besok jam 9", "tgl 31/12 jam 16.30", "nanti malam",
"pukul 4 sore", "akhir bulan", "1 April 2027"), and a reminder line that mixes them with its
text ("ingetin sy tgl 31/12 jam 16.30 upload skp").

Pure: ``now`` and the user's zone are passed in. Day-month order is always DMY; a date
without a year is the next one (today included), or the last one for dates that cannot be in
the future (``read_date(past=True)``). A date without a time of day means 09.00 local
(``timed`` False); a part of the day alone means pagi 09.00, siang 12.00, sore 16.00, malam
19.00. See docs/replies.md and docs/reminders_pure.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from handlers.reminders.plan import DUE_HOUR, iana_zone
from handlers.replies.abbreviations import ABBREVIATIONS, ACRONYMS
from handlers.replies.errors import Invalid
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
DATE_ONLY = "Tulis tanggalnya saja, misalnya 31/12, besok, atau 1 April 2027."

_MONTHS: dict[str, int] = {name.casefold(): i for i, name in enumerate(fmt.MONTHS, 1)}
_MONTHS.update({name.casefold()[:3]: i for i, name in enumerate(fmt.MONTHS, 1)})
_MONTHS.update({"agt": 8, "ags": 8, "agu": 8, "sept": 9, "nop": 11, "dec": 12, "may": 5,
                "aug": 8, "oct": 10, "pebruari": 2, "peb": 2, "nopember": 11, "october": 10,
                "august": 8, "december": 12, "january": 1, "february": 2, "march": 3,
                "june": 6, "july": 7, "sep": 9})
_WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4,
             "sabtu": 5, "minggu": 6, "ahad": 6}
_NUMBER_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
                 "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10}
_ZONE_WORDS = {"wib": "WIB", "wita": "WITA", "wit": "WIT"}
# Per part of day: which typed hours it accepts and how many hours to add to them.
_PARTS: dict[str, list[tuple[range, int]]] = {
    "pagi": [(range(0, 12), 0)],
    # "setengah 1 siang" = 12.30 (hour 0 here). "jam 12 malam" stays refused: "besok jam 12
    # malam" may be the midnight before or after that day.
    "siang": [(range(10, 13), 0), (range(1, 4), 12), (range(13, 16), 0), (range(0, 1), 12)],
    "sore": [(range(1, 8), 12), (range(13, 20), 0)],
    "malam": [(range(6, 12), 12), (range(18, 24), 0), (range(0, 4), 0)],
}
# A part of the day said without an hour ("besok sore", "nanti malam").
PART_HOURS = {"pagi": DUE_HOUR, "siang": 12, "sore": 16, "malam": 19}
_LEAD_WORDS = {"ingatkan", "ingetin", "ingatin", "ingatkanlah", "tolong", "mohon", "saya",
               "sy", "aku", "gw", "gue", "untuk", "utk", "remind", "reminder", "me", "dong",
               "pls", "please"}
_TITLE_EDGE_WORDS = {"untuk", "utk", "pada", "buat", "soal", "tentang"}
_TRAILING_FILLERS = {"ya", "yaa", "yah", "dong", "deh", "please", "makasih", "thanks", "ok",
                     "oke"}
_REQUEST = re.compile(r"(?:(?:tolong|mohon|pls|please)\s+)?(?:ingatkan|ingetin|ingatin|remind)")
_PUNCT = ",.;:!?"

_DateRule = Callable[[dt.date], dt.date]


@dataclass(frozen=True)
class OwnReminder:
    """An own reminder read from one message: when (None if no date-time found) and title.

    ``other``: the second reading of an hour that may be morning or afternoon ("jam 3"), to
    ask about; None when the time reads one way only.
    """

    when: dt.datetime | None
    timed: bool
    title: str | None
    other: dt.datetime | None = None


# "jam 3" may be 03.00 or 15.00: for an hour 1-6 typed without pagi/siang/sore/malam and
# without a leading zero neither reading is safe to assume for a reminder, so the user is
# asked once. 7-12 read as written (07.00 … 12.00: office hours), 13-23 and "03.00" are exact.
AMBIGUOUS_HOURS = range(1, 7)


@dataclass(frozen=True)
class TimeOfDay:
    """A time of day typed: hour, minute, and a typed WIB/WITA/WIT (None: the user's zone);
    ``ambiguous``: the same hour after noon is an equally likely reading."""

    hour: int
    minute: int
    zone: str | None
    ambiguous: bool = False

    def readings(self) -> list[TimeOfDay]:
        """Return the times this may mean: itself, and 12 hours later when ambiguous."""
        if not self.ambiguous:
            return [self]
        return [TimeOfDay(self.hour, self.minute, self.zone),
                TimeOfDay(self.hour + 12, self.minute, self.zone)]


def _unsure(hour: int, hour_text: str, part: str | None) -> bool:
    return part is None and hour in AMBIGUOUS_HOURS and not hour_text.startswith("0")


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


def _next_day(day: int) -> _DateRule:
    """The next date (today included) with this day of the month ("tanggal 15")."""
    def rule(today: dt.date) -> dt.date:
        if not 1 <= day <= 31:
            raise Invalid(NO_SUCH_DATE)
        year, month = today.year, today.month
        for _ in range(3):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                candidate = None
            if candidate is not None and candidate >= today:
                return candidate
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        raise Invalid(NO_SUCH_DATE)
    return rule


def _plus_days(days: int) -> _DateRule:
    return lambda today: today + dt.timedelta(days=days)


def _month_end(months_ahead: int) -> _DateRule:
    def rule(today: dt.date) -> dt.date:
        year, month = today.year, today.month + months_ahead
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return rule


def _month_start(months_ahead: int) -> _DateRule:
    def rule(today: dt.date) -> dt.date:
        month = today.month - 1 + months_ahead
        return dt.date(today.year + month // 12, month % 12 + 1, 1)
    return rule


def _weekday(weekday: int, include_today: bool) -> _DateRule:
    def rule(today: dt.date) -> dt.date:
        ahead = (weekday - today.weekday()) % 7
        return today + dt.timedelta(days=ahead if ahead or include_today else 7)
    return rule


_DMY = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DM = re.compile(r"(\d{1,2})\s*[/-]\s*(\d{1,2})")
_NAMED = re.compile(r"(\d{1,2})\s*-?\s*([a-z]+)\.?(?:\s*-?\s*(\d{4}))?")
_DAY_ONLY = re.compile(r"(?:tanggal|tgl\.?)\s*(\d{1,2})")
_IN_DAYS = re.compile(r"(\d{1,3}|[a-z]+) (hari|minggu|pekan) lagi")
_WEEKDAY = re.compile(r"(?:hari )?([a-z']+)(?: (depan|ini))?")
_TIME = re.compile(
    r"(?:(?:jam|pukul|pkl\.?)\s*(\d{1,2})(?:\s*[.:]\s*(\d{2}))?|(\d{1,2})\s*[.:]\s*(\d{2}))"
    r"(?:\s*(pagi|siang|sore|malam))?(?:\s*(wib|wita|wit))?")
# "jam setengah 5 sore" = 16.30 (half before five).
_HALF = re.compile(r"(?:(?:jam|pukul)\s*)?setengah\s*(\d{1,2})(?:\s*(pagi|siang|sore|malam))?"
                   r"(?:\s*(wib|wita|wit))?")
_BARE_HOUR = re.compile(r"(\d{1,2})(?:\s*(pagi|siang|sore|malam))?(?:\s*(wib|wita|wit))?")
_SIMPLE_DAYS = {"hari ini": 0, "nanti": 0, "kemarin": -1, "besok": 1, "besok lusa": 2,
                "lusa": 2, "minggu depan": 7, "pekan depan": 7}
_MONTH_WORDS: dict[str, _DateRule] = {
    "akhir bulan": _month_end(0), "akhir bulan ini": _month_end(0),
    "akhir bulan depan": _month_end(1), "awal bulan depan": _month_start(1),
    "akhir tahun": lambda today: dt.date(today.year, 12, 31),
}


def _date_rule(s: str) -> _DateRule | None:
    """Return how to find the date of a date phrase, None when ``s`` is not one."""
    if m := _DAY_ONLY.fullmatch(s):
        return _next_day(int(m[1]))
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
    if s in _SIMPLE_DAYS:
        return _plus_days(_SIMPLE_DAYS[s])
    if s in _MONTH_WORDS:
        return _MONTH_WORDS[s]
    if s == "bulan depan":
        return lambda today: add_months(today, 1)
    if m := _IN_DAYS.fullmatch(s):
        count = int(m[1]) if m[1].isdigit() else _NUMBER_WORDS.get(m[1])
        if count is None:
            return None
        return _plus_days(count * (1 if m[2] == "hari" else 7))
    if (m := _WEEKDAY.fullmatch(s)) and m[1] in _WEEKDAYS:
        return _weekday(_WEEKDAYS[m[1]], include_today=m[2] == "ini")
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day ``months`` later (the month's last day where it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _with_part(hour: int, part: str | None) -> int:
    if part is None:
        return hour
    shift = next((add for hours, add in _PARTS[part] if hour in hours), None)
    if shift is None:
        raise Invalid(BAD_TIME)
    return hour + shift


def _time_of(s: str, *, bare: bool = False) -> TimeOfDay | None:
    """Return the time of day of a time phrase, None when ``s`` is not one (``bare``: a lone
    hour "9" or "4 sore" counts, at a question that asks only the time)."""
    if s in PART_HOURS:
        return TimeOfDay(PART_HOURS[s], 0, None)
    if m := _HALF.fullmatch(s):
        hour = int(m[1]) - 1
        if not 0 <= hour <= 23:
            raise Invalid(BAD_TIME)
        # "setengah 1" is 00.30 or 12.30: the half hour before one may be either.
        return TimeOfDay(_with_part(hour, m[2]), 30, None if m[3] is None else _ZONE_WORDS[m[3]],
                         _unsure(hour or 1, m[1], m[2]))
    m = _TIME.fullmatch(s)
    if m is None:
        b = _BARE_HOUR.fullmatch(s) if bare else None
        if b is None:
            return None
        if int(b[1]) > 23:
            raise Invalid(BAD_TIME)
        return TimeOfDay(_with_part(int(b[1]), b[2]), 0,
                         None if b[3] is None else _ZONE_WORDS[b[3]],
                         _unsure(int(b[1]), b[1], b[2]))
    hour_text = m[1] if m[1] is not None else m[3]
    hour = int(hour_text)
    minute_text = m[2] if m[1] is not None else m[4]
    minute = int(minute_text) if minute_text is not None else 0
    if hour > 23 or minute > 59:
        raise Invalid(BAD_TIME)
    return TimeOfDay(_with_part(hour, m[5]), minute, None if m[6] is None else _ZONE_WORDS[m[6]],
                     _unsure(hour, hour_text, m[5]))


def _part_phrase(s: str) -> tuple[_DateRule, TimeOfDay] | None:
    """"besok sore", "nanti malam", "malam ini", "lusa pagi": a day with a part of it."""
    words = s.split()
    if len(words) < 2:
        return None
    if words[-1] in PART_HOURS:
        rule, part = _date_rule(" ".join(words[:-1])), words[-1]
    elif words[0] in PART_HOURS and words[1:] == ["ini"]:
        rule, part = _plus_days(0), words[0]
    else:
        return None
    return (rule, TimeOfDay(PART_HOURS[part], 0, None)) if rule is not None else None


def _split(words: list[str]) -> tuple[_DateRule | None, TimeOfDay | None] | None:
    """Return (date rule, time) when ``words`` are a date and/or time phrase, else None."""
    n = len(words)
    whole = " ".join(words)
    if (found := _part_phrase(whole)) is not None:
        return found
    for i in range(n + 1):
        left, right = " ".join(words[:i]), " ".join(words[i:])
        for date_text, time_text in ((left, right), (right, left)):
            if time_text.startswith("pada "):
                time_text = time_text[5:]
            rule = _date_rule(date_text) if date_text else None
            if date_text and rule is None:
                found = _part_phrase(date_text)
                if found is None or not time_text:
                    continue
                rule = found[0]
            time = _time_of(time_text) if time_text else None
            if time_text and time is None:
                continue
            if rule is None and time is None:
                continue
            return rule, time
    return None


def _resolve(rule: _DateRule | None, time: TimeOfDay | None, now: dt.datetime,
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
    check_ahead(moment, now, zone)
    return moment, time is not None


def _resolve_all(rule: _DateRule | None, time: TimeOfDay | None, now: dt.datetime,
                 zone: str) -> list[tuple[dt.datetime, bool]]:
    """Every valid reading (earliest first; two for an ambiguous hour when both are ahead and
    within reach), or the first reading's Invalid when none is valid."""
    found: list[tuple[dt.datetime, bool]] = []
    problem: Invalid | None = None
    for reading in (time.readings() if time is not None else [None]):
        try:
            found.append(_resolve(rule, reading, now, zone))
        except Invalid as exc:
            problem = problem or exc
    if not found:
        assert problem is not None
        raise problem
    return sorted(set(found))


def check_ahead(moment: dt.datetime, now: dt.datetime, zone: str) -> None:
    """Raise Invalid when a reminder's moment is past or more than 2 years ahead."""
    tz = ZoneInfo(iana_zone(zone))
    local_now = now.astimezone(tz)
    if moment < now:
        raise Invalid(PAST)
    limit = dt.datetime.combine(add_years(local_now.date(), MAX_YEARS_AHEAD), local_now.time(),
                                tz)
    if moment > limit:
        raise Invalid(TOO_FAR)


def _key(word: str) -> str:
    word = word.casefold().strip(_PUNCT)
    return ABBREVIATIONS.get(word, word) if word not in ("mg", "dah") else word


def _words(text: str) -> list[str]:
    return [k for k in (_key(w) for w in text.split()) if k]


def parse_when(text: str, now: dt.datetime, zone: str) -> tuple[dt.datetime, bool]:
    """Return the moment a phrase names (aware, in ``zone``) and whether a time was typed
    (the earliest reading of an ambiguous hour: ``parse_when_readings`` gives both)."""
    return parse_when_readings(text, now, zone)[0]


def parse_when_readings(text: str, now: dt.datetime,
                        zone: str) -> list[tuple[dt.datetime, bool]]:
    """Return the moments a phrase may name, earliest first: one, or two for an hour that may
    be morning or afternoon ("besok jam 3") when both are valid — ask which was meant."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    words = _words(text)
    found = _split(words) if words else None
    if found is None:
        raise Invalid(UNKNOWN)
    return _resolve_all(*found, now, zone)


MORNING_WORDS = frozenset({"pagi", "subuh", "dini hari", "pagi hari"})
AFTERNOON_WORDS = frozenset({"siang", "sore", "malam", "siang hari", "sore hari", "malam hari"})
ORDINALS = {"pertama": 0, "yang pertama": 0, "kedua": 1, "yang kedua": 1}


def reading_named(text: str, moments: list[dt.datetime], zone: str) -> int | None:
    """Return which of the readings asked about ("pukul 03.00 atau pukul 15.00?") a reply
    names by a part of the day ("sore"), a time ("15.00", "3 sore") or "pertama"/"kedua";
    None when it names none of them (or both)."""
    tz = ZoneInfo(iana_zone(zone))
    local = [m.astimezone(tz) for m in moments]
    said = " ".join(_words(text))
    if said in ORDINALS:
        index = ORDINALS[said]
        return index if index < len(local) else None
    if said in MORNING_WORDS or said in AFTERNOON_WORDS:
        fits = [i for i, m in enumerate(local) if (m.hour < 12) == (said in MORNING_WORDS)]
        return fits[0] if len(fits) == 1 else None
    try:
        time = _time_of(said, bare=True)
    except Invalid:
        return None
    if time is None:
        return None
    fits = [i for i, m in enumerate(local) for t in time.readings()
            if (m.hour, m.minute) == (t.hour, t.minute) and t.zone in (None, zone)]
    return fits[0] if len(set(fits)) == 1 else None


def moment_labels(moments: list[dt.datetime], now: dt.datetime, zone: str) -> list[str]:
    """Return "pukul 03.00" / "pukul 15.00" for readings to choose from, with the day
    ("hari ini", "besok", "7 Desember") when they fall on different days."""
    tz = ZoneInfo(iana_zone(zone))
    local = [m.astimezone(tz) for m in moments]
    today = now.astimezone(tz).date()
    same_day = len({m.date() for m in local}) == 1
    out = []
    for m in local:
        label = f"pukul {m:%H.%M}"
        if not same_day:
            day = m.date()
            named = {today: "hari ini", today + dt.timedelta(days=1): "besok"}.get(day)
            label = f"{named or f'{day.day} {fmt.MONTHS[day.month - 1]}'} {label}"
        out.append(label)
    return out


def read_day(text: str, today: dt.date) -> dt.date | None:
    """Return the date a date-only phrase names ("besok", "31/12", "akhir bulan"), the next
    one for a date without a year; None when the text is no date."""
    rule = _date_rule(" ".join(_words(text)))
    return None if rule is None else rule(today)


def read_date(text: str, today: dt.date | None, *, past: bool) -> dt.date | None:
    """Return the date a reply names for a date question, None when it names none.

    A full date ("1 April 2027", "01-04-2027", "2027-04-01", "tgl 1/4/2027") is read as
    typed. With ``today``: "hari ini", "kemarin", "besok", "lusa"; and with ``past`` a date
    without a year is the last such date (today included) — "31/12" asked for a date that
    has been. Raises Invalid for a date that is not on the calendar (31/2/2026).
    """
    phrase = re.sub(r"^(?:pada\s+)?(?:tanggal|tgl\.?)\s*", "", " ".join(_words(text)))
    phrase = phrase.rstrip(".")
    for pattern in (_DMY, _ISO):
        if pattern.fullmatch(phrase):
            return _date_rule(phrase)(today or dt.date.min)  # type: ignore[misc]
    m = _NAMED.fullmatch(phrase)
    if m and m[2] in _MONTHS and m[3] is not None:
        return _make_date(int(m[3]), _MONTHS[m[2]], int(m[1]))
    if today is None:
        return None
    if phrase in ("hari ini", "kemarin", "besok", "lusa"):
        return today + dt.timedelta(days=_SIMPLE_DAYS[phrase])
    if not past:
        return None
    day_month: tuple[int, int] | None = None
    if m := _DM.fullmatch(phrase):
        day_month = int(m[1]), int(m[2])
    elif (m := _NAMED.fullmatch(phrase)) and m[2] in _MONTHS:
        day_month = int(m[1]), _MONTHS[m[2]]
    if day_month is None:
        return None
    for year in range(today.year, today.year - 5, -1):
        try:
            candidate = dt.date(year, day_month[1], day_month[0])
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise Invalid(NO_SUCH_DATE)


def read_time(text: str) -> TimeOfDay | None:
    """Return the time of day of a time-only reply ("16.30", "pukul 4 sore", "9", "sore")."""
    return _time_of(" ".join(_words(text)), bare=True)


def is_own_reminder_request(text: str) -> bool:
    """Return whether a message asks to be reminded ("ingatkan saya …", "remind me …")."""
    return _REQUEST.match(" ".join(text.casefold().split())) is not None


def tidy_title(text: str) -> str:
    """Return a reminder's text as shown: first letter capital, known acronyms upper-case
    ("upload skp" → "Upload SKP"); the rest as typed."""
    words = [ACRONYMS.get(w.casefold(), w) for w in text.split()]
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def _title(words: list[str]) -> str | None:
    while words and words[0].casefold().strip(_PUNCT) in _TITLE_EDGE_WORDS:
        words = words[1:]
    while words and words[-1].casefold().strip(_PUNCT) in _TITLE_EDGE_WORDS:
        words = words[:-1]
    text = " ".join(words).strip(_PUNCT + " -")
    if not text:
        return None
    text = text[:TITLE_MAX].rstrip() if len(text) > TITLE_MAX else text
    return tidy_title(text)


def parse_own_reminder(text: str, now: dt.datetime, zone: str) -> OwnReminder:
    """Return the date, the time and the text of a reminder request, wherever the date and
    the time stand in it ("ingetin sy tgl 31/12 jam 16.30 upload skp", "ingatkan saya besok
    kirim berkas jam 9"); the command words (ingetin, tolong, saya …) are not the text."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    original = [w for w in text.split() if w.strip(_PUNCT)]
    keys = [_key(w) for w in original]
    start, end = 0, len(keys)
    while start < end and keys[start] in _LEAD_WORDS:
        start += 1
    while end > start and keys[end - 1] in _TRAILING_FILLERS:
        end -= 1
    rule: _DateRule | None = None
    time: TimeOfDay | None = None
    used: set[int] = set()
    i = start
    while i < end:
        for size in range(min(end - i, MAX_PHRASE_WORDS), 0, -1):
            found = _split(keys[i:i + size])
            if found is None or (found[0] and rule) or (found[1] and time):
                continue
            rule, time = rule or found[0], time or found[1]
            used.update(range(i, i + size))
            i += size
            break
        else:
            i += 1
    rest = [original[j] for j in range(start, end) if j not in used]
    if rule is None and time is None:
        return OwnReminder(None, False, _title(rest))
    readings = _resolve_all(rule, time, now, zone)
    (moment, timed), other = readings[0], (readings[1][0] if len(readings) > 1 else None)
    return OwnReminder(moment, timed, _title(rest), other)
