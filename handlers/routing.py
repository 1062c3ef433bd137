"""Routing one event: reminder buttons, commands, pending offers (/hapus_data, resume after
a pause), stale buttons, the menu and free text outside a flow, then the conversation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import handlers.reminders.messages as messages
from handlers import texts
from handlers.commands import Command, command_text, parse_command
from handlers.conversation import Conversation, OpenFlow, Reply
from handlers.domain.effects import MarkDone, Snooze, StopKind
from handlers.events import ChoiceIn, Event, NotText, TextIn
from handlers.flow import (
    Flow,
    option_token,
)
from handlers.prompts import Prompt, Question
from handlers.reminders.buttons import (
    T_REM_DONE,
    T_REM_RECORD_PREDIKAT,
    T_REM_SNOOZE_DAY,
    T_REM_SNOOZE_WEEK,
    T_REM_STOP_KIND,
    delivery_of_step_token,
)
from handlers.replies.when import PART_HOURS
from handlers.state import ChatState
from handlers.turn import (
    END,
    MENU_FLOW,
    MENU_HELP,
    PREDIKAT_FLOW,
    T_RESTART,
    T_RESUME,
    Active,
    EraseUserData,
)
from handlers.walking import Walking


class Routing(Walking):
    """The part of a turn that decides where an event goes."""

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
        command = self.typed_command(event)
        if command is Command.GREET and self.answers_day_part(event):
            command = None  # "sore" at "Jam berapa?" is the answer, not a greeting
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
        else:
            active = self.active()
            if active is None:  # a flow removed since the state was saved
                self.reset()
                self.prompts.extend(self.menu())
            else:
                active.handle(event)

    def revoked(self, event: Event) -> bool:
        """Leave a flow the user may no longer use (an admin removed from ADMIN_IDS): one
        sentence, then the menu (or the command typed). Rights are judged on every event."""
        flow = self.flow()
        if flow is None or self.may_start(flow):
            return False
        self.reset()
        self.meta.pop("resume", None)
        self.say(texts.ACCESS_REVOKED)
        command = self.typed_command(event)
        if command is not None:
            self.command(command)
        else:
            self.prompts.extend(self.menu())
        return True

    def answers_day_part(self, event: Event) -> bool:
        """Return True when the text is "pagi"/"siang"/"sore"/"malam" and the question on
        screen takes it as its answer (a time)."""
        flow = self.flow()
        if not isinstance(event, TextIn) or command_text(event.text) not in PART_HOURS \
                or flow is None or self.st.step in (None, END) or self.meta.get("erase") \
                or self.meta.get("resume"):
            return False
        return self.current_step(flow).day_parts

    def typed_command(self, event: Event) -> Command | Flow | None:
        """Return the command a text is: a flow's own command ("/profil") first, then the
        engine's; None for ordinary text and buttons."""
        if not isinstance(event, TextIn):
            return None
        flow = self.services.flows().match_command(event.text)
        return flow if flow is not None else parse_command(event.text)

    def current(self) -> list[Prompt]:
        """Return the prompts that ask the current question again."""
        if self.meta.get("erase"):
            return [self.erase_question()]
        if self.meta.get("resume"):
            return [self.resume_question()]
        active = self.active()
        if active is None:
            self.reset()
            return self.menu()
        return active.current()

    def command(self, command: Command | Flow) -> None:
        """Carry out a command (they work everywhere, also during a pending offer); a flow's
        command starts that flow (if this user may)."""
        self.meta.pop("resume", None)
        if command is not Command.ERASE:
            self.meta.pop("erase", None)
        if isinstance(command, Flow):
            self.reset()
            self.launch(command)
            return
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
            active = self.active()
            title = active.title if active else None
            self.reset()
            self.say(texts.CANCELLED.format(title=title) if title else texts.NOTHING_TO_CANCEL)
            self.prompts.extend(self.menu())
        elif command is Command.BACK:
            self.back()
        elif command is Command.HELP:
            self.help()
        else:
            self.meta["erase"] = True
            self.prompts.append(self.erase_question())

    def back(self) -> None:
        """Ask the previous question again, showing the earlier answer."""
        active = self.active()
        if active is None:
            self.say(texts.NOTHING_TO_GO_BACK)
            self.prompts.extend(self.menu())
            return
        active.back()

    def help(self) -> None:
        """Explain the current step (or the assistant), then ask the same question again."""
        active = self.active()
        if active is None:
            self.say(texts.HELP_GENERAL)
        else:
            self.say(" ".join([*active.help(), texts.HELP_IN_FLOW]))
        self.prompts.extend(self.current())

    def erase_reply(self, event: Event) -> None:
        """Erase on "Ya", keep on "Tidak", else ask again."""
        answer = self.yes_no(event, self.erase_question())
        if answer is None:
            self.say(texts.YES_NO_EXPECTED)
            self.prompts.append(self.erase_question())
        elif answer:
            # Read before the effect runs, in the same transaction: exactly what it deletes.
            items = self.stored_items()
            self.effects.append(EraseUserData())
            self.st = ChatState()
            self.say(texts.ERASE_DONE_LIST.format(items=items) if items else texts.ERASE_DONE)
        else:
            self.meta.pop("erase", None)
            self.say(texts.ERASE_KEPT)
            self.prompts.extend(self.current())

    def is_idle(self) -> bool:
        """Return True when a calculator flow was left mid-way longer than the idle limit."""
        active = self.active() if self.st.flow is not None else None
        if active is None or not active.resumable() or self.st.updated_at is None:
            return False
        return self.now - self.st.updated_at > dt.timedelta(minutes=self.services.idle_minutes)

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

    def launch(self, flow: Flow, text: str | None = None,
               given: dict[str, Any] | None = None) -> None:
        """Start a flow if the user may; else say so and show the menu."""
        if not self.may_start(flow):
            self.reset()
            self.say(texts.FLOW_NOT_VISIBLE)
            self.prompts.extend(self.menu())
            return
        self.start_flow(flow, text, given)

    def opened_by(self, text: str) -> Flow | None:
        """Return the flow a typed text starts: its ``opens`` test first, then the keywords."""
        for flow in self.services.flows().flows:
            if flow.opens is not None and flow.opens(text):
                return flow
        return self.services.flows().match_keyword(text)

    def outside(self, event: Event) -> None:
        """Handle a menu choice; other text names a flow or is a question for Tanya."""
        menu = self.menu()[-1]
        assert isinstance(menu, Question)
        token = option_token(event, menu.options)
        if token is None and isinstance(event, TextIn):
            flow = self.opened_by(event.text)
            fallback = self.services.flows().fallback()
            if flow is not None:
                self.launch(flow, event.text)
            elif fallback is not None:
                self.host(fallback, fallback.start(self.st, self.services, self.context(),
                                                   event.text))
            else:
                self.say(texts.HELP_GENERAL)
                self.prompts.append(menu)
            return
        conversation = self.services.flows().conversation(token)
        if token is None:
            self.say(texts.STALE_BUTTON)
            self.prompts.append(menu)
        elif conversation is not None:
            self.host(conversation, conversation.start(self.st, self.services, self.context(),
                                                       None))
        elif token == MENU_HELP:
            self.say(texts.HELP_GENERAL)
            self.prompts.append(menu)
        else:
            flow = self.services.flows().get(token.removeprefix(MENU_FLOW))
            if flow is None:
                self.prompts.append(menu)
            else:
                self.launch(flow)

    def active(self) -> Active | None:
        """Return the conversation the user is in (a hosted one or a declarative flow)."""
        conversation = self.services.flows().conversation(self.st.flow)
        if conversation is not None:
            return Hosted(self, conversation)
        flow = self.flow()
        return self.flow_conversation(flow) if flow is not None else None

    def host(self, conversation: Conversation, reply: Reply) -> None:
        """Carry out a hosted conversation's reply: send, do, and leave where it says."""
        self.prompts.extend(reply.prompts)
        self.effects.extend(reply.effects)
        if reply.leave == "menu":
            self.reset()
            self.prompts.extend(self.menu())
        elif isinstance(reply.leave, OpenFlow):
            flow = self.services.flows().get(reply.leave.flow)
            self.reset()
            if flow is None:
                self.prompts.extend(self.menu())
            else:
                self.launch(flow, reply.leave.text, reply.leave.given)


class Hosted:
    """A hand-written conversation (``handlers.conversation.Conversation``) inside a turn."""

    def __init__(self, turn: Routing, conversation: Conversation) -> None:
        self.turn, self.conversation = turn, conversation
        self.title = conversation.title

    def resumable(self) -> bool:
        """Return False: a question needs no "Lanjutkan" after a pause."""
        return False

    def current(self) -> list[Prompt]:
        """Return the conversation's current question."""
        return self.conversation.current(self.turn.st, self.turn.services)

    def handle(self, event: Event) -> None:
        """Let the conversation answer the event."""
        t = self.turn
        t.host(self.conversation, self.conversation.handle(t.st, event, t.services, t.context()))

    def back(self) -> None:
        """Let the conversation answer /kembali."""
        t = self.turn
        t.host(self.conversation, self.conversation.back(t.st, t.services))

    def help(self) -> list[str]:
        """Return the conversation's /bantuan text."""
        return [self.conversation.help(self.turn.st, self.turn.services)]
