"""Question rendering and paging: a step becomes a ``Question`` with its progress, hint and
options (at most ``MAX_OPTIONS`` per page), and the engine's own questions (menu, end,
pending offers)."""

from __future__ import annotations

from handlers import texts
from handlers.domain.stored_data import stored_lines
from handlers.flow import (
    Ask,
    Choice,
    Date,
    Flow,
    MultiChoice,
    Number,
    YesNo,
    clarify_options,
    clarify_text,
    filter_options,
    progress_line,
    step_token,
)
from handlers.prompts import Option, Prompt, Question
from handlers.turn import (
    END,
    MAX_OPTIONS,
    MENU_FLOW,
    MENU_HELP,
    T_AGAIN,
    T_ALL,
    T_DONE,
    T_MENU,
    T_NEXT,
    T_NO,
    T_PREV,
    T_RESTART,
    T_RESUME,
    T_SKIP,
    T_YES,
    TurnBase,
)


class Rendering(TurnBase):
    """The part of a turn that renders questions."""

    def question(self, flow: Flow, step: Ask, *, previous: bool = False) -> Question:
        """Return the question of ``step`` with progress, hint, options and paging."""
        answers = self.answers()
        lines = [step.question(answers)]
        pending = self.meta.get("clarify")
        if pending is not None:
            return Question(clarify_text(pending), step_token(flow.id, step.id, "clarify",
                                                              *pending["labels"]),
                            clarify_options(pending))
        if previous and step.id in answers:
            lines.insert(0, texts.PREVIOUS_ANSWER.format(value=step.display(answers[step.id],
                                                                            answers)))
        progress = flow.progress(step.id, answers) if flow.progress is not None else None
        if progress == "":
            progress = None  # the flow wants no progress line on this question
        elif progress is None:
            progress = progress_line(flow.questions(answers), step.id, answers)
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

    def picked(self, step: MultiChoice) -> list[str]:
        """Return the options picked so far (starting from the earlier answer after /kembali)."""
        if "picked" not in self.meta:
            earlier = self.st.answers.get(step.id)
            self.meta["picked"] = list(earlier) if isinstance(earlier, list) else []
        picked: list[str] = self.meta["picked"]
        return picked

    def end_question(self, flow: Flow) -> Question:
        """Return the question after a result: again, or the menu."""
        return Question(texts.END_QUESTION, step_token(flow.id, END),
                        (Option(T_AGAIN, flow.again or texts.END_AGAIN),
                         Option(T_MENU, texts.END_MENU)))

    def erase_question(self) -> Question:
        """Return the /hapus_data confirmation, listing what will be erased."""
        items = self.stored_items()
        text = (texts.ERASE_QUESTION_LIST.format(items=items) if items
                else texts.ERASE_QUESTION)
        return Question(text, step_token("erase"),
                        (Option(T_YES, texts.ERASE_CONFIRM), Option(T_NO, texts.ERASE_CANCEL)))

    def stored_items(self) -> str:
        """Return the bulleted list of what /hapus_data erases now ("" without storage)."""
        user = self.services.user
        if user is None:
            return ""
        return "\n".join(f"- {line}" for line in stored_lines(user.stored_counts()))

    def resume_question(self) -> Question:
        """Return the "Lanjutkan / Mulai dari awal" offer after a long pause."""
        flow = self.flow()
        title = flow.title if flow else ""
        return Question(texts.RESUME_QUESTION.format(title=title),
                        step_token(self.st.flow, "resume"),
                        (Option(T_RESUME, texts.RESUME_CONTINUE),
                         Option(T_RESTART, texts.RESUME_RESTART)))

    def menu(self) -> list[Prompt]:
        """Return the main menu (only the flows the registry has that this user may start)."""
        options = [Option(MENU_FLOW + f.id, f.title, f.short) for f in self.services.flows().flows
                   if f.in_menu and self.may_start(f)]
        options += [Option(c.id, c.title, c.short)
                    for c in self.services.flows().conversations.values()]
        options.append(Option(MENU_HELP, texts.MENU_HELP))
        return [Question(texts.MENU_QUESTION, step_token("menu", *(o.token for o in options)),
                         tuple(options))]

