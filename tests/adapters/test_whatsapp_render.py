"""WhatsApp rendering rules, pure: reply ids, cutting, splitting, and which message type is used."""

from __future__ import annotations

import pytest

from bot.whatsapp_render import (
    BODY_LIMIT,
    TEXT_LIMIT,
    ButtonsOut,
    ListOut,
    MediaOut,
    TextOut,
    decode_choice,
    encode_choice,
    fit,
    plan,
    split_text,
)
from handlers.events import ChoiceIn
from handlers.prompts import Document, Image, Message, Option, Question


@pytest.mark.parametrize(("step", "token"), [
    ("ab12cd34", "flow:exam"), ("q1", "ya"), ("s3:x", "t:y"), ("", "_menu"), ("12", "34"),
    (None, "tanya"), ("langkah|1", "a|b:c"),
])
def test_reply_ids_round_trip(step: str | None, token: str) -> None:
    assert decode_choice(encode_choice(step, token)) == ChoiceIn(token=token, step_token=step)


@pytest.mark.parametrize("foreign", ["callback_data", "s99:short", "s:x", "sx:y"])
def test_a_foreign_reply_id_is_passed_on_as_a_token(foreign: str) -> None:
    assert decode_choice(foreign) == ChoiceIn(token=foreign)


def test_fit_cuts_at_a_word_and_marks_it() -> None:
    assert fit("Negosiator Perdagangan", 20) == "Negosiator…"
    assert fit("Pengawas Perdagangan", 20) == "Pengawas Perdagangan"
    assert fit("  dua\nbaris  ", 20) == "dua baris"
    assert len(fit("x" * 50, 24)) == 24


def test_split_text_prefers_paragraphs_and_never_exceeds_the_limit() -> None:
    text = "\n\n".join(["a" * 3000, "b" * 3000, "c" * 10])
    pieces = split_text(text)
    assert pieces == ["a" * 3000, "b" * 3000 + "\n\n" + "c" * 10]
    unbroken = "x" * 9000
    assert [len(p) for p in split_text(unbroken)] == [4096, 4096, 808]
    assert all(len(p) <= TEXT_LIMIT for p in split_text(("kata " * 3000).strip()))


def _options(n: int) -> tuple[Option, ...]:
    return tuple(Option(f"o{i}", f"Pilihan nomor {i}") for i in range(1, n + 1))


@pytest.mark.parametrize(("count", "kind"), [
    (0, TextOut), (1, ButtonsOut), (3, ButtonsOut), (4, ListOut), (10, ListOut), (11, TextOut),
])
def test_the_message_type_follows_the_number_of_options(count: int, kind: type) -> None:
    (out,) = plan([Question("Pilih.", "st", _options(count))])
    assert isinstance(out, kind)


def test_beyond_ten_options_the_user_types_a_number() -> None:
    (out,) = plan([Question("Pilih.", "st", _options(11), progress="Langkah 1 dari 2")])
    assert isinstance(out, TextOut)
    assert out.body.startswith("Langkah 1 dari 2\n\nPilih.\n\n1. Pilihan nomor 1\n")
    assert "11. Pilihan nomor 11" in out.body
    assert out.body.endswith("Ketik nomor pilihan Anda, contoh: 1.")


def test_a_token_too_long_for_a_reply_id_falls_back_to_typing_a_number() -> None:
    options = (Option("x" * 250, "Panjang"), Option("y", "Pendek"))
    (out,) = plan([Question("Pilih.", "st", options)])
    assert isinstance(out, TextOut) and "2. Pendek" in out.body


def test_duplicate_cut_titles_are_numbered() -> None:
    same = "Kegiatan pengawasan barang beredar di pasar"
    options = tuple(Option(f"k{i}", f"{same} tahap {i}") for i in range(3))
    (out,) = plan([Question("Pilih.", "st", options)])
    assert isinstance(out, ButtonsOut)
    titles = [t for _, t in out.buttons]
    assert len(set(titles)) == 3 and all(len(t) <= 20 for t in titles)
    assert titles[0].startswith("1. ")


def test_list_rows_get_the_full_label_as_description_when_their_title_was_cut() -> None:
    options = (*_options(3), Option("long", "Pengembangan standar kemetrologian legal daerah"))
    (out,) = plan([Question("Pilih.", "st", options)])
    assert isinstance(out, ListOut)
    row = out.rows[-1]
    assert len(row.title) <= 24 and row.title.endswith("…")
    assert row.description == "Pengembangan standar kemetrologian legal daerah"
    assert out.rows[0].description is None


def test_an_oversized_question_body_overflows_into_text_messages_first() -> None:
    text = "\n\n".join(["Paragraf ketentuan yang panjang. " * 20] * 6)
    out = plan([Question(text, "st", _options(2), hint="Pilih salah satu.")])
    assert all(isinstance(o, TextOut) for o in out[:-1]) and isinstance(out[-1], ButtonsOut)
    last = out[-1]
    assert isinstance(last, ButtonsOut)
    assert len(last.body) <= BODY_LIMIT and last.body.endswith("Pilih salah satu.")
    shown = "\n\n".join([*(o.body for o in out[:-1] if isinstance(o, TextOut)), last.body])
    assert " ".join(shown.split()) == " ".join((text + " Pilih salah satu.").split())


def test_media_with_a_long_caption_sends_the_caption_as_text() -> None:
    out = plan([Document("f.xlsx", b"x", caption="c" * 1500), Image("g.png", b"y", caption="ok")])
    assert isinstance(out[0], MediaOut) and out[0].caption is None and out[0].kind == "document"
    assert isinstance(out[1], TextOut) and out[1].body == "c" * 1500
    assert isinstance(out[2], MediaOut) and (out[2].kind, out[2].mime, out[2].caption) == (
        "image", "image/png", "ok")


def test_empty_messages_send_nothing() -> None:
    assert plan([Message("  ")]) == []


def test_a_title_is_the_label_when_it_fits_else_the_short_form() -> None:
    options = (Option("a", "Nilai uji kompetensi", short="Nilai ukom"),
               Option("b", "Tanya aturan & kode etik", short="Tanya aturan"),
               Option("c", "Bantuan"))
    (buttons,) = plan([Question("Menu.", "m", options)])
    assert isinstance(buttons, ButtonsOut)
    assert [t for _, t in buttons.buttons] == ["Nilai uji kompetensi", "Tanya aturan", "Bantuan"]
    assert "2. Tanya aturan & kode etik" in buttons.body  # the full wording stays visible
    (rows,) = plan([Question("Menu.", "m", (*options, Option("d", "Lainnya")))])
    assert isinstance(rows, ListOut)
    assert [r.title for r in rows.rows][:2] == ["Nilai uji kompetensi", "Tanya aturan & kode etik"]
