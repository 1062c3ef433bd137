"""The pure conversation engine: ``advance(state, event, now=, services=) -> Outcome``.

No I/O and no clock: the runtime passes ``now``, stores ``Outcome.state``, sends
``Outcome.prompts``, performs ``Outcome.effects`` and logs ``Outcome.errors``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import handlers.reminders.messages as messages
from handlers import texts
from handlers.commands import FLOW_COMMANDS, Command, parse_command
from handlers.events import ChoiceIn, Event, NotText, TextIn
from handlers.flow import (
    FLOW_LINK,
    NO_TOKEN,
    YES_TOKEN,
    Answers,
    Ask,
    Choice,
    Context,
    Date,
    Flow,
    Invalid,
    MultiChoice,
    Number,
    Services,
    Show,
    YesNo,
    capital,
    exact_option,
    filter_options,
    match_option,
    normalize,
    option_token,
    read_yes_no,
    step_token,
)
from handlers.flows import TANYA, tanya
from handlers.prompts import Message, Option, Prompt, Question
from handlers.reminders.model import (
    T_REM_DONE,
    T_REM_RECORD_PREDIKAT,
    T_REM_SNOOZE_DAY,
    T_REM_SNOOZE_WEEK,
    T_REM_STOP_KIND,
    MarkDone,
    ReminderEffect,
    Snooze,
    StopKind,
    delivery_of_step_token,
)
from handlers.state import ChatState
from knowledge.digits import read_index
from knowledge.errors import InputError

END = "_end"  # the step id of a finished flow (result shown, "Hitung lagi" offered)
# Engine option tokens; flow option tokens must not start with "_".
T_PREV, T_NEXT, T_SKIP, T_DONE, T_ALL = "_prev", "_next", "_skip", "_done", "_all"
T_AGAIN, T_MENU, T_RESUME, T_RESTART = "_again", "_menu", "_resume", "_restart"
T_YES, T_NO = YES_TOKEN, NO_TOKEN  # the same tokens as every YesNo step
MENU_FLOW = FLOW_LINK
PREDIKAT_FLOW = "predikat"  # started by the January reminder's "catat" button
MENU_TANYA, MENU_HELP = "tanya", "bantuan"
MAX_OPTIONS = 10
TRANSIENT = ("page", "filter", "picked")  # meta keys that belong to the question on screen
# "Today" for parsers is taken in the easternmost Indonesian zone (WIT, UTC+9), so no user's
# own today is ever refused as "after today".
TODAY_ZONE = dt.timezone(dt.timedelta(hours=9))


@dataclass(frozen=True)
class EraseUserData:
    """Effect: delete everything stored about this user (after a confirmed /hapus_data)."""


Effect = EraseUserData | ReminderEffect


@dataclass
class Outcome:
    """The result of one event: the new state and what to send, do and log."""

    state: ChatState
    prompts: list[Prompt]
    effects: list[Effect] = field(default_factory=list)
    errors: list[tuple[str, BaseException]] = field(default_factory=list)


def new_error_id() -> str:
    """Return a short hex id the user can quote and the log can be searched for."""
    return uuid.uuid4().hex[:8]


def default_services(idle_minutes: int = 30) -> Services:
    """Return the production services: default search index and registry (built lazily)."""
    return Services(idle_minutes=idle_minutes)


def advance(state: ChatState, event: Event, *, now: dt.datetime, services: Services) -> Outcome:
    """Apply one event to a state; never raises (an unexpected error becomes an apology)."""
    turn = Turn(state.clone(), services, now)
    try:
        turn.handle(event)
    except Exception as exc:  # noqa: BLE001 - the user must never see a traceback
        error_id = new_error_id()
        return _apology(state, services, now, error_id, exc)
    turn.st.updated_at = now
    return Outcome(turn.st, turn.prompts, turn.effects, [])


def _apology(state: ChatState, services: Services, now: dt.datetime, error_id: str,
             exc: Exception) -> Outcome:
    """Return the unchanged state, an apology with the error id, and the same question."""
    again: list[Prompt] = []
    for attempt in ("current", "menu"):
        turn = Turn(state.clone(), services, now)
        try:
            again = turn.current() if attempt == "current" else turn.menu()
            break
        except Exception:  # noqa: BLE001 - the question itself is broken; try the menu
            continue
    safe = state.clone()  # the state before the event, whatever the failed attempt changed
    safe.updated_at = now
    return Outcome(safe, [Message(texts.APOLOGY.format(id=error_id)), *again], [],
                   [(error_id, exc)])


class Turn:
    """One event being handled: the working state and what to send."""

    def __init__(self, st: ChatState, services: Services, now: dt.datetime) -> None:
        self.st = st
        self.services = services
        self.now = now
        self.prompts: list[Prompt] = []
        self.effects: list[Effect] = []

    # --- small helpers ------------------------------------------------------------------

    def say(self, text: str) -> None:
        """Queue a plain message."""
        self.prompts.append(Message(text))

    @property
    def meta(self) -> dict[str, Any]:
        """Return the engine bookkeeping of the state."""
        return self.st.meta

    def answers(self) -> Answers:
        """Return the user's answers (without bookkeeping)."""
        return self.st.user_answers()

    def flow(self) -> Flow | None:
        """Return the declarative flow the user is in, if any."""
        return self.services.flows().get(self.st.flow)

    def context(self) -> Context:
        """Return what parsers may know besides the answers (today, from ``now``)."""
        now = self.now if self.now.tzinfo else self.now.replace(tzinfo=dt.UTC)
        return Context(today=now.astimezone(TODAY_ZONE).date(), now=now)

    def reset(self) -> None:
        """Leave any flow (the next message starts from the menu)."""
        self.st.flow, self.st.step = None, None
        self.st.answers, self.st.history = {}, []

    def clear_transient(self) -> None:
        """Forget paging/filter/picking of the question that was on screen."""
        for key in TRANSIENT:
            self.meta.pop(key, None)

    # --- dispatch -----------------------------------------------------------------------

    def handle(self, event: Event) -> None:
        """Route one event: reminder buttons, commands, pending offers, stale buttons, idle,
        then the flow."""
        if self.revoked(event):
            return
        if isinstance(event, NotText):
            self.say(texts.NOT_TEXT)
            self.prompts.extend(self.current())
            return
        if isinstance(event, ChoiceIn):
            delivery_id = delivery_of_step_token(event.step_token)
            if delivery_id is not None:
                self.reminder_button(delivery_id, event.token)
                return
        if isinstance(event, TextIn):
            command = parse_command(event.text)
            if command is not None:
                self.command(command)
                return
        if isinstance(event, ChoiceIn) and event.step_token is not None:
            current = self.current()
            tokens = [p.step_token for p in current if isinstance(p, Question)]
            if tokens and event.step_token != tokens[-1]:
                self.say(texts.STALE_BUTTON)
                self.prompts.extend(current)
                return
        if self.meta.get("erase"):
            self.erase_reply(event)
        elif self.meta.get("resume"):
            self.resume_reply(event)
        elif self.is_idle():
            self.meta["resume"] = True
            self.clear_transient()
            self.prompts.append(self.resume_question())
        elif self.st.flow is None:
            self.outside(event)
        elif self.st.flow == TANYA:
            self.in_tanya(event)
        else:
            flow = self.flow()
            if flow is None:  # a flow removed since the state was saved
                self.reset()
                self.prompts.extend(self.menu())
            else:
                self.in_flow(flow, event)

    def revoked(self, event: Event) -> bool:
        """Leave a flow the user may no longer use (an admin removed from ADMIN_IDS): one
        sentence, then the menu (or the command typed). Rights are judged on every event."""
        flow = self.flow()
        if flow is None or self.may_start(flow):
            return False
        self.reset()
        self.meta.pop("resume", None)
        self.say(texts.ACCESS_REVOKED)
        command = parse_command(event.text) if isinstance(event, TextIn) else None
        if command is not None:
            self.command(command)
        else:
            self.prompts.extend(self.menu())
        return True

    def current(self) -> list[Prompt]:
        """Return the prompts that ask the current question again."""
        if self.meta.get("erase"):
            return [self.erase_question()]
        if self.meta.get("resume"):
            return [self.resume_question()]
        if self.st.flow is None:
            return self.menu()
        if self.st.flow == TANYA:
            return tanya.current(self.st, self.services)
        flow = self.flow()
        if flow is None:
            self.reset()
            return self.menu()
        if self.st.step == END:
            return [self.end_question(flow)]
        step = self.current_step(flow)
        return [self.question(flow, step)]

    # --- commands -----------------------------------------------------------------------

    def command(self, command: Command) -> None:
        """Carry out a command (they work everywhere, also during a pending offer)."""
        self.meta.pop("resume", None)
        if command is not Command.ERASE:
            self.meta.pop("erase", None)
        if command is Command.GREET:
            if self.st.flow is None:
                self.say(texts.WELCOME)
            self.prompts.extend(self.current())
        elif command is Command.START:
            self.reset()
            self.say(texts.WELCOME)
            self.prompts.extend(self.menu())
        elif command is Command.MENU:
            self.reset()
            self.prompts.extend(self.menu())
        elif command is Command.CANCEL:
            flow = self.flow()
            title = flow.title if flow else (texts.MENU_TANYA if self.st.flow else None)
            self.reset()
            self.say(texts.CANCELLED.format(title=title) if title else texts.NOTHING_TO_CANCEL)
            self.prompts.extend(self.menu())
        elif command is Command.BACK:
            self.back()
        elif command is Command.HELP:
            self.help()
        elif command in FLOW_COMMANDS:
            flow = self.services.flows().get(FLOW_COMMANDS[command])
            self.reset()
            if flow is None:
                self.say(texts.HELP_GENERAL)
                self.prompts.extend(self.menu())
            else:
                self.launch(flow)
        else:
            self.meta["erase"] = True
            self.prompts.append(self.erase_question())

    def back(self) -> None:
        """Ask the previous question again, showing the earlier answer."""
        if self.st.flow == TANYA:
            self.prompts.extend(tanya.back(self.st, self.services))
            return
        flow = self.flow()
        if flow is None:
            self.say(texts.NOTHING_TO_GO_BACK)
            self.prompts.extend(self.menu())
            return
        self.clear_transient()
        if not self.st.history:
            self.say(texts.FIRST_STEP)
            self.prompts.extend(self.current())
            return
        self.st.step = self.st.history.pop()
        self.prompts.append(self.question(flow, self.current_step(flow), previous=True))

    def help(self) -> None:
        """Explain the current step (or the assistant), then ask the same question again."""
        flow = self.flow()
        if self.st.flow == TANYA:
            self.say(tanya.HELP + " " + texts.HELP_IN_FLOW)
        elif flow is None:
            self.say(texts.HELP_GENERAL)
        else:
            parts = []
            if self.st.step not in (None, END):
                step = self.current_step(flow)
                if step.help:
                    parts.append(step.help)
            if flow.help:
                parts.append(flow.help)
            parts.append(texts.HELP_IN_FLOW)
            self.say(" ".join(parts))
        self.prompts.extend(self.current())

    # --- pending offers -----------------------------------------------------------------

    def erase_question(self) -> Question:
        """Return the /hapus_data confirmation."""
        return Question(texts.ERASE_QUESTION, step_token("erase"),
                        (Option(T_YES, texts.ERASE_CONFIRM), Option(T_NO, texts.ERASE_CANCEL)))

    def erase_reply(self, event: Event) -> None:
        """Erase on "Ya", keep on "Tidak", else ask again."""
        answer = self.yes_no(event, self.erase_question())
        if answer is None:
            self.say(texts.YES_NO_EXPECTED)
            self.prompts.append(self.erase_question())
        elif answer:
            self.effects.append(EraseUserData())
            self.st = ChatState()
            self.say(texts.ERASE_DONE)
        else:
            self.meta.pop("erase", None)
            self.say(texts.ERASE_KEPT)
            self.prompts.extend(self.current())

    def yes_no(self, event: Event, question: Question) -> bool | None:
        """Return True/False for a yes/no reply to ``question``, None when unclear."""
        token = option_token(event, question.options)
        if token == T_YES:
            return True
        if token == T_NO:
            return False
        return read_yes_no(event.text) if isinstance(event, TextIn) else None

    def is_idle(self) -> bool:
        """Return True when a calculator flow was left mid-way longer than the idle limit."""
        if self.st.flow in (None, TANYA) or self.st.step in (None, END):
            return False
        if self.st.updated_at is None:
            return False
        return self.now - self.st.updated_at > dt.timedelta(minutes=self.services.idle_minutes)

    def resume_question(self) -> Question:
        """Return the "Lanjutkan / Mulai dari awal" offer after a long pause."""
        flow = self.flow()
        title = flow.title if flow else ""
        return Question(texts.RESUME_QUESTION.format(title=title),
                        step_token(self.st.flow, "resume"),
                        (Option(T_RESUME, texts.RESUME_CONTINUE),
                         Option(T_RESTART, texts.RESUME_RESTART)))

    def resume_reply(self, event: Event) -> None:
        """Continue at the same step, or restart the flow."""
        question = self.resume_question()
        token = option_token(event, question.options)
        flow = self.flow()
        if flow is None:
            self.reset()
            self.prompts.extend(self.menu())
            return
        if token not in (T_RESUME, T_RESTART):
            self.say(texts.RESUME_EXPECTED)
            self.prompts.append(question)
            return
        self.meta.pop("resume", None)
        if token == T_RESUME:
            self.prompts.extend(self.current())
        else:
            self.start_flow(flow)

    # --- reminder buttons ---------------------------------------------------------------

    def reminder_button(self, delivery_id: int, token: str) -> None:
        """Act on a reminder message's button (any state), then ask the current question."""
        user = self.services.user
        view = user.delivery(delivery_id) if user is not None else None
        actions = (T_REM_DONE, T_REM_SNOOZE_DAY, T_REM_SNOOZE_WEEK, T_REM_STOP_KIND,
                   T_REM_RECORD_PREDIKAT)
        if view is None or token not in actions:
            self.say(texts.REMINDER_GONE)
            self.prompts.extend(self.current())
            return
        if token == T_REM_RECORD_PREDIKAT:
            flow = self.services.flows().get(PREDIKAT_FLOW)
            if flow is not None:
                self.meta.pop("resume", None)
                self.meta.pop("erase", None)
                self.launch(flow)
                return
            self.say(texts.REMINDER_GONE)
        elif token == T_REM_DONE:
            self.effects.append(MarkDone(delivery_id))
            self.say(texts.REMINDER_DONE)
        elif token == T_REM_STOP_KIND:
            self.effects.append(StopKind(view.kind))
            label = messages.KIND_LABELS.get(view.kind, view.kind)
            self.say(texts.REMINDER_STOPPED_KIND.format(kind=label))
        else:
            week = token == T_REM_SNOOZE_WEEK
            now = self.context().now or self.now
            until = now.replace(second=0, microsecond=0) + dt.timedelta(days=7 if week else 1)
            self.effects.append(Snooze(delivery_id, until))
            template = texts.REMINDER_SNOOZED_WEEK if week else texts.REMINDER_SNOOZED_DAY
            self.say(template.format(when=messages.format_local(until, view.timezone)))
        self.prompts.extend(self.current())

    # --- outside any flow: the menu, keywords, questions --------------------------------

    def may_start(self, flow: Flow) -> bool:
        """Return True when this user may start the flow (e.g. admin flows: admins only)."""
        return flow.visible is None or bool(flow.visible(self.services))

    def launch(self, flow: Flow, text: str | None = None) -> None:
        """Start a flow if the user may; else say so and show the menu."""
        if not self.may_start(flow):
            self.reset()
            self.say(texts.FLOW_NOT_VISIBLE)
            self.prompts.extend(self.menu())
            return
        self.start_flow(flow, text)

    def opened_by(self, text: str) -> Flow | None:
        """Return the flow a typed text starts: its ``opens`` test first, then the keywords."""
        for flow in self.services.flows().flows:
            if flow.opens is not None and flow.opens(text):
                return flow
        return self.services.flows().match_keyword(text)

    def menu(self) -> list[Prompt]:
        """Return the main menu (only the flows the registry has that this user may start)."""
        options = [Option(MENU_FLOW + f.id, f.title, f.short) for f in self.services.flows().flows
                   if f.in_menu and self.may_start(f)]
        options.append(Option(MENU_TANYA, texts.MENU_TANYA, texts.MENU_TANYA_SHORT))
        options.append(Option(MENU_HELP, texts.MENU_HELP))
        return [Question(texts.MENU_QUESTION, step_token("menu", *(o.token for o in options)),
                         tuple(options))]

    def outside(self, event: Event) -> None:
        """Handle a menu choice; other text names a flow or is a question for Tanya."""
        menu = self.menu()[-1]
        assert isinstance(menu, Question)
        token = option_token(event, menu.options)
        if token is None and isinstance(event, TextIn):
            flow = self.opened_by(event.text)
            if flow is not None:
                self.launch(flow, event.text)
            else:
                self.prompts.extend(tanya.start(self.st, self.services, event.text))
            return
        if token is None:
            self.say(texts.STALE_BUTTON)
            self.prompts.append(menu)
        elif token == MENU_TANYA:
            self.prompts.extend(tanya.ask(self.st))
        elif token == MENU_HELP:
            self.say(texts.HELP_GENERAL)
            self.prompts.append(menu)
        else:
            flow = self.services.flows().get(token.removeprefix(MENU_FLOW))
            if flow is None:
                self.prompts.append(menu)
            else:
                self.launch(flow)

    def in_tanya(self, event: Event) -> None:
        """Let the Tanya flow answer; a short text naming a calculator starts it instead."""
        if isinstance(event, TextIn) and not tanya.is_option(self.st, event.text):
            flow = self.opened_by(event.text)
            if flow is not None:
                self.launch(flow, event.text)
                return
        prompts = tanya.handle(self.st, event, self.services)
        if prompts is None:
            self.reset()
            self.prompts.extend(self.menu())
        else:
            self.prompts.extend(prompts)

    # --- declarative flows --------------------------------------------------------------

    def start_flow(self, flow: Flow, text: str | None = None) -> None:
        """Start a flow from its first step (``text``: the typed message that opened it)."""
        self.st.flow, self.st.step = flow.id, None
        self.st.answers, self.st.history = {}, []
        if flow.prefill is not None:
            self.st.answers.update(flow.prefill(self.services, self.context()))
        if text is not None and flow.seed is not None:
            self.st.answers.update(flow.seed(text, self.services, self.context()))
        if flow.intro:
            self.say(flow.intro)
        self.walk(flow, None)

    def current_step(self, flow: Flow) -> Ask:
        """Return the question step the user is at (the first one if the id is unknown)."""
        questions = flow.questions(self.answers())
        for step in questions:
            if step.id == self.st.step:
                return step
        # The answers no longer lead to this step (or the flow changed): restart cleanly.
        self.st.step = questions[0].id
        self.st.history = []
        return questions[0]

    def walk(self, flow: Flow, after: str | None) -> None:
        """Move past step ``after``: run Show steps, stop at the next question or the end."""
        answers = self.answers()
        steps = flow.concrete(answers)
        ids = [s.id for s in steps]
        start = ids.index(after) + 1 if after in ids else 0
        self.clear_transient()
        for step in steps[start:]:
            if isinstance(step, Show):
                try:
                    self.prompts.extend(step.render(answers, self.services))
                    if step.render_at is not None:
                        self.prompts.extend(step.render_at(answers, self.services,
                                                           self.context()))
                    if step.act is not None:
                        self.effects.extend(step.act(answers, self.services, self.context()))
                except InputError as exc:
                    self.compute_error(flow, exc)
                    return
                if step.end:
                    self.finish(flow)
                    return
            elif isinstance(step, Ask):
                self.st.step = step.id
                self.prompts.append(self.question(flow, step))
                return
        self.finish(flow)

    def finish(self, flow: Flow) -> None:
        """Mark the flow done (answers kept for /kembali) and offer what next."""
        self.st.step = END
        self.clear_transient()
        self.prompts.append(self.end_question(flow))

    def end_question(self, flow: Flow) -> Question:
        """Return the question after a result: again, or the menu."""
        return Question(texts.END_QUESTION, step_token(flow.id, END),
                        (Option(T_AGAIN, flow.again or texts.END_AGAIN),
                         Option(T_MENU, texts.END_MENU)))

    def compute_error(self, flow: Flow, exc: InputError) -> None:
        """Send the user back to the step a calculator complained about."""
        answers = self.answers()
        message = capital(exc.message)
        target = flow.step_for_field(exc.field, answers)
        if target is None and self.st.history:
            target = self.st.history[-1]
            message = f"{message} {texts.COMPUTE_BACK}"
        if target is None:
            self.say(message)
            self.finish(flow)
            return
        if target in self.st.history:
            del self.st.history[self.st.history.index(target):]
        self.st.step = target
        self.say(message)
        self.prompts.append(self.question(flow, self.current_step(flow), previous=True))

    def in_flow(self, flow: Flow, event: Event) -> None:
        """Answer the current question of a declarative flow."""
        if self.st.step == END:
            self.at_end(flow, event)
            return
        step = self.current_step(flow)
        question = self.question(flow, step)
        try:
            self.answer(flow, step, question, event)
        except Invalid as exc:
            other = self.request_in_choice(flow, step, event)
            if other is not None:
                # "ingatkan saya besok jam 9 …" where only a choice fits: the user wants the
                # other flow now, not a lecture about the options.
                self.say(texts.CANCELLED.format(title=flow.title))
                self.launch(other, event.text if isinstance(event, TextIn) else None)
                return
            self.say(exc.message)
            self.prompts.append(self.question(flow, step))

    def request_in_choice(self, flow: Flow, step: Ask, event: Event) -> Flow | None:
        """Return another flow whose own ``opens`` test a text typed at a choice step passes."""
        if not isinstance(event, TextIn) or not isinstance(step, (Choice, YesNo)):
            return None
        return next((f for f in self.services.flows().flows
                     if f.id != flow.id and f.opens is not None and f.opens(event.text)), None)

    def at_end(self, flow: Flow, event: Event) -> None:
        """After a result: again, menu, or treat the text as new input outside the flow."""
        token = option_token(event, self.end_question(flow).options)
        if token == T_AGAIN:
            self.launch(flow)
        elif token == T_MENU:
            self.reset()
            self.prompts.extend(self.menu())
        else:
            self.reset()
            self.outside(event)

    def answer(self, flow: Flow, step: Ask, question: Question, event: Event) -> None:
        """Turn an event into a token or a typed value for ``step`` (raises Invalid)."""
        answers = self.answers()
        if isinstance(event, ChoiceIn):
            if not any(o.token == event.token for o in question.options):
                # A button of this question that is no longer listed (e.g. another page).
                if isinstance(step, Choice) and any(
                        o.token == event.token for o in step.options_for(answers)):
                    self.pick(flow, step, event.token)
                    return
                raise Invalid(texts.STALE_BUTTON)  # forged, or of a question no longer shown
            self.pick(flow, step, event.token)
            return
        if not isinstance(event, TextIn):  # handled before any flow sees it
            raise Invalid(texts.NOT_TEXT)
        text = event.text
        if isinstance(step, (Choice, YesNo)):
            # Only exact names and option numbers here; typos and typed values are the step's
            # own parsing (so a golongan parser sees "II/a" before any similarity could).
            values = isinstance(step, Choice) and step.numbers_are_values and any(
                c.isdigit() for c in text)
            found = exact_option(text, question.options, tokens=not values)
            number = read_index(normalize(text))
            if (found is None and not values and number is not None
                    and 1 <= number <= len(question.options)):
                found = question.options[number - 1]
            if found is not None:
                self.pick(flow, step, found.token)
                return
        if step.optional and normalize(text) in texts.SKIP_WORDS:
            self.accept(flow, step, None)
            return
        if isinstance(step, MultiChoice):
            self.multi_text(flow, step, text)
            return
        self.accept(flow, step, step.read(text, answers, self.context()))

    def pick(self, flow: Flow, step: Ask, token: str) -> None:
        """Act on an option token of the current question."""
        meta = self.meta
        if token in (T_PREV, T_NEXT):
            meta["page"] = int(meta.get("page", 0)) + (1 if token == T_NEXT else -1)
            self.prompts.append(self.question(flow, step))
        elif token == T_SKIP and step.optional:
            self.accept(flow, step, None)
        elif isinstance(step, YesNo):
            self.accept(flow, step, token == T_YES)
        elif isinstance(step, MultiChoice):
            self.multi_pick(flow, step, token)
        elif isinstance(step, Choice) and token.startswith(FLOW_LINK):
            target = self.services.flows().get(token.removeprefix(FLOW_LINK))
            if target is None or token not in {o.token for o in step.options_for(self.answers())}:
                raise Invalid(texts.CHOICE_EXPECTED)
            self.launch(target)
        elif isinstance(step, Choice):
            if token not in {o.token for o in step.options_for(self.answers())}:
                raise Invalid(texts.CHOICE_EXPECTED)
            self.accept(flow, step, token)
        else:
            raise Invalid(texts.CHOICE_EXPECTED)

    def multi_pick(self, flow: Flow, step: MultiChoice, token: str) -> None:
        """Toggle one option, finish, or clear the filter."""
        answers = self.answers()
        picked = self.picked(step)
        if token == T_DONE:
            if len(picked) < step.min_count:
                raise Invalid(texts.MULTI_MIN.format(n=step.min_count))
            order = [o.token for o in step.options_for(answers)]
            self.accept(flow, step, [t for t in order if t in picked])
            return
        if token == T_ALL:
            self.meta.pop("filter", None)
            self.meta["page"] = 0
        else:
            label = step.display([token], answers)
            if token in picked:
                picked.remove(token)
                self.say(texts.MULTI_REMOVED.format(label=label))
            else:
                picked.append(token)
                self.say(texts.MULTI_ADDED.format(label=label))
            self.meta["picked"] = picked
        self.prompts.append(self.question(flow, step))

    def multi_text(self, flow: Flow, step: MultiChoice, text: str) -> None:
        """Typed text in a multi-select: "selesai", a unique name, or a filter of the list."""
        if normalize(text) in texts.MULTI_DONE_WORDS:
            self.multi_pick(flow, step, T_DONE)
            return
        options = step.options_for(self.answers())
        found = match_option(text, options, partial=False, fuzzy=step.fuzzy)
        if found is not None:
            self.multi_pick(flow, step, found.token)
            return
        matches = filter_options(text, options)
        if len(matches) == 1:
            self.multi_pick(flow, step, matches[0].token)
        elif matches:
            self.meta["filter"] = normalize(text)
            self.meta["page"] = 0
            self.say(texts.MULTI_FILTERED.format(n=len(matches), text=text.strip()))
            self.prompts.append(self.question(flow, step))
        else:
            raise Invalid(texts.MULTI_NO_MATCH.format(text=text.strip()))

    def picked(self, step: MultiChoice) -> list[str]:
        """Return the options picked so far (starting from the earlier answer after /kembali)."""
        if "picked" not in self.meta:
            earlier = self.st.answers.get(step.id)
            self.meta["picked"] = list(earlier) if isinstance(earlier, list) else []
        picked: list[str] = self.meta["picked"]
        return picked

    def accept(self, flow: Flow, step: Ask, value: Any) -> None:
        """Store an answer, forget answers of later steps, and move on."""
        answers = self.answers()
        ids = [s.id for s in flow.concrete(answers)]
        if step.id in ids:
            for later in ids[ids.index(step.id) + 1:]:
                self.st.answers.pop(later, None)
        self.st.answers[step.id] = value
        if step.id in self.st.history:
            del self.st.history[self.st.history.index(step.id):]
        self.st.history.append(step.id)
        self.walk(flow, step.id)

    # --- rendering a question -----------------------------------------------------------

    def question(self, flow: Flow, step: Ask, *, previous: bool = False) -> Question:
        """Return the question of ``step`` with progress, hint, options and paging."""
        answers = self.answers()
        lines = [step.question(answers)]
        if previous and step.id in answers:
            lines.insert(0, texts.PREVIOUS_ANSWER.format(value=step.display(answers[step.id],
                                                                            answers)))
        progress = flow.progress(step.id, answers) if flow.progress is not None else None
        if progress == "":
            progress = None  # the flow wants no progress line on this question
        elif progress is None:
            ids = [q.id for q in flow.questions(answers)]
            progress = texts.PROGRESS.format(i=ids.index(step.id) + 1 if step.id in ids else 1,
                                             n=len(ids))
        hint = step.hint_text(answers)
        page = int(self.meta.get("page", 0))
        filt = self.meta.get("filter") if isinstance(step, MultiChoice) else None
        options: list[Option] = []
        if isinstance(step, Choice):
            every = list(step.options_for(answers))
            if isinstance(step, MultiChoice):
                picked = self.picked(step)
                if filt:
                    every = filter_options(filt, every)
                if picked:
                    lines.append(texts.MULTI_PICKED.format(labels=step.display(
                        [o.token for o in step.options_for(answers) if o.token in picked],
                        answers)))
                hint = hint or texts.MULTI_HINT
            # Keep every question within MAX_OPTIONS rows (a WhatsApp list holds 10).
            fixed = int(step.optional) + (1 + int(bool(filt)) if isinstance(step, MultiChoice)
                                          else 0)
            size = min(step.page_size, MAX_OPTIONS - fixed)
            if len(every) > size:
                size = max(1, min(step.page_size, MAX_OPTIONS - fixed - 2))
            pages = max(1, -(-len(every) // size))
            page = min(max(page, 0), pages - 1)
            self.meta["page"] = page
            for opt in every[page * size:(page + 1) * size]:
                if isinstance(step, MultiChoice) and opt.token in self.picked(step):
                    opt = Option(opt.token, texts.MULTI_MARK + opt.label, opt.short,
                                 opt.description)
                options.append(opt)
            if isinstance(step, MultiChoice):
                options.append(Option(T_DONE, texts.MULTI_DONE.format(n=len(self.picked(step))),
                                      texts.MULTI_DONE_SHORT))
                if filt:
                    options.append(Option(T_ALL, texts.MULTI_ALL))
            if page > 0:
                options.append(Option(T_PREV, texts.PAGE_PREV))
            if page < pages - 1:
                options.append(Option(T_NEXT, texts.PAGE_NEXT))
            if pages > 1:
                lines.append(texts.PAGE_INFO.format(page=page + 1, pages=pages))
        elif isinstance(step, YesNo):
            options.extend(step.options_for(answers))
        elif isinstance(step, Number):
            hint = hint or texts.NUMBER_HINT
        elif isinstance(step, Date):
            hint = hint or texts.DATE_HINT
        if step.optional:
            options.append(Option(T_SKIP, texts.SKIP))
            if not isinstance(step, Choice):
                hint = f"{hint} {texts.OPTIONAL_HINT}" if hint else texts.OPTIONAL_HINT
        return Question("\n".join(lines), step_token(flow.id, step.id, page, filt or ""),
                        tuple(options), progress, hint)
