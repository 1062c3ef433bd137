"""Formasi against an independent exact oracle: every Tabel 1 row, volumes on and around n,6.

The oracle reads the committed Lampiran III data itself and computes with ``Fraction`` only:
K_ij = V × P_ij / (100 × SKR_i), K_j = Σ_i K_ij, need_j = ⌊K_j⌋ + (frac(K_j) ≥ 0,6).
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.calc import formation
from knowledge.data_files import load_table

ROWS: list[dict[str, Any]] = load_table("permendag/lampiran_iii_tabel_1")["rows"]
THRESHOLD = Fraction(load_table("permendag/lampiran_iii_perhitungan_kebutuhan")["rounding"]
                     ["threshold"])
SETTINGS = settings(max_examples=15, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def oracle(rows: list[tuple[dict[str, Any], Fraction]]) -> dict[str, tuple[Fraction, int]]:
    """Return per jenjang (exact K_j, need) for rows with their volumes (national impact)."""
    totals: dict[str, Fraction] = {}
    for row, volume in rows:
        for j, pct in row["kontribusi"].items():
            k = volume * Fraction(pct) / (100 * Fraction(row["skr"]))
            totals[j] = totals.get(j, Fraction(0)) + k
    out = {}
    for j, k in totals.items():
        whole = k.numerator // k.denominator
        out[j] = (k, whole + (1 if k - whole >= THRESHOLD else 0))
    return out


def decimal_text(value: Fraction) -> str | None:
    """Return ``value`` in plain decimal notation when it has one of at most 12 decimals."""
    for places in range(13):
        scaled = value * 10**places
        if scaled.denominator == 1:
            return str(Decimal(scaled.numerator).scaleb(-places))
    return None


def compute(rows: list[tuple[dict[str, Any], str]]) -> dict[str, Any]:
    return formation.run({
        "jf": rows[0][0]["jf"], "category": rows[0][0]["category"], "national_impact": True,
        "outputs": [{"id": r["id"], "volume": v} for r, v in rows],
    }).json


def check(result: dict[str, Any], expected: dict[str, tuple[Fraction, int]]) -> None:
    """Assert needs, exact values and that nothing shown contradicts a decision."""
    for j, (k, need) in expected.items():
        got = result["per_jenjang"][j]
        assert got["need"] == need, (j, k)
        assert Fraction(got["raw_exact"]) == k
        shown = Fraction(Decimal(str(got["raw"])))
        assert 0 <= k - shown < Fraction(1, 100)  # cut, never up
        frac = shown - math.floor(shown)
        assert (frac >= THRESHOLD) == (need == math.floor(shown) + 1), (j, shown, need)
        column = [Fraction(Decimal(str(o["kebutuhan"][j]))) for o in result["outputs"]]
        assert sum(column, Fraction(0)) == shown  # the Tabel 2 column adds up as shown
        for o, part in zip(result["outputs"], column, strict=True):
            assert abs(Fraction(o["kebutuhan_exact"][j]) - part) < Fraction(1, 100)


def test_issue_case_pengawas_penanganan_pengaduan() -> None:
    # 187 × 42 % ÷ 11,90 = 78,54 ÷ 11,90 = 6,6 exactly → 7 (Lampiran III B.3).
    row = next(r for r in ROWS if r["id"] == "pengawas_perdagangan-keahlian-07")
    result = compute([(row, "187")])
    pertama = result["per_jenjang"]["ahli_pertama"]
    assert pertama["raw_exact"] == "33/5"
    assert pertama["raw"] == 6.6
    assert pertama["need"] == 7
    text = formation.run({
        "jf": "pengawas_perdagangan", "category": "keahlian",
        "outputs": [{"id": row["id"], "volume": 187}]}).text
    assert "Ahli Pertama: 187 ÷ 11,90 × 42% = 6,60" in text  # SKR as Tabel 1 prints it
    assert "- Ahli Pertama: 6,60 → 7 orang" in text


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
@SETTINGS
@given(volume=st.integers(min_value=0, max_value=100_000))
def test_every_row_random_integer_volume(row: dict[str, Any], volume: int) -> None:
    check(compute([(row, str(volume))]), oracle([(row, Fraction(volume))]))


PAIRS = [(r, j) for r in ROWS for j, p in r["kontribusi"].items() if Fraction(p) > 0]


@pytest.mark.parametrize(("row", "j"), PAIRS, ids=[f"{r['id']}-{j}" for r, j in PAIRS])
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(min_value=0, max_value=60))
def test_every_row_and_jenjang_on_and_around_n_6(row: dict[str, Any], j: str, n: int) -> None:
    # The volume whose K_ij is exactly n,6, and the nearest six-decimal volumes around it.
    exact = (n + THRESHOLD) * 100 * Fraction(row["skr"]) / Fraction(row["kontribusi"][j])
    step = Fraction(1, 10**6)
    below = Fraction(math.ceil(exact / step) - 1) * step
    above = Fraction(math.floor(exact / step) + 1) * step
    candidates = [below, above] + ([exact] if decimal_text(exact) else [])
    for volume in candidates:
        text = decimal_text(volume)
        assert text is not None
        expected = oracle([(row, volume)])
        check(compute([(row, text)]), expected)
        k, need = expected[j]
        assert need == (n + 1 if volume >= exact else n)


GROUPS = sorted({(r["jf"], r["category"]) for r in ROWS})


@pytest.mark.parametrize("group", GROUPS, ids=[f"{a}-{b}" for a, b in GROUPS])
@SETTINGS
@given(data=st.data())
def test_several_outputs_random_decimal_volumes(group: tuple[str, str],
                                                data: st.DataObject) -> None:
    own = [r for r in ROWS if (r["jf"], r["category"]) == group]
    chosen = data.draw(st.lists(st.sampled_from(own), min_size=1, max_size=len(own),
                                unique_by=lambda r: r["id"]))
    volumes = data.draw(st.lists(st.decimals(min_value=0, max_value=10_000, places=2),
                                 min_size=len(chosen), max_size=len(chosen)))
    rows = list(zip(chosen, volumes, strict=True))
    check(compute([(r, str(v)) for r, v in rows]), oracle([(r, Fraction(v)) for r, v in rows]))


def test_integer_volumes_hitting_n_6_are_rounded_up() -> None:
    # Every integer volume up to 1.000 whose K_j lands exactly on n,6 rounds up (the issue
    # counted 58 such volumes that the old Decimal arithmetic rounded down).
    hits = 0
    for row in ROWS:
        for volume in range(1, 1001):
            expected = oracle([(row, Fraction(volume))])
            if not any(k - math.floor(k) == THRESHOLD for k, _ in expected.values()):
                continue
            hits += 1
            check(compute([(row, str(volume))]), expected)
    assert hits > 0
