"""``python -m bot search`` through a real subprocess: the stable CLI contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=60,
    )


def test_json_hits_have_the_contract_fields_best_first() -> None:
    out = _run("search", "penera boleh gak nerima gratifikasi", "--json", "--limit", "3")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert 1 <= len(hits) <= 3
    for hit in hits:
        assert set(hit) == {"id", "source", "title", "section", "text", "score"}
        assert isinstance(hit["score"], float) and hit["text"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_jf_filter_excludes_other_jf_passages() -> None:
    out = _run("search", "menerima gratifikasi", "--json", "--jf", "penera", "--limit", "20")
    assert out.returncode == 0, out.stderr
    ids = [h["id"] for h in json.loads(out.stdout)]
    assert ids
    other = ("analis_perdagangan", "pengawas_perdagangan", "negosiator_perdagangan",
             "pengamat_tera", "penguji_mutu_barang")
    assert not [i for i in ids if any(f":{jf}:" in i for jf in other)]


def test_text_output_is_indonesian_with_citations() -> None:
    out = _run("search", "gratifikasi", "--limit", "2")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("1. ")
    assert out.stdout.count("Sumber: ") == 2


def test_no_match_prints_a_polite_sentence() -> None:
    out = _run("search", "qqqqqqqq xxxxxxxx")
    assert out.returncode == 0
    assert out.stdout.strip() == "Maaf, tidak ada bagian dokumen yang cocok dengan pertanyaan itu."
    assert _run("search", "qqqqqqqq xxxxxxxx", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("search", "hadiah", "--jf", "dokter"), "--jf: pilih salah satu dari: analis_perdagangan"),
        (("search", "hadiah", "--limit", "0"), "--limit: jumlah hasil minimal 1."),
        (("search", "   "), "Pertanyaan tidak boleh kosong; tulis kata kunci pencarian."),
        (("search", "hadiah", "--source", "uu"), "--source: pilih salah satu dari: panduan"),
        (("search", "hadiah", "--value", "jujur"), "--value: pilih salah satu dari:"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(args: tuple[str, ...], needle: str) -> None:
    out = _run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.startswith(needle)
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr
