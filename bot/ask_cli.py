"""``python -m bot ask QUESTION [--jf ID] [--json]``: exactly the answer the chat gives, as data.

JSON (stable contract): ``{"status", "verdict", "answer", "quote", "citations", "hits",
"calculator"}``; ``hits`` have the shape of ``python -m bot search --json``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from knowledge.ask.answer import answer_question
from knowledge.ask.model import Answer
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


def answer_text(answer: Answer) -> str:
    """Return the answer as the chat shows it, then the further results ("Lihat lainnya")."""
    parts = [answer.text]
    if answer.calculator is not None:
        filled = ", ".join(f"{k} = {v}" for k, v in answer.calculator.prefill.items())
        parts.append(f"Kalkulator: {answer.calculator.flow}"
                     + (f" (sudah terisi: {filled})" if filled else ""))
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
