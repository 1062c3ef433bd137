"""The guide parser on small synthetic chapters: shapes the real guide may grow into."""

from __future__ import annotations

import pytest

from knowledge.extract._panduan_parse import JfSection, ParseError, parse_jf

HEAD = "PANDUAN PERILAKU\n\nPENERA\n\n“Penera yang **BerAKHLAK** bekerja.”\n\n"
KODE = "Kode Etik dan Kode Perilaku\n\n1. Jujur;\n2. Cermat; dan\n3. Tidak korup.\n\n"


def _parse(body: str) -> JfSection:
    text = HEAD + body
    return parse_jf(text, "penera", 0, text.index("PENERA") + len("PENERA"), len(text))


def test_vertical_labels_before_and_after_and_wrapped_items() -> None:
    body = (
        "Akuntabel\n\nDefinisi Bertanggung jawab.\n\n" + KODE
        + "W\n\nA\n\nJ\n\nI\n\nB\n\n"
        + "1. Melaksanakan tugas dengan pela-\nyanan terbaik.\n"
        + "2. Menolak **gratifikasi**\ndalam bentuk apa pun.\n\n"
        + "Akuntabel\n\n" + KODE + "-\n1. Menerima suap.\n 2. Memalsukan data..\n\n"
        + "D\nI\nL\nA\nR\nA\nN\nG\n"
    )
    section = _parse(body)
    assert section.motto.text == "Penera yang BerAKHLAK bekerja."
    akuntabel = section.values["akuntabel"]
    assert akuntabel.pages == 2
    assert akuntabel.definitions[0].text == "Bertanggung jawab."
    wajib = akuntabel.items["wajib"]
    assert [w.text for w in wajib] == [
        "Melaksanakan tugas dengan pelayanan terbaik.",
        "Menolak gratifikasi dalam bentuk apa pun.",
    ]
    # One span covers the item and its continuation line.
    text = HEAD + body
    start, end = wajib[0].spans[0]
    assert text[start:end] == "1. Melaksanakan tugas dengan pela-\nyanan terbaik."
    assert [(d.number, d.text) for d in akuntabel.items["dilarang"]] == [
        (1, "Menerima suap."), (2, "Memalsukan data."),
    ]
    assert [k.text for k in akuntabel.kode_etik[0]] == ["Jujur;", "Cermat; dan", "Tidak korup."]


def test_stacked_headings_label_the_lists_in_order() -> None:
    lists = "WAJIB\n\nDILARANG\n\n- Setia.\n- Jujur.\n\n- Berkhianat.\n"
    body = "Loyal\n\nsetia\n\n" + KODE + lists
    loyal = _parse(body).values["loyal"]
    assert [i.text for i in loyal.items["wajib"]] == ["Setia.", "Jujur."]
    assert [i.text for i in loyal.items["dilarang"]] == ["Berkhianat."]
    assert loyal.definitions[0].text == "setia"


def test_text_that_belongs_nowhere_is_an_error_not_a_loss() -> None:
    body = "Loyal\n\n" + KODE + "Perilaku Wajib\n\n- Setia.\n\nCatatan lepas di halaman.\n"
    with pytest.raises(ParseError, match="unplaced line"):
        _parse(body)


def test_a_list_without_any_heading_is_an_error() -> None:
    body = "Loyal\n\n" + KODE + "-\n1. Setia.\n"
    with pytest.raises(ParseError, match="list without heading"):
        _parse(body)


def test_stray_letters_are_an_error() -> None:
    body = "Loyal\n\n" + KODE + "W\nA\nJ\n\n1. Setia.\n"
    with pytest.raises(ParseError, match="stray letters"):
        _parse(body)


def test_a_heading_without_its_list_is_an_error() -> None:
    body = "Loyal\n\n" + KODE + "Perilaku Wajib\n\n- Setia.\n\nPerilaku Dilarang\n"
    with pytest.raises(ParseError, match="heading without list"):
        _parse(body)
