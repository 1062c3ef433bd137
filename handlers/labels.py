"""Button labels that fit a phone: every label of a question within a channel's limit, all
still distinct (channel-neutral; Telegram uses ``TELEGRAM_BUTTON_MAX``).

Labels that differ only in a long tail ("Laporan … (SKR 1,5)" / "Laporan … (SKR 2)") keep the
part that tells them apart: a label is cut at a word boundary with "…"; when two cut labels
would read the same, each keeps its start and the words from where the labels first differ.
The full wording stays in the message body (``shortened_lines``), numbered as the option, so a
typed number still picks it.
"""

from __future__ import annotations

from collections.abc import Sequence

TELEGRAM_BUTTON_MAX = 30  # visible characters of an inline button on a phone
ELLIPSIS = "…"
MARK = "✓ "  # handlers.texts.MULTI_MARK: the tick the engine puts on a picked option


def cut(text: str, limit: int) -> str:
    """Return ``text`` within ``limit`` characters: cut at a word boundary, ending in "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = text[:limit - 1]
    if text[limit - 1] != " " and len(room.rsplit(" ", 1)[0]) >= limit // 2:
        room = room.rsplit(" ", 1)[0]  # no half word at the end (unless the word is long)
    return room.rstrip(" ,;:-(") + ELLIPSIS


def _distinct(words: list[str], common: int, limit: int) -> str:
    """Return the start of a label and its words from ``common`` on, within ``limit``."""
    opened = [i for i in range(common) if "(" in words[i] and ")" not in " ".join(words[i:common])]
    if opened:  # the difference is inside a bracket: keep it whole ("(SKR 1,5)")
        common = opened[-1]
    tail = " ".join(words[common:])
    head_room = limit - min(len(tail), limit // 2) - 2
    head = cut(" ".join(words[:common]), max(head_room, 1)).removesuffix(ELLIPSIS)
    return cut(f"{head}{ELLIPSIS} {tail}" if head else tail, limit)


def _common_words(group: Sequence[list[str]]) -> int:
    """Return how many leading words every label of the group shares."""
    n = 0
    while all(len(w) > n for w in group) and len({w[n] for w in group}) == 1:
        n += 1
    return n


def fit_labels(labels: Sequence[str], limit: int, mark: str = MARK) -> list[str]:
    """Return the labels, each within ``limit`` characters and all distinct (when the input
    labels are); short labels are kept as they are. A leading ``mark`` (the tick of a picked
    option) is kept and not counted when labels are compared."""
    marked = [label.startswith(mark) for label in labels]
    bare = [label.removeprefix(mark) if m else label for label, m in zip(labels, marked,
                                                                          strict=True)]
    room = [limit - len(mark) if m else limit for m in marked]
    fitted = _fit(bare, room)
    return [mark + short if m else short for short, m in zip(fitted, marked, strict=True)]


def _fit(labels: Sequence[str], limits: Sequence[int]) -> list[str]:
    out = [cut(label, limit) for label, limit in zip(labels, limits, strict=True)]
    for _ in range(2):  # the second round settles look-alikes the first one created
        clashes: dict[str, list[int]] = {}
        for i, short in enumerate(out):
            clashes.setdefault(short, []).append(i)
        for indices in clashes.values():
            if len(indices) < 2:
                continue
            words = [labels[i].split() for i in indices]
            common = _common_words(words)
            for i, w in zip(indices, words, strict=True):
                if len(labels[i]) > limits[i]:
                    out[i] = _distinct(w, common, limits[i])
    seen: dict[str, int] = {}
    for i, short in enumerate(out):
        if short in seen and labels[i] != labels[seen[short]]:
            # Still alike (the differing words are past the limit): the option number decides.
            number = f"{i + 1}. "
            out[i] = number + cut(labels[i], limits[i] - len(number))
        seen.setdefault(out[i], i)
    return out


def shortened_lines(labels: Sequence[str], shown: Sequence[str]) -> list[str]:
    """Return "n. full label" for every option whose button shows less than its label."""
    return [f"{n}. {label}" for n, (label, short) in enumerate(zip(labels, shown, strict=True), 1)
            if short != " ".join(label.split())]
