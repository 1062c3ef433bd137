"""``python -m bot ask QUESTION [--jf ID] [--json]``: exactly the answer the chat gives, as data.

JSON (stable contract): ``{"status", "verdict", "answer", "quote", "citations", "hits",
"calculator"}``; ``hits`` have the shape of ``python -m bot search --json``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from knowledge.ask.answer import answer_question
from knowledge.ask.model import Answer, CalculatorOffer
from knowledge.calc import difficulty
from knowledge.ids import CATEGORY_LABELS, JENJANG_LABELS, JF_LABELS, PREDIKAT_LABELS
from knowledge.search import default_index
from knowledge.search.engine import check_request
from knowledge.search.render import hit_json


def answer_json(answer: Answer) -> dict[str, Any]:
    """Return the CLI JSON shape of an answer."""
    offer = answer.calculator
    return {
        "status": answer.status,
        "verdict": answer.verdict,
        "answer": answer.text,
        "quote": answer.quote,
        "citations": list(answer.citations),
        "hits": [hit_json(h) for h in answer.hits],
        "calculator": None if offer is None else {"flow": offer.flow,
                                                  "prefill": dict(offer.prefill)},
    }


CALCULATOR_TITLES = {"credit": "Angka kredit", "difficulty": "Tingkat kesulitan",
                     "formation": "Formasi (kebutuhan JF)", "exam": "Nilai uji kompetensi"}


def offer_line(offer: CalculatorOffer) -> str:
    """Return the calculator offered and what it starts with, in the users' words (the
    chat's "Buka …" button; ``--json`` keeps the ids)."""
    labels = {**JF_LABELS, **JENJANG_LABELS, **PREDIKAT_LABELS, **CATEGORY_LABELS,
              **{k["id"]: k["label"] for k in difficulty.reference()["kegiatan"]}}
    filled = [labels[v] for v in offer.prefill.values() if isinstance(v, str) and v in labels]
    title = CALCULATOR_TITLES.get(offer.flow, offer.flow)
    return (f"Kalkulator {title} siap dibuka"
            + (f"; sudah terisi: {', '.join(filled)}." if filled else "."))


def answer_text(answer: Answer) -> str:
    """Return the answer as the chat shows it, then the further results ("Lihat lainnya")."""
    parts = [answer.text]
    if answer.calculator is not None:
        parts.append(offer_line(answer.calculator))
    for i, more in enumerate(answer.more, 2):
        # A list continues as it is; further results are numbered as the chat numbers them.
        parts.append(more if answer.listing else f"Hasil lain {i}:\n{more}")
    return "\n\n".join(parts)


def run_ask(args: argparse.Namespace) -> int:
    """Answer one question as the CLI contract describes; return the exit status."""
    # Bad arguments are reported before the (heavier) index is built.
    check_request(args.question, jf=args.jf)
    answer = answer_question(default_index(), args.question, jf=args.jf)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=1))
    else:
        print(answer_text(answer))
    return 0
