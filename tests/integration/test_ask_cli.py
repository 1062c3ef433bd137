"""``python -m bot ask`` through a real subprocess: the stable CLI contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"status", "verdict", "answer", "quote", "citations", "hits", "calculator"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


def test_json_answer_has_exactly_the_contract_fields() -> None:
    out = _run("ask", "penera boleh terima gratifikasi?", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == KEYS
    assert data["status"] == "answered" and data["verdict"] == "dilarang"
    assert data["answer"].startswith("Tidak boleh. Bagi Penera, menerima gratifikasi")
    assert data["quote"] in data["answer"]
    assert len(data["citations"]) == 1
    assert data["citations"][0].endswith(data["hits"][0]["section"])
    assert data["calculator"] is None
    # Hits keep the shape of ``python -m bot search --json``.
    search = json.loads(_run("search", "penera boleh terima gratifikasi?", "--json").stdout)
    assert [h["id"] for h in data["hits"]] == [h["id"] for h in search]
    assert all(set(h) == set(search[0]) for h in data["hits"])


def test_calculator_question_offers_the_flow_with_prefill() -> None:
    out = _run("ask", "brp ak sy kalo predikat baik", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["status"] == "calculator"
    assert data["calculator"] == {"flow": "credit",
                                  "prefill": {"predikat": "baik", "jenis": "konversi"}}


def test_text_output_is_the_chat_answer_in_indonesian() -> None:
    out = _run("ask", "wasdag boleh terima parsel lebaran", "--jf", "pengawas_perdagangan")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Tidak boleh. Bagi Pengawas Perdagangan,")
    assert "Sumber: " in out.stdout


def test_bad_input_exits_2_with_one_sentence() -> None:
    for args in (("ask", "  ?! "), ("ask", "gratifikasi", "--jf", "tukang_tera")):
        out = _run(*args)
        assert out.returncode == 2
        assert out.stdout == ""
        assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_text_output_names_the_calculator_in_the_users_words() -> None:
    out = _run("ask", "sy ahli muda, predikat baik 2 tahun, cukup ga AK buat naik pangkat?")
    assert out.returncode == 0, out.stderr
    assert "Kalkulator Angka kredit siap dibuka; sudah terisi: Ahli Muda, Baik." in out.stdout
    assert "credit" not in out.stdout and "ahli_muda" not in out.stdout


def test_a_usage_error_is_said_in_indonesian() -> None:
    """argparse's English messages are said in Indonesian, the usage line headed so too."""
    for args, said in ((("ask",), "argumen wajib belum diisi: question."),
                       (("ask", "a", "--bogus"), "argumen tidak dikenal: --bogus."),
                       (("search", "x", "--limit", "abc"), "--limit: 'abc' bukan bilangan bulat.")):
        out = _run(*args)
        assert out.returncode == 2 and out.stdout == ""
        assert out.stderr.startswith("Cara pakai: python -m bot")
        assert out.stderr.rstrip().endswith(f"Perintah tidak dikenali: {said}")
        assert "usage:" not in out.stderr and "required" not in out.stderr


def test_a_jf_id_is_read_in_any_case() -> None:
    out = _run("ask", "boleh terima parsel lebaran?", "--jf", "PENERA", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["answer"].startswith("Tidak boleh. Bagi Penera,")
