"""The declarative step types flows are made of (see docs/engine.md for an example flow).

A ``Flow`` lists its steps, or computes them from the answers so far (repeated groups such as
one question per chosen output). Answers are JSON-able and keyed by step id: a ``Number`` keeps
a decimal string ("12.5"), a ``Date`` an ISO string, a ``Choice`` the option token, a
``MultiChoice`` a list of tokens, a ``YesNo`` a bool, an optional step skipped keeps None.
Parsers raise ``Invalid`` with ONE Indonesian sentence of what is expected, or ``Ambiguous``
when a typed value reads two ways ("12.5": 12,5 or 125; "sangat": Sangat Baik or Sangat
Kurang) and the engine should ask which. Everyday replies (ya/iya/gak, option names and their
abbreviations, dates) are read by ``handlers.replies``; typed numbers by
``knowledge.typed_numbers`` (one reader for every step).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from rapidfuzz import fuzz

from handlers import texts
from handlers.events import ChoiceIn, Event, TextIn
from handlers.prompts import Option, Prompt
from handlers.replies import options as replies_options
from handlers.replies.errors import Ambiguous, Invalid, clarify_text
from handlers.replies.options import exact_option, looks_like_value, read_option
from handlers.replies.when import read_date
from handlers.replies.yes_no import read_yes_no, yes_no_reading
from knowledge import fmt
from knowledge.typed_numbers import NumberError, read_number

if TYPE_CHECKING:
    from handlers.domain.effects import ReminderEffect
    from handlers.domain.user_data import UserData
    from handlers.feedback import TanyaEffect
    from handlers.flows import Registry
    from knowledge.search import SearchIndex

Answers = Mapping[str, Any]
TextFn = str | Callable[[Answers], str]
Bound = int | Decimal | Callable[[Answers], int | Decimal | None] | None
OptionsFn = Sequence[Option] | Callable[[Answers], Sequence[Option]]

# An option token of a flow's Choice that starts another flow instead of answering
# ("flow:ingatkan"); the engine checks the target's ``visible`` like a menu choice.
FLOW_LINK = "flow:"

SHORT_MAX = 20  # the ``Option.short`` limit (WhatsApp button titles)
FUZZY_MIN = replies_options.FUZZY_MIN
FUZZY_MARGIN = replies_options.FUZZY_MARGIN
FUZZY_MIN_LETTERS = replies_options.FUZZY_MIN_LETTERS
# ``Invalid``, ``Ambiguous``, ``clarify_text``, ``exact_option``, ``looks_like_value`` and
# ``read_yes_no`` live in ``handlers.replies``; they are imported here for the step types and
# for the flows that import them from this module.
__all__ = ["Ambiguous", "Invalid", "clarify_text", "exact_option", "looks_like_value",
           "read_yes_no"]

# Option tokens of the "which did you mean?" question (engine tokens start with "_").
CLARIFY_PREFIX = "_maksud"


def clarify_options(record: Mapping[str, Any]) -> tuple[Option, ...]:
    """Return one option per reading of a pending "Maksud Anda …?" question."""
    return tuple(Option(f"{CLARIFY_PREFIX}{i}", label)
                 for i, label in enumerate(record["labels"]))


def clarified(record: Mapping[str, Any], event: Event) -> tuple[bool, Any]:
    """Return (True, value) when the event picks a reading (button, its number or its label);
    (False, None) when it is a new answer to the step instead."""
    options = clarify_options(record)
    token = option_token(event, options, partial=False)
    if token is None:
        return False, None
    return True, record["values"][int(token.removeprefix(CLARIFY_PREFIX))]


@dataclass(frozen=True)
class Context:
    """What a parser may know besides the answers: today's date and the current time, derived
    from the engine's ``now`` (steps never read a clock). Both are None only outside the engine.
    """

    today: dt.date | None = None
    now: dt.datetime | None = None  # timezone-aware


NO_CONTEXT = Context()


@dataclass
class Services:
    """What flows need that tests inject: the search index, the flow registry, the idle limit,
    and ``user``: read access to the current user's stored data (set per event by the runtime;
    None where no storage exists, e.g. pure engine tests that do not need it)."""

    search: SearchIndex | None = None
    registry: Registry | None = None
    idle_minutes: int = 30
    user: UserData | None = None

    def index(self) -> SearchIndex:
        """Return the injected search index, else the default one (built once per process)."""
        if self.search is None:
            from knowledge.search import default_index

            self.search = default_index()
        return self.search

    def flows(self) -> Registry:
        """Return the injected registry, else the default one (every flow module present)."""
        if self.registry is None:
            from handlers.flows import default_registry

            self.registry = default_registry()
        return self.registry


def _resolve(value: TextFn | None, answers: Answers) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value(answers)


@dataclass(frozen=True, kw_only=True)
class Step:
    """Any step: a stable readable ``id`` (e.g. ``unsur:waktu``) and an optional condition."""

    id: str
    when: Callable[[Answers], bool] | None = None

    def active(self, answers: Answers) -> bool:
        """Return True when the step applies to these answers."""
        return self.when is None or bool(self.when(answers))


@dataclass(frozen=True, kw_only=True)
class Ask(Step):
    """A question. ``help`` answers /bantuan; ``optional`` accepts "lewati" (value None).

    ``check(value, answers, context)`` may refuse a parsed typed value with ``Invalid``.
    """

    text: TextFn
    hint: TextFn | None = None
    help: str | None = None
    optional: bool = False
    check: Callable[[Any, Answers, Context], None] | None = None
    confirm: bool = False  # echo a typed answer back before moving on (numbers)
    # True (or a function of the answers) when an answer here changes how many questions
    # follow (adds a repeated group or a follow-up, or skips a group listed after it): until
    # it is answered the progress shows no total.
    branches: bool | Callable[[Answers], bool] = False

    # True where "pagi", "siang", "sore", "malam" typed alone answer the question (a time):
    # they are not greetings there.
    day_parts: ClassVar[bool] = False

    def reading_named(self, values: list[Any], text: str, answers: Answers,
                      context: Context) -> Any | None:
        """Return which of the readings asked about ("Maksud Anda A atau B?") a reply names
        other than by its label, or None (the reply then answers the step anew)."""
        return None

    def opens_more(self, answers: Answers) -> bool:
        """Return True when answering this question may add or skip questions after it."""
        return bool(self.branches(answers)) if callable(self.branches) else self.branches

    def question(self, answers: Answers) -> str:
        """Return the question text for these answers."""
        return _resolve(self.text, answers) or ""

    def hint_text(self, answers: Answers) -> str | None:
        """Return the hint shown under the question, if any."""
        return _resolve(self.hint, answers)

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the JSON-able value of a typed answer, or raise Invalid."""
        raise NotImplementedError

    def read(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the parsed value after the step's ``check`` (the engine calls this)."""
        value = self.parse(text, answers, context)
        if self.check is not None and value is not None:
            self.check(value, answers, context)
        return value

    def display(self, value: Any, answers: Answers) -> str:
        """Return an answer as the user should read it again ("Jawaban sebelumnya: …")."""
        if value is None:
            return texts.SKIPPED
        return str(value)

    def echo(self, value: Any, answers: Answers, typed: str) -> str | None:
        """Return the line confirming a typed answer ("Dicatat: 1.500."), None for no line.

        Steps that read a number (``confirm``) say how they read it, in Indonesian form, before
        anything is computed: always when the reply had a dot or a comma ("1.500", "12,5": the
        separators are what a reading can get wrong) or reads differently from what was typed
        ("1500", "delapan puluh", "90 menit"). Plain digits shown exactly as typed ("30", or
        "3" for "3 jam": the unit is the question's) need no echo.
        """
        if not self.confirm or value is None:
            return None
        shown, said = normalize(self.display(value, answers)), normalize(typed)
        if (shown == said or shown.startswith(said + " ")) and not any(
                c in said for c in ".,"):
            return None
        return texts.READ_BACK.format(value=self.display(value, answers))


@dataclass(frozen=True, kw_only=True)
class Choice(Ask):
    """One option out of a list (static, or computed from earlier answers); value = token.

    ``fuzzy`` allows a typed label with a small typo (long labels only, see ``match_option``).
    ``numbers_are_values``: a typed text with a digit is never an option number or token; it
    goes to ``parse`` (a subclass reading a typed value next to the options), while the options
    stay pressable and choosable by their exact label.
    """

    options: OptionsFn
    page_size: int = 8
    fuzzy: bool = True
    numbers_are_values: bool = False

    def options_for(self, answers: Answers) -> tuple[Option, ...]:
        """Return every option for these answers (the engine pages them)."""
        opts = self.options if not callable(self.options) else self.options(answers)
        return tuple(opts)

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the token of the option a reply names (number, label, abbreviation or close
        typo: ``handlers.replies.options``); two equally close raise ``Ambiguous``."""
        found = read_option(text, self.options_for(answers),
                            numbers=not self.numbers_are_values, fuzzy=self.fuzzy)
        if found is None:
            raise Invalid(texts.CHOICE_EXPECTED)
        return found.token

    def display(self, value: Any, answers: Answers) -> str:
        """Return the label of the chosen option."""
        for opt in self.options_for(answers):
            if opt.token == value:
                return opt.label
        return super().display(value, answers)


@dataclass(frozen=True, kw_only=True)
class MultiChoice(Choice):
    """Several options: pick from the paged list or type part of a name, then "Selesai memilih".

    Value = list of tokens in option order. ``min_count`` options at least must be chosen.
    """

    min_count: int = 1

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Not used: the engine handles picking one option at a time."""
        raise Invalid(texts.CHOICE_EXPECTED)

    def display(self, value: Any, answers: Answers) -> str:
        """Return the labels of the chosen options, comma-separated."""
        if not value:
            return texts.SKIPPED
        labels = {o.token: o.label for o in self.options_for(answers)}
        return "; ".join(labels.get(v, str(v)) for v in value)


@dataclass(frozen=True, kw_only=True)
class Number(Ask):
    """A number as people type it ("1.500", "12,5", "delapan puluh", "7 bln" with ``unit``);
    bounds may depend on answers. A lone "12.5" with both readings in bounds is asked back."""

    minimum: Bound = None
    maximum: Bound = None
    integer: bool = False
    unit: str | None = None  # the step's unit: typed units are converted to it exactly
    confirm: bool = True

    def bounds(self, answers: Answers) -> tuple[Decimal | None, Decimal | None]:
        """Return (minimum, maximum) for these answers."""
        out: list[Decimal | None] = []
        for b in (self.minimum, self.maximum):
            v = b(answers) if callable(b) else b
            out.append(None if v is None else Decimal(v))
        return out[0], out[1]

    def expected(self, answers: Answers) -> str:
        """Return the sentence saying what number is expected."""
        low, high = self.bounds(answers)
        kind = texts.WHOLE_NUMBER if self.integer else texts.NUMBER
        if low is not None and high is not None:
            return texts.NUMBER_RANGE.format(kind=kind, low=fmt.number(low),
                                             high=fmt.number(high))
        if low is not None:
            return texts.NUMBER_MIN.format(kind=kind, low=fmt.number(low))
        if high is not None:
            return texts.NUMBER_MAX.format(kind=kind, high=fmt.number(high))
        return texts.NUMBER_ANY.format(kind=kind)

    def fits(self, value: Decimal, answers: Answers) -> bool:
        """Return True when a value is within the bounds (and whole, if it must be)."""
        low, high = self.bounds(answers)
        return not ((self.integer and value != value.to_integral_value())
                    or (low is not None and value < low) or (high is not None and value > high))

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the number as a canonical decimal string; raise Invalid or Ambiguous."""
        fitting = read_fitting(text, lambda v: self.fits(v, answers), self.expected(answers),
                               self.unit)
        values = [decimal_str(v) for v in fitting]
        if len(values) > 1:
            raise Ambiguous(values, [self.display(v, answers) for v in values])
        return values[0]

    def display(self, value: Any, answers: Answers) -> str:
        """Return the number in Indonesian form (1.500; 12,5), with the step's unit."""
        if value is None:
            return texts.SKIPPED
        shown = fmt.number(Decimal(value))
        return f"{shown} {self.unit}" if self.unit else shown


@dataclass(frozen=True, kw_only=True)
class Date(Ask):
    """A date: "1 April 2027", "1 Apr 2027", "1/4/2027", "01-04-2027" or "2027-04-01".

    ``not_after_today`` refuses a date after the context's today.
    """

    min_year: int = 1950
    max_year: int = 2200
    not_after_today: bool = False

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the date as an ISO string, or raise Invalid ("1 April 2027", "hari ini";
        without a year only where the date cannot be after today: the last such date)."""
        day = read_date(text, context.today, past=self.not_after_today)
        if day is None or not self.min_year <= day.year <= self.max_year:
            raise Invalid(texts.DATE_EXPECTED)
        if self.not_after_today and context.today is not None and day > context.today:
            raise Invalid(texts.DATE_NOT_AFTER_TODAY.format(today=fmt.date(context.today)))
        return day.isoformat()

    def display(self, value: Any, answers: Answers) -> str:
        """Return the date as "1 April 2027"."""
        if value is None:
            return texts.SKIPPED
        return fmt.date(dt.date.fromisoformat(value))


@dataclass(frozen=True, kw_only=True)
class Text(Ask):
    """Free text; ``parser`` may turn it into any JSON-able value (or raise Invalid)."""

    parser: Callable[[str, Answers], Any] | None = None
    shower: Callable[[Any, Answers], str] | None = None
    max_length: int = 500

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the text (stripped), or the custom parser's value."""
        text = text.strip()
        if self.parser is not None:
            return self.parser(text, answers)
        if not text:
            raise Invalid(texts.TEXT_EXPECTED)
        if len(text) > self.max_length:
            raise Invalid(texts.TEXT_TOO_LONG.format(n=self.max_length))
        return text

    def display(self, value: Any, answers: Answers) -> str:
        """Return the answer as typed, or as the custom shower renders it."""
        if self.shower is not None and value is not None:
            return self.shower(value, answers)
        return super().display(value, answers)


YES_TOKEN, NO_TOKEN = "ya", "tidak"  # the option tokens of every yes/no question


@dataclass(frozen=True, kw_only=True)
class YesNo(Ask):
    """A yes/no question with buttons "Ya" and "Tidak"; value = bool."""

    def options_for(self, answers: Answers) -> tuple[Option, ...]:
        """Return the two options."""
        return (Option(YES_TOKEN, texts.YES), Option(NO_TOKEN, texts.NO))

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return True/False for ya/tidak (also y, iya, oke, gak, nggak jadi, ...); "ya tidak"
        raises ``Ambiguous`` (asked once), anything else Invalid."""
        reading = yes_no_reading(text)
        if reading == "both":
            raise Ambiguous([True, False], [texts.YES, texts.NO])
        if reading is None:
            raise Invalid(texts.YES_NO_EXPECTED)
        return reading == "yes"

    def display(self, value: Any, answers: Answers) -> str:
        """Return "Ya" or "Tidak"."""
        if value is None:
            return texts.SKIPPED
        return texts.YES if value else texts.NO


def no_prompts(answers: Answers, services: Services) -> list[Prompt]:
    """Return no prompts (the default ``Show.render``)."""
    return []


@dataclass(frozen=True, kw_only=True)
class Show(Step):
    """Produce prompts from the answers (e.g. run a calculator); ``end`` closes the flow.

    ``render`` may raise ``knowledge.errors.InputError``: the engine sends the user back to the
    step named by its field (see ``Flow.field_step``), else shows the sentence. ``render_at``
    is the same with the context (today, now), for texts that need the time; it runs after
    ``render``.
    """

    render: Callable[[Answers, Services], list[Prompt]] = no_prompts
    render_at: Callable[[Answers, Services, Context], list[Prompt]] | None = None
    end: bool = True
    # Writes this step asks for (performed by the runtime in the same transaction as the state
    # save), computed from the answers after ``render`` succeeded.
    act: (Callable[[Answers, Services, Context], Sequence[ReminderEffect | TanyaEffect]]
          | None) = None


@dataclass(frozen=True)
class Flow:
    """A conversation: an id, a title for the menu, and its steps (or a function of answers)."""

    id: str
    title: str
    steps: Sequence[Step] | Callable[[Answers], Sequence[Step]]
    short: str | None = None  # menu label of ≤ 20 characters, where the title is longer
    help: str = ""  # a short paragraph for /bantuan
    intro: str | None = None  # a message before the first question
    # Calculator field → step id: prefixes, or a function (field, answers) -> step id | None.
    field_step: Mapping[str, str] | Callable[[str, Answers], str | None] = field(
        default_factory=dict)
    # (step id, answers) -> the progress line of that question ("Instrumen 2 — Langkah 3 dari
    # 13"), or None for the engine's "Langkah i dari n" over the whole flow.
    progress: Callable[[str, Answers], str | None] | None = None
    # Answers to start with (e.g. the stored profile), read through ``Services.user`` when the
    # flow starts; keys that are not step ids are kept as hidden data for later steps.
    prefill: Callable[[Services, Context], dict[str, Any]] | None = None
    # Whether the flow is offered in the menu and may be started (e.g. admins only).
    visible: Callable[[Services], bool] | None = None
    # False: never listed in the menu (started by a command, a button, a link or ``opens``).
    in_menu: bool = True
    # Typed text outside a flow (or in Tanya) that starts this flow, and the answers that
    # text gives to start with (e.g. "ingatkan saya besok jam 9 kirim berkas").
    opens: Callable[[str], bool] | None = None
    seed: Callable[[str, Services, Context], dict[str, Any]] | None = None
    # The label of "start again" after the result (default "Hitung lagi").
    again: str | None = None
    # How the flow is found; the registry (handlers/flows/__init__.py) reads these and nothing
    # else lists flows. ``menu_position``: its place in the menu and the registry (lower
    # first; keywords are tried in this order too).
    menu_position: int = 1000
    # Short messages outside a flow that start it ("hitung formasi"; whole words, casefolded).
    keywords: tuple[str, ...] = ()
    # Whole messages that start it anywhere, like a command, typed with or without "/"
    # ("profil", "profil saya"); one-word entries are its slash commands.
    commands: tuple[str, ...] = ()
    # Its line in a channel's command menu (Telegram's setMyCommands, under ``commands[0]``);
    # None: not listed there (e.g. the admins' flow).
    command_help: str | None = None
    # The ``knowledge.calc`` module behind ``python -m bot calc <flow id>``, if any.
    calc_module: str | None = None

    def concrete(self, answers: Answers) -> list[Step]:
        """Return the steps that apply to these answers, in order."""
        steps = self.steps(answers) if callable(self.steps) else self.steps
        return [s for s in steps if s.active(answers)]

    def questions(self, answers: Answers) -> list[Ask]:
        """Return the question steps that apply to these answers (for "Langkah i dari n")."""
        return [s for s in self.concrete(answers) if isinstance(s, Ask)]

    def step_for_field(self, field_name: str, answers: Answers) -> str | None:
        """Return the step id a calculator field belongs to, or None when there is none.

        A ``field_step`` function decides alone; explicit entries win (longest prefix); else
        ``seminar.isi`` matches step ``seminar:isi`` or ``seminar``, and ``wawancara[2]``
        matches ``wawancara``.
        """
        ids = {s.id for s in self.questions(answers)}
        if callable(self.field_step):
            found = self.field_step(field_name, answers)
            return found if found in ids else None
        for key in sorted(self.field_step, key=len, reverse=True):
            if field_name == key or field_name.startswith((key + ".", key + "[")):
                return self.field_step[key]
        name = re.sub(r"\[\d+\]", "", field_name).replace(".", ":")
        while name:
            if name in ids:
                return name
            name = name.rpartition(":")[0]
        return None


# --- helpers shared by the step types, the engine and the Tanya flow ----------------------


def progress_line(questions: Sequence[Ask], step_id: str, answers: Answers) -> str:
    """Return "Langkah i dari n" for ``step_id`` among ``questions`` (the path the answers
    lead to), or "Langkah i" while a question at or after it may still add questions.

    So the total, once shown, never changes and is never more than what will be asked
    (docs/engine.md, "Progress").
    """
    ids = [q.id for q in questions]
    at = ids.index(step_id) if step_id in ids else 0
    if any(q.opens_more(answers) for q in questions[at:]):
        return texts.PROGRESS_OPEN.format(i=at + 1)
    return texts.PROGRESS.format(i=at + 1, n=len(ids))


def step_token(*parts: object) -> str:
    """Return a short token that changes whenever the question changes."""
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:8]


def capital(text: str) -> str:
    """Return text with its first letter upper-cased (the rest kept as written)."""
    return text[:1].upper() + text[1:]


def normalize(text: str) -> str:
    """Return text casefolded with single spaces (for matching options and keywords)."""
    return " ".join(text.casefold().split())


def option_token(event: Event, options: Sequence[Option], *, partial: bool = False) -> str | None:
    """Return the option token an event picks: a button, a typed number or a label (with
    ``partial``, also a unique part of the labels); None when it picks none."""
    if isinstance(event, ChoiceIn):
        return event.token if any(o.token == event.token for o in options) else None
    if not isinstance(event, TextIn):
        return None
    found = match_option(event.text, options, partial=partial)
    return found.token if found else None


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def fuzzy_option(text: str, options: Sequence[Option]) -> Option | None:
    """Return the option a typed label with a small typo names, only when that is unambiguous.

    Never for text that looks like a number, a date or a golongan; only labels (or shorts) of
    at least ``FUZZY_MIN_LETTERS`` letters count; the best option must score ``FUZZY_MIN`` and
    beat every other option by ``FUZZY_MARGIN``.
    """
    want = normalize(text)
    if _letters(want) < 3 or looks_like_value(want):
        return None
    scored: list[tuple[float, int]] = []
    for i, opt in enumerate(options):
        names = [normalize(n) for n in (opt.label, opt.short) if n]
        score = max((fuzz.ratio(want, n) for n in names
                     if _letters(n) >= FUZZY_MIN_LETTERS and not looks_like_value(n)),
                    default=0.0)
        scored.append((score, i))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < FUZZY_MIN:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < FUZZY_MARGIN:
        return None
    return options[scored[0][1]]


def match_option(text: str, options: Sequence[Option], *, partial: bool = True,
                 fuzzy: bool = True) -> Option | None:
    """Return the option a typed text names (``handlers.replies.options.read_option``: its
    number, token, label, short, abbreviation or close typo; with ``partial`` also part of a
    label); None when it names none or several equally well."""
    try:
        return read_option(text, options, fuzzy=fuzzy, partial=partial)
    except Ambiguous:
        return None


def filter_options(text: str, options: Sequence[Option]) -> list[Option]:
    """Return the options whose label contains every word of the text."""
    words = normalize(text).split()
    return [o for o in options if all(w in normalize(o.label) for w in words)]


def read_fitting(text: str, fits: Callable[[Decimal], bool], expected: str,
                 unit: str | None = None) -> list[Decimal]:
    """Return the readings of a typed number that fit the step (one, or two to ask about).

    A reading that does not fit (out of bounds, not whole) cannot be what was meant, so only
    fitting readings are kept; none raises ``Invalid(expected)``.
    """
    try:
        readings = read_number(text, unit)
    except NumberError as exc:
        if exc.reason == "inexact" and unit is not None:
            raise Invalid(texts.NUMBER_INEXACT.format(unit=unit)) from None
        raise Invalid(expected) from None
    fitting = [v for v in readings if fits(v)]
    if not fitting:
        raise Invalid(expected)
    return fitting


def parse_decimal(text: str) -> Decimal | None:
    """Return the one number a text names ("12,5", "1.500", "delapan puluh"); None when it is
    no number or reads two ways ("12.5": use ``knowledge.typed_numbers.read_number``)."""
    try:
        readings = read_number(text)
    except NumberError:
        return None
    return readings[0] if len(readings) == 1 else None


def decimal_str(value: Decimal) -> str:
    """Return the canonical JSON string of a Decimal ("12.5", "80")."""
    if value == value.to_integral_value():
        return str(value.to_integral_value())
    return format(value.normalize(), "f")


def parse_date(text: str) -> dt.date | None:
    """Return a full date from Indonesian forms ("1 April 2027", "1/4/2027", "01-04-2027") or
    ISO; None when the text is none (``handlers.replies.when.read_date``)."""
    try:
        return read_date(text, None, past=False)
    except Invalid:
        return None
