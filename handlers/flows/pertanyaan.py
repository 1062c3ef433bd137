"""Pertanyaan masuk (admins only, from ``/admin``): reply to questions forwarded from Tanya,
and see the most frequent unanswered and unhelpful questions (also as CSV).

Pure like every flow: the queue is read once through ``Services.user`` (a
``handlers.feedback.QuestionDesk``) when the flow starts (hidden answers ``antrian`` and
``tersering``); the reply is an effect (``ReplyToQuestion``) the runtime stores and sends to
the asker exactly once through the reminder ledger.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from handlers.feedback import REPLY_MAX, QuestionDesk, ReplyToQuestion, TanyaEffect
from handlers.flow import Answers, Choice, Context, Flow, Services, Show, Step, Text, YesNo
from handlers.flows._admin_parts import ADMIN_TODAY_ZONE
from handlers.flows.admin import admin_only, visible  # the same audience as /admin
from handlers.prompts import Document, Message, Option, Prompt
from knowledge import fmt

QUEUE, FREQUENT = "antrian", "tersering"  # hidden answers: the snapshot at the start
T_FREQUENT = "tersering"
QUESTION_PREFIX = "q:"
LABEL_MAX = 60
KIND_LABELS = {"tidak_terjawab": "tidak terjawab", "tidak_membantu": "tidak membantu"}
CSV_NAME = "pertanyaan_tersering.csv"
CSV_MIME = "text/csv"
NOTHING_WAITING = "Belum ada pertanyaan yang menunggu jawaban."
NOTHING_FREQUENT = "Belum ada pertanyaan yang tidak terjawab atau dinilai tidak membantu."


def _short(text: str, limit: int = LABEL_MAX) -> str:
    """Cut a question at a word boundary for a list row."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _queue(answers: Answers) -> list[dict[str, Any]]:
    return list(answers.get(QUEUE) or [])


def _picked(answers: Answers) -> dict[str, Any]:
    token = str(answers.get("pilih", ""))
    return next(q for q in _queue(answers) if f"{QUESTION_PREFIX}{q['id']}" == token)


def _is_reply(answers: Answers) -> bool:
    return str(answers.get("pilih", "")).startswith(QUESTION_PREFIX)


def options(answers: Answers) -> list[Option]:
    """The waiting questions, oldest first, then the frequent list."""
    rows = [Option(f"{QUESTION_PREFIX}{q['id']}", _short(q["q"]), _short(q["q"], 20),
                   f"Diteruskan {q['tanggal']}") for q in _queue(answers)]
    rows.append(Option(T_FREQUENT, "Pertanyaan tersering (dan CSV)", "Tersering & CSV"))
    return rows


def _choose_question(answers: Answers) -> str:
    n = len(_queue(answers))
    if not n:
        return f"{NOTHING_WAITING} Pilih \"Pertanyaan tersering\" untuk melihat ringkasan."
    return (f"Pertanyaan masuk: {fmt.number(n)} menunggu jawaban. Pilih pertanyaan untuk "
            "dijawab.")


def _reply_question(answers: Answers) -> str:
    return f"Pertanyaan: \"{_picked(answers)['q']}\"\n\nTulis jawaban Anda untuk penanya."


def _confirm_question(answers: Answers) -> str:
    return f"Jawaban:\n{answers['jawab']}\n\nKirim jawaban ini ke penanya?"


def frequent_csv(rows: list[dict[str, Any]]) -> bytes:
    """Return the frequent questions as CSV (UTF-8 with BOM, so spreadsheets read it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["pertanyaan", "jenis", "jumlah"])
    for row in rows:
        writer.writerow([row["q"], KIND_LABELS.get(row["kind"], row["kind"]), row["n"]])
    return out.getvalue().encode("utf-8-sig")


def render_frequent(answers: Answers, services: Services) -> list[Prompt]:
    """List the most frequent unanswered / unhelpful questions, and attach them as CSV."""
    rows = list(answers.get(FREQUENT) or [])
    if not rows:
        return [Message(NOTHING_FREQUENT)]
    lines = ["Pertanyaan tersering yang tidak terjawab atau tidak membantu:"]
    lines += [f"{i}. {_short(r['q'])} — {fmt.number(r['n'])}× "
              f"({KIND_LABELS.get(r['kind'], r['kind'])})" for i, r in enumerate(rows, 1)]
    return [Message("\n".join(lines)),
            Document(CSV_NAME, frequent_csv(rows), CSV_MIME, "Pertanyaan tersering (CSV)")]


def act_reply(answers: Answers, services: Services, context: Context) -> list[TanyaEffect]:
    """Ask the runtime to store the reply and send it to the asker."""
    return [ReplyToQuestion(int(_picked(answers)["id"]), answers["jawab"])]


def steps(answers: Answers) -> list[Step]:
    """Return every step; the first choice picks replying or the frequent list."""
    return [
        Choice(id="pilih", text=_choose_question, options=options, page_size=8,
               help="Jawaban Anda dikirim ke penanya di kanal yang ia pakai, satu kali."),
        Show(id="tersering", when=lambda a: a.get("pilih") == T_FREQUENT,
             render=render_frequent),
        Text(id="jawab", when=_is_reply, text=_reply_question, max_length=REPLY_MAX,
             hint=f"Paling banyak {fmt.number(REPLY_MAX)} karakter."),
        YesNo(id="kirim", when=_is_reply, text=_confirm_question),
        Show(id="terkirim", when=lambda a: _is_reply(a) and a.get("kirim") is True,
             render=lambda a, s: [Message("Jawaban dikirim ke penanya.")],
             act=admin_only(act_reply)),
        Show(id="batal", when=lambda a: _is_reply(a) and a.get("kirim") is False,
             render=lambda a, s: [Message("Jawaban tidak dikirim.")]),
    ]


def _day(moment: dt.datetime) -> str:
    return fmt.date(moment.astimezone(ADMIN_TODAY_ZONE).date())


def prefill(services: Services, context: Context) -> dict[str, Any]:
    """Return the hidden snapshot of the queue and the frequent list (read once)."""
    desk = services.user if isinstance(services.user, QuestionDesk) else None
    if desk is None:
        return {QUEUE: [], FREQUENT: []}
    queue = [{"id": q.id, "q": q.question, "tanggal": _day(q.forwarded_at)}
             for q in desk.waiting_questions()]
    frequent = [{"q": f.question, "kind": f.kind, "n": f.count}
                for f in desk.frequent_questions()]
    return {QUEUE: queue, FREQUENT: frequent}


FLOW = Flow(
    id="pertanyaan",
    menu_position=100,
    title="Pertanyaan masuk",
    steps=steps,
    help="Pertanyaan yang diteruskan pengguna dari Tanya aturan menunggu jawaban Anda di sini.",
    progress=lambda step_id, answers: "",  # a queue and a reply: no "Langkah i dari n"
    prefill=prefill,
    visible=visible,
    in_menu=False,
    again="Pertanyaan lainnya",
)
