"""Turn sync tests that drive asyncio by hand into ``async def`` tests (pytest-asyncio auto mode).

    python tools/async_tests.py FILE...   (in place; prints what it skipped and why)
    .venv/bin/ruff check --fix tests      (then: imports sorted, unused ones dropped)

Per file: a function whose own body calls ``asyncio.run(X)`` or ``run_async(X[, timeout])``
becomes ``async def`` with ``await X`` (``await asyncio.wait_for(X, timeout)``); every function
of the file calling a converted function by name becomes async too and awaits the call,
until nothing changes. A file is left alone when a converted function would have to be
awaited inside a lambda, or is referenced without a call (passed as a callback).
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

RUNNERS = {"run_async"}


def _is_runner(call: ast.Call) -> str | None:
    f = call.func
    if isinstance(f, ast.Attribute) and f.attr == "run" and isinstance(f.value, ast.Name) \
            and f.value.id == "asyncio":
        return "asyncio.run"
    if isinstance(f, ast.Name) and f.id in RUNNERS:
        return f.id
    return None


def _own_nodes(fn: ast.AST):
    """Nodes of ``fn``'s body, not descending into nested functions/lambdas/classes."""
    stack = list(ast.iter_child_nodes(fn))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                 ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def convert(source: str) -> tuple[str, str | None]:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child.parent = node  # type: ignore[attr-defined]
    funcs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    by_name: dict[str, list[ast.FunctionDef]] = {}
    for fn in funcs:
        by_name.setdefault(fn.name, []).append(fn)
    todo = {fn for fn in funcs
            if any(isinstance(n, ast.Call) and _is_runner(n) for n in _own_nodes(fn))}
    if not todo:
        return source, None
    while True:
        names = {fn.name for fn in todo}
        more = {fn for fn in funcs if fn not in todo and any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in names
            for n in _own_nodes(fn))}
        if not more:
            break
        todo |= more
    names = {fn.name for fn in todo}
    if any(len(by_name[n]) > 1 for n in names):
        return source, "a converted name is defined twice"
    for lam in (n for n in ast.walk(tree) if isinstance(n, ast.Lambda)):
        for n in ast.walk(lam):
            if isinstance(n, ast.Call) and (_is_runner(n) or (
                    isinstance(n.func, ast.Name) and n.func.id in names)):
                return source, "inside a lambda"
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in names]
    for n in calls:
        parent = n.parent  # type: ignore[attr-defined]
        if not (isinstance(parent, ast.Call) and parent.func is n):
            return source, f"{n.id} used without a call (line {n.lineno})"
    # Edits as (start, end, text) on absolute offsets, applied back to front.
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def pos(lineno: int, col: int) -> int:
        return starts[lineno - 1] + len(lines[lineno - 1].encode()[:col].decode())

    edits: list[tuple[int, int, str]] = []
    for fn in todo:
        at = pos(fn.lineno, fn.col_offset)
        edits.append((at, at, "async "))
        for n in _own_nodes(fn):
            if not isinstance(n, ast.Call):
                continue
            s, e = pos(n.lineno, n.col_offset), pos(n.end_lineno, n.end_col_offset)
            parent = n.parent  # type: ignore[attr-defined]
            wrap = isinstance(parent, (ast.Attribute, ast.Subscript)) or (
                isinstance(parent, ast.Call) and parent.func is n)
            runner = _is_runner(n)
            if runner:
                args = [source[pos(a.lineno, a.col_offset):pos(a.end_lineno, a.end_col_offset)]
                        for a in n.args]
                timeout = next((kw for kw in n.keywords if kw.arg == "timeout"), None)
                if runner == "asyncio.run":
                    if len(args) != 1 or n.keywords:
                        return source, f"asyncio.run with options (line {n.lineno})"
                    text = f"await {args[0]}"
                else:
                    limit = args[1] if len(args) > 1 else (
                        source[pos(timeout.value.lineno, timeout.value.col_offset):
                               pos(timeout.value.end_lineno, timeout.value.end_col_offset)]
                        if timeout else "30.0")
                    text = f"await asyncio.wait_for({args[0]}, {limit})"
                edits.append((s, e, f"({text})" if wrap else text))
            elif isinstance(n.func, ast.Name) and n.func.id in names:
                edits.append((s, s, "(await " if wrap else "await "))
                if wrap:
                    edits.append((e, e, ")"))
    out = source
    for s, e, text in sorted(edits, key=lambda x: (x[0], x[1]), reverse=True):
        out = out[:s] + text + out[e:]
    if "asyncio.wait_for(" in out and not any(
            isinstance(n, ast.Import) and any(a.name == "asyncio" for a in n.names)
            for n in tree.body):
        # after ``from __future__`` (always first in these tests): ruff --fix sorts it
        first = next(n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
                     and getattr(n, "module", None) != "__future__")
        at = out.index(source[pos(first.lineno, 0):pos(first.end_lineno, first.end_col_offset)])
        out = out[:at] + "import asyncio\n" + out[at:]
    return out, None


def main() -> int:
    for name in sys.argv[1:]:
        path = Path(name)
        old = path.read_text()
        new, skipped = convert(old)
        if skipped:
            print(f"skipped {name}: {skipped}")
        elif new != old:
            path.write_text(new)
            print(f"converted {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
