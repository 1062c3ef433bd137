"""``python -m bot calc formation``: the CLI contract, run as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "calc", "formation", *args],
        cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=60,
    )


def test_contract_example() -> None:
    request: dict[str, Any] = {
        "jf": "analis_perdagangan", "category": "keahlian",
        "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 30}],
        "national_impact": True, "bezetting": {"ahli_pertama": 1},
    }
    proc = _cli("--json", stdin=json.dumps(request))
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    # 30 / 4.63 × 43 % = 2.786 → 3; bezetting 1 → lowongan 2 (see tests/unit/test_formation).
    assert res["per_jenjang"]["ahli_pertama"] == {**res["per_jenjang"]["ahli_pertama"],
                                                  "raw": 2.78, "need": 3, "lowongan": 2}
    assert res["total_need"] == 6


def test_text_output_is_indonesian() -> None:
    proc = _cli(stdin=json.dumps({"jf": "pengamat_tera", "outputs": [
        {"id": "pengamat_tera-keterampilan-02", "volume": "15000"}]}))
    assert proc.returncode == 0, proc.stderr
    assert "0,60 → 1 orang" in proc.stdout


def test_list() -> None:
    proc = _cli("--list", "--json")
    assert proc.returncode == 0, proc.stderr
    ref = json.loads(proc.stdout)
    assert len(ref["rows"]) == 54
    assert {"id", "jf", "category", "hasil_akhir", "definisi_operasional", "skr",
            "kontribusi"} <= set(ref["rows"][0])


def test_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "formasi.xlsx"
    proc = _cli("--json", "--xlsx", str(path), stdin=json.dumps({
        "jf": "penguji_mutu_barang", "category": "keterampilan",
        "outputs": [{"id": "penguji_mutu_barang-keterampilan-01", "volume": 500}]}))
    assert proc.returncode == 0, proc.stderr
    assert load_workbook(path).sheetnames == ["Perhitungan", "Usulan"]


@pytest.mark.parametrize(
    "request_text",
    [
        json.dumps({"jf": "analis_perdagangan", "outputs": []}),
        json.dumps({"jf": "analis_perdagangan",
                    "outputs": [{"id": "penera-keahlian-01", "volume": 1}]}),
        json.dumps({"jf": "analis_perdagangan",
                    "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": -3}]}),
        json.dumps({"jf": "analis_perdagangan", "bezetting": {"ahli_muda": -1},
                    "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 3}]}),
        json.dumps({"jf": "kepala_dinas", "outputs": [{"id": "x", "volume": 1}]}),
        "{not json",
    ],
)
def test_bad_input_exits_2_without_traceback(request_text: str) -> None:
    proc = _cli("--json", stdin=request_text)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_number_beyond_the_limit_is_one_sentence_and_exit_2() -> None:
    # Issue 9: "1e309" or 5,000 digits was accepted and Decimal.quantize then raised.
    for volume in ("1e309", 1e308, "9" * 5000):
        proc = _cli(stdin=json.dumps({"jf": "pengamat_tera", "outputs": [
            {"id": "pengamat_tera-keterampilan-01", "volume": volume}]}))
        assert proc.returncode == 2, proc
        assert "outputs[0].volume: " in proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr and "kesalahan" not in proc.stderr
