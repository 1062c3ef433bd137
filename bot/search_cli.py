"""``python -m bot search QUERY``: best passages as JSON (stable contract) or Indonesian text."""

from __future__ import annotations

import argparse
import json

from knowledge.search import default_index
from knowledge.search.engine import check_request
from knowledge.search.render import hit_json, hits_text


def run_search(args: argparse.Namespace) -> int:
    """Search the knowledge base as the CLI contract describes; return the exit status."""
    # Bad arguments are reported before the (heavier) index is built.
    check_request(
        args.query, jf=args.jf, value=args.value, source=args.source, limit=args.limit
    )
    index = default_index()
    hits = index.search(
        args.query,
        jf=args.jf,
        value=args.value,
        kind=args.kind,
        source=args.source,
        limit=args.limit,
    )
    if args.json:
        print(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=1))
        return 0
    print(hits_text(hits))
    if hits and not index.is_good_match(hits):
        print("\nCatatan: hasil di atas kurang cocok; coba kata kunci lain.")
    return 0
