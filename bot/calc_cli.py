"""``python -m bot calc NAME``: JSON request on stdin, JSON (or text) result on stdout."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, overload

from knowledge.calc.contract import CalcOutput
from knowledge.errors import InputError


def calculators() -> dict[str, str]:
    """Return calculator name -> module: the flows that declare a ``calc_module``."""
    from handlers.flows import default_registry

    return default_registry().calculators()


class CalculatorNames(Sequence[str]):
    """The ``calc`` names for argparse ``choices``, read from the flows only when consulted
    (so ``search``, ``console`` and the rest do not import every flow)."""

    def _names(self) -> list[str]:
        return list(calculators())

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        return name in calculators()


# Far above any real request (a formasi with every Tabel 1 row is ~3 KB); read no further.
MAX_REQUEST_BYTES = 1_000_000
# Calculators that compare dates with today: the CLI is where the clock is read.
TODAY_FIELD = {"credit": "hari_ini", "exam": "hari_ini"}


def _constant(name: str) -> Any:
    raise InputError("request", f"{name} bukan angka yang sah; tulis angka biasa, misalnya 12,5.")


def _json_float(text: str) -> Decimal:
    # Kept as written (a Decimal, not a binary float): exact, no conversion cost here, and the
    # calculators bound the digits and the exponent with the field named.
    return Decimal(text)


def _json_int(text: str) -> int | Decimal:
    # A long integer stays a Decimal: int() of thousands of digits is slow (and refused by
    # Python past 4.300 digits); the calculators refuse it by name.
    return int(text) if len(text) <= 18 else Decimal(text)


def _read_request() -> Any:
    raw = sys.stdin.read(MAX_REQUEST_BYTES + 1)
    if len(raw) > MAX_REQUEST_BYTES:
        raise InputError("request", f"terlalu besar (paling banyak {MAX_REQUEST_BYTES:,} "
                         "karakter).".replace(",", "."))
    if not raw.strip():
        raise InputError("request", "kirim permintaan JSON lewat standar input.")
    try:
        return json.loads(raw, parse_constant=_constant, parse_float=_json_float,
                          parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise InputError(
            "request", f"bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno})."
        ) from None
    except RecursionError:
        raise InputError("request", "bertingkat terlalu dalam; kirim objek JSON sederhana "
                         "sesuai contoh.") from None


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
    module = importlib.import_module(calculators()[args.calculator])
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
        today = TODAY_FIELD.get(args.calculator)
        if today is not None and request.get(today) is None:
            request[today] = dt.date.today().isoformat()
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
