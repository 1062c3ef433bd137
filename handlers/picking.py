"""Option picking: a button or typed text becomes an option token or a value of the step."""

from __future__ import annotations

from dataclasses import replace

from handlers import texts
from handlers.events import ChoiceIn, Event, TextIn
from handlers.flow import (
    FLOW_LINK,
    Ask,
    Choice,
    Date,
    Flow,
    Invalid,
    MultiChoice,
    YesNo,
    clarified,
    exact_option,
    filter_options,
    match_option,
    normalize,
    option_token,
    read_yes_no,
)
from handlers.prompts import Question
from handlers.rendering import Rendering
from handlers.turn import (
    T_ALL,
    T_DONE,
    T_NEXT,
    T_NO,
    T_PREV,
    T_SKIP,
    T_YES,
)
from knowledge.digits import read_index


class Picking(Rendering):
    """The part of a turn that reads a reply to the question on screen."""

    def answer(self, flow: Flow, step: Ask, question: Question, event: Event) -> None:
        """Turn an event into a token or a typed value for ``step`` (raises Invalid)."""
        answers = self.answers()
        pending = self.meta.pop("clarify", None)
        if pending is not None:
            picked, value = clarified(pending, event)
            if not picked and isinstance(event, TextIn):  # "sore" at "03.00 atau 15.00?"
                value = step.reading_named(pending["values"], event.text, answers,
                                           self.context())
                picked = value is not None
            if picked and isinstance(step, Choice) and isinstance(value, str) and any(
                    o.token == value for o in step.options_for(answers)):
                self.pick(flow, step, value)  # "Maksud Anda A atau B?": an option of the step
                return
            if picked:  # the button's label is the reading: no echo needed
                self.accept(flow, step, value)
                return
            question = self.question(flow, step)  # any other reply answers the step anew
        if isinstance(event, ChoiceIn):
            # Listed now, or an option of this step no longer listed (e.g. another page).
            if not any(o.token == event.token for o in question.options) and not (
                    isinstance(step, Choice)
                    and any(o.token == event.token for o in step.options_for(answers))):
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
        if isinstance(step, Date):
            # A date is never one small number: "1" under "1. Lewati" picks that option.
            number = read_index(normalize(text))
            if number is not None and 1 <= number <= len(question.options):
                self.pick(flow, step, question.options[number - 1].token)
                return
        if isinstance(step, MultiChoice):
            self.multi_text(flow, step, text)
            return
        value = step.read(text, answers, self.context())
        line = step.echo(value, answers, text)  # "Dicatat: 1.500." before anything is computed
        if line is not None:
            self.say(line)
        self.accept(flow, step, value)

    def pick(self, flow: Flow, step: Ask, token: str) -> None:
        """Act on an option token of the current question."""
        meta = self.meta
        if token in (T_PREV, T_NEXT):
            meta["page"] = int(meta.get("page", 0)) + (1 if token == T_NEXT else -1)
            self.prompts.append(replace(self.question(flow, step), replaces=True))
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
        self.prompts.append(replace(self.question(flow, step), replaces=True))

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

    def yes_no(self, event: Event, question: Question) -> bool | None:
        """Return True/False for a yes/no reply to ``question``, None when unclear."""
        token = option_token(event, question.options)
        if token == T_YES:
            return True
        if token == T_NO:
            return False
        return read_yes_no(event.text) if isinstance(event, TextIn) else None

