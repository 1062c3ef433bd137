"""Walking a declarative flow: start it, run its Show steps, stop at its next question, accept
answers, send the user back to the step a calculator complained about, finish it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from handlers import texts
from handlers.events import Event, TextIn
from handlers.flow import (
    Ambiguous,
    Answers,
    Ask,
    Choice,
    Flow,
    Invalid,
    Number,
    Show,
    Step,
    YesNo,
    capital,
    decimal_str,
    option_token,
)
from handlers.picking import Picking
from handlers.prompts import Prompt
from handlers.turn import (
    END,
    GIVEN,
    T_AGAIN,
    T_MENU,
)
from knowledge.errors import InputError

# Characters of a number from the question said back when it is refused.
GIVEN_SHOWN = 24


class Walking(Picking):
    """The part of a turn that moves through a declarative flow."""

    def flow_conversation(self, flow: Flow) -> FlowConversation:
        """Return the declarative flow as the conversation the user is in."""
        return FlowConversation(self, flow)

    def start_flow(self, flow: Flow, text: str | None = None,
                   given: dict[str, Any] | None = None) -> None:
        """Start a flow from its first step (``text``: the typed message that opened it;
        ``given``: answers understood already, whose questions are passed over)."""
        self.st.flow, self.st.step = flow.id, None
        self.st.answers, self.st.history = {}, []
        if flow.prefill is not None:
            self.st.answers.update(flow.prefill(self.services, self.context()))
        if text is not None and flow.seed is not None:
            self.st.answers.update(flow.seed(text, self.services, self.context()))
        if given:
            self.st.answers.update(given)
            # Kept apart as well: a later question's understood answer is passed over even
            # after the user answered the questions before it (which forgets later answers).
            self.meta[GIVEN] = dict(given)
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
        """Move past step ``after``: run Show steps, stop at the next question or the end
        (a question whose answer was understood when the flow opened is passed over, as if
        answered now)."""
        steps = self.restore_given(flow, after)
        answers = self.answers()
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
            elif isinstance(step, Ask) and self.take_given(step, answers):
                self.st.history.append(step.id)
                answers = self.answers()
            elif isinstance(step, Ask):
                self.st.step = step.id
                self.prompts.append(self.question(flow, step))
                return
        self.finish(flow)

    def restore_given(self, flow: Flow, after: str | None) -> list[Step]:
        """Put back the understood answers of the steps still ahead that answering an earlier
        step forgot, so that the steps are the ones those answers lead to; return the
        steps."""
        given: dict[str, Any] = self.meta.get(GIVEN, {})
        steps = flow.concrete(self.answers())
        for _ in range(len(given)):  # each pass restores at least one, or stops
            ids = [s.id for s in steps]
            ahead = ids[ids.index(after) + 1:] if after in ids else ids
            missing = [k for k in ahead if k in given and k not in self.st.answers]
            if not missing:
                break
            for key in missing:
                self.st.answers[key] = given[key]
            steps = flow.concrete(self.answers())
        return steps

    def take_given(self, step: Ask, answers: Answers) -> bool:
        """Pass over a step answered by what was understood when the flow opened; a number
        only where the step itself accepts it, said back to the user ("Dari pertanyaan Anda —
        Nilai CAT: 72,5."). One the step does not accept ("cat sy 150") is dropped, said in
        one sentence, and the step asked (the bounds are the step's)."""
        given: dict[str, Any] = self.meta.get(GIVEN, {})
        if step.id not in given or step.id not in answers:
            return False
        if not isinstance(step, Number):
            return True  # options understood are the flows' own tokens
        value = answers[step.id]
        # Read as if typed (a decimal comma): the step's own checks apply ("Angka terlalu
        # panjang", the bounds).
        typed = str(value).replace(".", ",")
        try:
            number = Decimal(step.parse(typed, answers, self.context()))
        except (Invalid, Ambiguous, InvalidOperation, ValueError):
            del given[step.id]  # said once, then asked as usual
            self.st.answers.pop(step.id, None)
            shown = typed if len(typed) <= GIVEN_SHOWN else f"{typed[:GIVEN_SHOWN]}…"
            self.say(texts.GIVEN_UNUSED.format(value=shown))
            return False
        self.st.answers[step.id] = decimal_str(number)  # as if typed
        label = step.question(answers).split("\n")[0].rstrip("?").strip()
        self.say(texts.GIVEN_USED.format(label=label, value=step.display(number, answers)))
        return True

    def finish(self, flow: Flow) -> None:
        """Mark the flow done (answers kept for /kembali) and offer what next."""
        self.st.step = END
        self.clear_transient()
        self.prompts.append(self.end_question(flow))

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
        except Ambiguous as exc:  # "12.5": ask once which reading was meant
            self.meta["clarify"] = exc.record()
            self.prompts.append(self.question(flow, step))
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

    def accept(self, flow: Flow, step: Ask, value: Any) -> None:
        """Store an answer, forget answers of later steps, and move on."""
        answers = self.answers()
        ids = [s.id for s in flow.concrete(answers)]
        if step.id in ids:
            for later in ids[ids.index(step.id) + 1:]:
                self.st.answers.pop(later, None)
        self.st.answers[step.id] = value
        # The user's own answer replaces what was understood from the question for good.
        self.meta.get(GIVEN, {}).pop(step.id, None)
        if step.id in self.st.history:
            del self.st.history[self.st.history.index(step.id):]
        self.st.history.append(step.id)
        self.walk(flow, step.id)



class FlowConversation:
    """A declarative flow as the conversation the user is in (``handlers.turn.Active``)."""

    def __init__(self, turn: Walking, flow: Flow) -> None:
        self.turn, self.flow = turn, flow
        self.title = flow.title

    def resumable(self) -> bool:
        """Return True mid-way (a result shown needs no "Lanjutkan")."""
        return self.turn.st.step not in (None, END)

    def current(self) -> list[Prompt]:
        """Return the current question of the flow (or the question after its result)."""
        t = self.turn
        if t.st.step == END:
            return [t.end_question(self.flow)]
        return [t.question(self.flow, t.current_step(self.flow))]

    def handle(self, event: Event) -> None:
        """Answer the current question."""
        self.turn.in_flow(self.flow, event)

    def back(self) -> None:
        """Ask the previous question again, showing the earlier answer."""
        t = self.turn
        t.clear_transient()
        if not t.st.history:
            t.say(texts.FIRST_STEP)
            t.prompts.extend(self.current())
            return
        t.st.step = t.st.history.pop()
        t.prompts.append(t.question(self.flow, t.current_step(self.flow), previous=True))

    def help(self) -> list[str]:
        """Return the step's help and the flow's."""
        parts = []
        if self.turn.st.step not in (None, END):
            step = self.turn.current_step(self.flow)
            if step.help:
                parts.append(step.help)
        if self.flow.help:
            parts.append(self.flow.help)
        return parts
