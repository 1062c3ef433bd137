"""``python -m bot calc credit|exam``: the CLI contract, via subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _calc(name: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "calc", name, *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60,
    )


def _ok(name: str, request: dict[str, Any], *args: str) -> dict[str, Any]:
    proc = _calc(name, "--json", *args, stdin=json.dumps(request))
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def test_credit_example_and_projection_with_png(tmp_path: Path) -> None:
    assert _ok("credit", {"jenjang": "ahli_madya", "predikat": "butuh_perbaikan", "bulan": 12})[
        "angka_kredit"] == 28.125
    png = tmp_path / "ak.png"
    out = _ok("credit", {"jenjang": "ahli_pertama", "predikat": "baik", "golongan": "III/a",
                         "ak_saat_ini": "0", "tanggal": "2025-01-01", "hari_ini": "2025-01-01"},
              "--png", str(png))
    # 50 / (12,5/12) = 48 months -> 1 January 2029, itself a (monthly) period
    assert out["proyeksi"]["target"][0]["periode_kenaikan_pangkat"] == "2029-01-01"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_exam_example() -> None:
    out = _ok("exam", {"cat": 80, "seminar": {"sistematika": 8, "isi": 50, "presentasi": 25},
                       "praktik": {"persiapan": 25, "pelaksanaan": 35, "hasil": 28},
                       "wawancara": [80, 90, 70], "ukmsk": 70,
                       "tanggal_rekomendasi": "2025-04-01"})
    assert (out["seminar"], out["praktik"], out["wawancara"]) == (83, 88, 80)
    assert out["berlaku_sampai_tampil"] == "1 April 2027"
    # The CLI fills in today's date (hari_ini), so validity is judged: None would mean unknown.
    assert out["masih_berlaku"] in (True, False)


def test_lists() -> None:
    credit = json.loads(_calc("credit", "--list", "--json").stdout)
    assert len(credit["jenjang"]) == 8
    exam = json.loads(_calc("exam", "--list", "--json").stdout)
    assert exam["seminar"]["isi"] == 60


def test_bad_input_exits_2_without_traceback() -> None:
    cases = [
        ("credit", {"jenjang": "ahli_madya", "predikat": "baik", "bulan": 13}, "bulan"),
        ("credit", {"jenjang": "ahli_pertama", "predikat": "baik", "golongan": "IV/a",
                    "tanggal": "2025-01-01"}, "golongan"),
        ("exam", {"seminar": {"sistematika": 8, "isi": 70, "presentasi": 25}}, "seminar.isi"),
        ("exam", {"wawancara": []}, "wawancara"),
    ]
    for name, request, field in cases:
        proc = _calc(name, "--json", stdin=json.dumps(request))
        assert proc.returncode == 2, (name, request, proc.stderr)
        assert proc.stderr.startswith(f"{field}: ")
        assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_png_refused_without_projection(tmp_path: Path) -> None:
    proc = _calc("credit", "--json", "--png", str(tmp_path / "x.png"),
                 stdin=json.dumps({"jenjang": "ahli_muda", "predikat": "baik"}))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
