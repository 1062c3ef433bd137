"""``python -m bot calc NAME``: JSON request on stdin, JSON (or text) result on stdout."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from knowledge.calc.contract import CalcOutput
from knowledge.errors import InputError

MODULES = {
    "formation": "knowledge.calc.formation",
    "difficulty": "knowledge.calc.difficulty",
    "credit": "knowledge.calc.credit",
    "exam": "knowledge.calc.exam",
}


def _read_request() -> Any:
    raw = sys.stdin.read()
    if not raw.strip():
        raise InputError("request", "kirim permintaan JSON lewat standar input.")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            "request", f"bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno})."
        ) from None


def _run_batch(calculator: str, path: Path) -> CalcOutput:
    """Classify a filled instrument list (``calc difficulty --batch PATH``)."""
    if calculator != "difficulty":
        raise InputError("--batch", "hanya tersedia untuk calc difficulty.")
    if not path.is_file():
        raise InputError("--batch", f"berkas {path} tidak ditemukan.")
    from knowledge.calc.difficulty_batch import run_batch

    return run_batch(path.name, path.read_bytes())


def run_calc(args: argparse.Namespace) -> int:
    """Run one calculator as the CLI contract describes; return the exit status."""
    module = importlib.import_module(MODULES[args.calculator])
    if args.list:
        print(json.dumps(module.reference(), ensure_ascii=False, indent=1))
        return 0
    batch = getattr(args, "batch", None)
    if batch is not None:
        out: CalcOutput = _run_batch(args.calculator, batch)
    else:
        request = _read_request()
        if not isinstance(request, dict):
            raise InputError("request", "harus berupa objek JSON {...}.")
        out = module.run(request)
    if args.xlsx is not None:
        if out.xlsx is None:
            raise InputError("--xlsx", "kalkulator ini tidak menghasilkan formulir XLSX.")
        args.xlsx.write_bytes(out.xlsx())
    if args.png is not None:
        if out.png is None:
            raise InputError("--png", "kalkulator ini tidak menghasilkan grafik.")
        args.png.write_bytes(out.png())
    if args.json:
        print(json.dumps(out.json, ensure_ascii=False, indent=1))
    else:
        print(out.text)
    return 0
