"""``python -m bot calc difficulty`` through a subprocess: JSON contract, exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "calc", "difficulty", *args],
                          input=stdin, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_single_request_json() -> None:
    req = {"jf": "penera", "kegiatan": "penera_tera_ulang",
           "bobot": [2, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 1]}
    done = _cli("--json", stdin=json.dumps(req))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    # 2 x 10 + 3 + 1 = 24 -> Tabel 4: 16-26 -> II.
    assert (out["total"], out["class"]) == (24, "II")


def test_list_json() -> None:
    done = _cli("--list", "--json")
    assert done.returncode == 0, done.stderr
    ref = json.loads(done.stdout)
    assert len(ref["kegiatan"]) == 6
    assert ref["kegiatan"][5]["id"] == "pmb_kalibrasi"


def test_xlsx_for_several_instruments(tmp_path: Path) -> None:
    target = tmp_path / "formulir.xlsx"
    req = {"kegiatan": "pmb_pengujian", "instrumen": [
        {"nama": "A", "bobot": [1, 1, 1, 1]}, {"nama": "B", "bobot": [2, 2, 2, 2]}]}
    done = _cli("--json", "--xlsx", str(target), stdin=json.dumps(req))
    assert done.returncode == 0, done.stderr
    # A: 4 x 1 = 4 -> I; B: 4 x 2 = 8 -> Tabel 6: 7-8 -> III.
    assert [r["class"] for r in json.loads(done.stdout)["results"]] == ["I", "III"]
    assert target.read_bytes()[:2] == b"PK"


def test_batch_csv(tmp_path: Path) -> None:
    src = tmp_path / "daftar.csv"
    src.write_text("nama,kegiatan,waktu,jumlah_langkah_pengerjaan,risiko_pengerjaan,"
                   "kesulitan_pengerjaan\nUji,pmb_pengujian,3,3,3,3\n", encoding="utf-8")
    done = _cli("--batch", str(src), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["class"] == "V"  # 12 -> V


@pytest.mark.parametrize("request_", [
    {"kegiatan": "tera_bulan", "bobot": [1] * 12},
    {"jf": "penguji_mutu_barang", "kegiatan": "penera_tera_ulang", "bobot": [1] * 12},
    {"kegiatan": "penera_tera_ulang", "bobot": [1] * 11},
    {"kegiatan": "penera_tera_ulang", "bobot": [5] + [1] * 11},
    {"kegiatan": "pmb_pengujian", "bobot": {"suhu": 1}},
    {"kegiatan": "pmb_pengujian", "bobot": [None, 1, 1, 1], "ukuran": {"waktu": -2}},
    {"kegiatan": "pmb_pengujian", "bobot": [None, 1, 1, 1], "ukuran": {"waktu": "lama"}},
])
def test_bad_input_exits_2_without_traceback(request_: dict[str, object]) -> None:
    done = _cli("--json", stdin=json.dumps(request_))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and done.stderr.strip().endswith(".")


def test_missing_batch_file_exits_2(tmp_path: Path) -> None:
    done = _cli("--batch", str(tmp_path / "tidak_ada.csv"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
