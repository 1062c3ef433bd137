"""OCR'd slides on the ASN code of ethics (Pemprov NTT): readable passages, recorded fixes."""

from __future__ import annotations

from typing import Any

from knowledge.data_files import load_table
from knowledge.extract import kode_etik_ntt
from knowledge.ids import VALUE_LABELS
from knowledge.sources_text import source_text

SRC = source_text("kode_etik_ntt")


def _sections() -> dict[str, dict[str, Any]]:
    data = load_table("kode_etik_ntt/slides")
    return {s["slug"]: s for s in data["sections"]}


def _all_items() -> list[dict[str, Any]]:
    return [i for s in _sections().values() for i in s["items"]]


def test_every_ocr_fix_is_one_of_the_documented_ones() -> None:
    fixes = sorted({tuple(f) for i in _all_items() for f in i.get("ocr_fixes", [])})
    assert fixes == sorted([
        ("Etfik", "Etik"), ("Efik", "Etik"), ("fugasnya", "tugasnya"),
        ("h'd.Up sehari-har.", "hidup sehari-hari."), ("terhnadap", "terhadap"),
        ("jaowab", "jawab"), ("vang sah", "yang sah"), ("tambabh", "tambah"),
        ("kesesuian", "kesesuaian"),
    ])
    # each misreading is really in the OCR text
    for orig, _ in fixes:
        assert orig in SRC


def test_items_without_fixes_are_verbatim_source() -> None:
    unfixed = [it for it in _all_items() if not it.get("ocr_fixes")]
    assert len(unfixed) > 50
    for it in unfixed:
        assert it["text"] == " ".join(" ".join(s["text"].split()) for s in it["src"])


def test_definition_of_kode_etik_is_rebuilt_from_the_left_column() -> None:
    item = _sections()["definisi_kode_etik"]["items"][0]
    assert item["text"] == (
        "Kode Etik ASN adalah pedoman sikap, tingkah laku, dan perbuatan baik dalam "
        "melaksanakan tugasnya dan pergaulan hidup sehari-hari."
    )
    assert len(item["src"]) == 4  # four fragments, the right column's lines left out


def test_berakhlak_values_definitions_and_behaviours() -> None:
    sec = _sections()
    defs = sec["definisi_nilai"]["items"]
    assert [d["value"] for d in defs] == list(VALUE_LABELS)
    assert defs[1]["text"] == "Bertanggung jawab atas kepercayaan yang diberikan"
    behaviours = sec["perilaku_nilai"]["items"]
    assert len(behaviours) == 21  # 7 values x 3 behaviours as printed
    for value in VALUE_LABELS:
        assert [b["label"] for b in behaviours if b["value"] == value] == ["1", "2", "3"]
    loyal_1 = next(b for b in behaviours if b["value"] == "loyal" and b["label"] == "1")
    assert loyal_1["text"].endswith("setia kepada NKRI serta pemerintahan yang sah.")


def test_counts_of_the_other_lists() -> None:
    sec = _sections()
    assert len(sec["dasar_hukum"]["items"]) == 2
    assert [i["label"] for i in sec["nilai_dasar_pns"]["items"]][1:] == [
        str(n) for n in range(1, 10)
    ]
    assert len(sec["etika"]["items"]) == 5
    assert [i["nama"] for i in sec["solider"]["items"]] == [
        "Serving", "Out of the box", "Lincah", "Integritas & Inovatif", "Dinamis & Distruptif",
        "Entrepreneurship", "Responsif",
    ]
    kriteria = [i["text"] for i in sec["kriteria_agen"]["items"]]
    assert kriteria[1] == "Tidak sedang menjalani hukuman disiplin pegawai"
    assert kriteria[3] == "Taat aturan disiplin dan kode etik pegawai (BerAKHLAK)"
    assert len(kriteria) == 6


def test_unreadable_noise_is_not_extracted() -> None:
    texts = " ".join(p.text for p in kode_etik_ntt.passages())
    for noise in ("lk()eébonfgkso", "fake homepay", "Hsss", "r—armomsto", "PEAADRLN",
                  "YeNelggle", "Kek/pMo"):
        assert noise in SRC
        assert noise not in texts


def test_passages() -> None:
    ps = kode_etik_ntt.passages()
    ids = [p.id for p in ps]
    assert len(ids) == len(set(ids)) == 24
    by_id = {p.id: p for p in ps}
    for n, value in enumerate(VALUE_LABELS, start=1):
        p = by_id[f"kode_etik_ntt:berakhlak:{n}"]
        assert p.value == value and p.kind == "nilai_dasar"
        assert p.section == f"Slide: Nilai Dasar BerAKHLAK › {VALUE_LABELS[value]}"
    assert "3. Tidak menyalahgunakan kewenangan jabatan." in by_id[
        "kode_etik_ntt:berakhlak:2"].text
    assert all(p.text and p.source == "kode_etik_ntt" for p in ps)
