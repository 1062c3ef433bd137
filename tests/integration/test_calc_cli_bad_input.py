"""Every bad calculator request ends with exit 2 and one Indonesian sentence (never exit 1).

Run in-process through ``bot.cli.main`` with stdin replaced: the real argument parsing, JSON
reading and calculators, without a subprocess per case. (Their cost is measured in
bench/calc_bad_input_bench.py, not here.)
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from bot.cli import main

FORMATION = {"jf": "analis_perdagangan",
             "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 30}]}
NESTED = "[" * 100_000 + "]" * 100_000


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str,
         stdin: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["calc", name, "--json"])
    return code, capsys.readouterr().err


def _volume(text: str) -> str:
    return json.dumps(FORMATION).replace('"volume": 30', f'"volume": {text}')


@pytest.mark.parametrize(
    ("name", "stdin", "expected"),
    [
        ("formation", _volume("NaN"), "request: NaN bukan angka yang sah"),
        ("formation", _volume("Infinity"), "request: Infinity bukan angka yang sah"),
        ("formation", _volume("-Infinity"), "request: -Infinity bukan angka yang sah"),
        ("formation", _volume("1e309"), "outputs[0].volume: angka terlalu panjang"),
        ("formation", _volume("1e999999"), "outputs[0].volume: angka terlalu panjang"),
        ("formation", _volume("9" * 5000), "outputs[0].volume: angka terlalu panjang"),
        ("formation", _volume("0." + "1" * 5000), "outputs[0].volume: angka terlalu panjang"),
        ("formation", _volume('"' + "9" * 5000 + '"'), "outputs[0].volume: angka terlalu"),
        ("formation", NESTED, "request: bertingkat terlalu dalam"),
        ("formation", json.dumps({**FORMATION, "bezetting": {"ahli_pertama": 10**30}}),
         "bezetting.ahli_pertama: angka terlalu panjang"),
        ("formation", json.dumps({**FORMATION, "instansi": "x" * 900_000}),
         "instansi: terlalu panjang"),
        ("formation", " " * 1_000_001, "request: terlalu besar"),
        ("credit", json.dumps({"jenjang": "ahli_pertama", "predikat": "baik", "bulann": 6}),
         "bulann: kolom tidak dikenal"),
        ("exam", json.dumps({"cat": 80, "ukmks": 70}), "ukmks: kolom tidak dikenal"),
        ("exam", '{"cat": NaN}', "request: NaN bukan angka yang sah"),
        ("difficulty", json.dumps({"kegiatan": "x", "nama": "n" * 5000}), "nama: terlalu"),
        ("credit", json.dumps({"jenjang": "ahli_pertama", "predikat": "baik",
                               "golongan": "III/a", "ak_saat_ini": 10**6,
                               "tanggal": "2026-01-01"}), "ak_saat_ini: 200 adalah batas"),
    ],
)
def test_bad_request_exits_2_with_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str,
    stdin: str, expected: str,
) -> None:
    code, err = _run(monkeypatch, capsys, name, stdin)
    assert code == 2, err
    assert err.startswith(expected), err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_numbers_keep_their_written_value(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    # 64.99 is read as written (not as the binary float 64.98999…): 64,995 → shown 64,99.
    monkeypatch.setattr("sys.stdin", io.StringIO('{"cat": 64.99, "ukmsk": 65}'))
    assert main(["calc", "exam", "--json"]) == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert (out["nilai_akhir_tampil"], out["rekomendasi"]) == ("64,99", "tidak_lulus")
