"""The form details: asked (skippable), checked, remembered, offered again, and on the XLSX."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from handlers.domain.effects import SaveFormDetails
from handlers.domain.records import FormDetails
from handlers.flow import Services
from tests.fakes.chat import Chat
from tests.fakes.user_data import FakeUserData

NIP = "198001012005011001"


def cells(data: bytes) -> dict[str, list[Any]]:
    """Return every non-empty cell value per sheet of an XLSX."""
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: [c.value for row in ws.iter_rows() for c in row if c.value is not None]
            for ws in wb.worksheets}


def formation_until_the_form(user: FakeUserData) -> Chat:
    c = Chat(Services(user=user))
    c.send("/start")
    c.press("Kebutuhan JF")
    c.press("analis_perdagangan")
    c.press("h01")
    c.press("_done")
    c.send("30")
    c.press("tidak")
    c.press("Lewati (semua 0)")
    return c


def test_formation_asks_checks_and_writes_the_details() -> None:
    user = FakeUserData()
    c = formation_until_the_form(user)
    assert c.options == ["Isi sekarang", "Lewati (titik-titik)"]
    c.press("Isi sekarang")
    assert c.last_question.text == "Nama instansi untuk formulir?"
    assert c.options == ["Lewati"]
    c.send("Pemerintah Kabupaten Bengkalis")
    c.send("Dinas Perdagangan")
    c.send("27")
    assert c.texts[0] == "Tulis tahun dengan 4 angka, 2000 sampai 2100, misalnya 2027."
    assert c.last_question.text == "Tahun usulan kebutuhan?"
    c.send("2027")
    c.send("Budi Santoso, S.E.")
    c.send("1980 0101 2005")
    assert c.texts == ["NIP terdiri dari 18 angka, misalnya 198001012005011001.",
                       "NIP pejabat yang menandatangani (18 angka)?"]
    c.send("19800101 200501 1 001")
    assert c.effects == [SaveFormDetails(FormDetails(
        instansi="Pemerintah Kabupaten Bengkalis", unit_kerja="Dinas Perdagangan", tahun="2027",
        pejabat_nama="Budi Santoso, S.E.", pejabat_nip=NIP))]
    wb = load_workbook(io.BytesIO(c.documents[0].data))
    calc = wb["Perhitungan"]
    assert [calc[f"C{r}"].value for r in (4, 5, 6)] == [
        ": Dinas Perdagangan", ": Pemerintah Kabupaten Bengkalis", ": 2027"]
    values = cells(c.documents[0].data)
    for sheet in ("Perhitungan", "Usulan"):
        assert "Budi Santoso, S.E." in values[sheet]
        assert f"NIP. {NIP}" in values[sheet]
        assert not any("………" in str(v) for v in values[sheet]
                       if "NIP" in str(v) or str(v).startswith(":")), values[sheet]
    assert any("INSTANSI Pemerintah Kabupaten Bengkalis TAHUN 2027" in str(v)
               for v in values["Usulan"])
    # Remembered: the next time the same details are offered as the default.
    user.apply(c.effects, c.clock())
    again = formation_until_the_form(user)
    assert again.last_question.text.startswith(
        "Data formulir: pakai yang sama seperti sebelumnya?")
    assert "- NIP pejabat penandatangan: 198001012005011001" in again.last_question.text
    assert again.options == ["Pakai yang sama", "Isi/ubah", "Lewati (titik-titik)"]
    again.press("Pakai yang sama")
    assert f"NIP. {NIP}" in cells(again.documents[0].data)["Usulan"]


def test_one_detail_changed_the_others_kept_and_skips_keep_the_dots() -> None:
    user = FakeUserData(saved_forms=FormDetails(instansi="Pemkab Siak", tahun="2026"))
    c = formation_until_the_form(user)
    c.press("Isi/ubah")
    assert c.options == ["Pakai yang sama: Pemkab Siak", "Lewati"]
    c.press("Pakai yang sama: Pemkab Siak")
    c.send("lewati")  # unit kerja
    c.send("2027")
    c.press("Lewati")
    c.press("Lewati")
    calc = load_workbook(io.BytesIO(c.documents[0].data))["Perhitungan"]
    assert [calc[f"C{r}"].value for r in (4, 5, 6)] == [": ………", ": Pemkab Siak", ": 2027"]
    values = cells(c.documents[0].data)["Perhitungan"]
    assert "Nama Pejabat" in values and "NIP. ………………." in values  # skipped: placeholders
    assert c.effects == [SaveFormDetails(FormDetails(instansi="Pemkab Siak", tahun="2027"))]
    user.apply(c.effects, c.clock())
    assert user.form_details() == FormDetails(instansi="Pemkab Siak", tahun="2027")


def test_lewati_at_the_gate_sends_the_dotted_form_and_remembers_nothing() -> None:
    c = formation_until_the_form(FakeUserData())
    c.send("lewati")
    calc = load_workbook(io.BytesIO(c.documents[0].data))["Perhitungan"]
    assert [calc[f"C{r}"].value for r in (4, 5, 6)] == [": ………"] * 3
    assert c.effects == []


def test_difficulty_asks_the_standar_and_remembers_it() -> None:
    user = FakeUserData()
    c = Chat(Services(user=user))
    c.send("/start")
    c.press("Tingkat kesulitan")
    c.send("Penguji Mutu Barang")
    c.send("Pengujian")
    for answer in ["Cabai", "1", "1", "1", "1"]:
        c.send(answer)
    assert c.last_question.text == "Standar yang digunakan untuk instrumen 1?"
    c.send("SNI 01-4480-1998")
    c.press("Tidak, selesai")
    assert "SNI 01-4480-1998" in cells(c.documents[0].data)["Pengujian"]
    assert c.effects == [SaveFormDetails(FormDetails(standar="SNI 01-4480-1998"))]
    user.apply(c.effects, c.clock())
    c.press("Hitung lagi")
    c.send("Penguji Mutu Barang")
    c.send("Pengujian")
    for answer in ["Bawang", "1", "1", "1", "1"]:
        c.send(answer)
    assert c.options == ["Pakai yang sama: SNI 01-4480-1998", "Lewati"]
    c.send("sama")
    c.press("Tidak, selesai")
    assert "SNI 01-4480-1998" in cells(c.documents[0].data)["Pengujian"]


def test_penera_forms_have_no_standar_question() -> None:
    c = Chat()
    c.send("/start")
    c.press("Tingkat kesulitan")
    c.send("Penera")
    c.send("Tera dan Tera Ulang")
    c.send("lewati")
    for _ in range(12):
        assert "Standar yang digunakan" not in c.last_question.text
        c.press(c.last_question.options[0].token)
    assert c.last_question.text == "Tambah instrumen lain?"
