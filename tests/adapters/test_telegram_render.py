"""Pure rendering rules of the Telegram channel: splitting, callback data, captions."""

from __future__ import annotations

import pytest

from bot.telegram_app import file_url, webhook_path
from bot.telegram_render import (
    MAX_CALLBACK_BYTES,
    CallbackCodec,
    OutDocument,
    OutText,
    Pressed,
    render,
    split_text,
)
from handlers.prompts import Document, Message, Option, Question


def test_short_text_is_one_message() -> None:
    assert split_text("Halo.") == ["Halo."]
    assert split_text("") == []


def test_split_prefers_paragraphs_then_lines_then_words() -> None:
    para = "a" * 3000
    assert split_text(f"{para}\n\n{para}") == [para, para]
    lines = "\n".join(["b" * 1000] * 6)
    chunks = split_text(lines)
    assert [len(c) for c in chunks] == [4003, 2001]  # four whole lines, then two
    assert all(set(line) == {"b"} for c in chunks for line in c.split("\n"))
    words = " ".join(["kata"] * 2000)
    assert all(len(c) <= 4096 and not c.endswith(" ") for c in split_text(words))
    assert " ".join(split_text(words)) == words


def test_an_unbroken_word_is_cut_hard() -> None:
    chunks = split_text("x" * 9000)
    assert [len(c) for c in chunks] == [4096, 4096, 808]


def test_callback_data_is_versioned_and_bounded() -> None:
    codec = CallbackCodec()
    assert codec.encode("ab12cd34", 0, "flow:credit") == "v1|ab12cd34|flow:credit"
    assert codec.decode("v1|ab12cd34|flow:credit") == Pressed("ab12cd34", "flow:credit")
    token = "t" * 80
    data = codec.encode("ab12cd34", 3, token)
    assert data == "v1|ab12cd34|#3" and len(data.encode()) <= MAX_CALLBACK_BYTES
    assert codec.decode(data) == Pressed("ab12cd34", token)


def test_tokens_with_separators_or_hash_still_round_trip() -> None:
    codec = CallbackCodec()
    for token in ("a|b", "#7", "é" * 40):
        data = codec.encode("s1", 1, token)
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
        assert codec.decode(data) == Pressed("s1", token)
    odd_step = "x|y" * 30
    data = codec.encode(odd_step, 0, "ok")
    assert codec.decode(data) == Pressed(odd_step, "ok")


@pytest.mark.parametrize("data", ["", "v2|s|t", "v1||t", "v1|s", "hello"])
def test_unknown_version_or_malformed_data_decodes_to_none(data: str) -> None:
    assert CallbackCodec().decode(data) is None


def test_a_forgotten_index_is_a_press_without_token() -> None:
    assert CallbackCodec().decode("v1|s1|#4") == Pressed("s1", None)


def test_question_keeps_progress_and_hint_and_puts_keyboard_last() -> None:
    question = Question("Pilih:\n\n" + "x" * 5000, "q1", (Option("a", "Satu"),),
                        progress="Langkah 2 dari 5", hint="Tekan tombol.")
    out = render([question], CallbackCodec())
    assert all(isinstance(o, OutText) for o in out)
    texts = [o.text for o in out if isinstance(o, OutText)]
    assert texts[0].startswith("Langkah 2 dari 5\n\nPilih:")
    assert texts[-1].endswith("Tekan tombol.")
    last = out[-1]
    assert isinstance(last, OutText) and last.keyboard is not None and last.step_token == "q1"
    assert all(isinstance(o, OutText) and o.keyboard is None for o in out[:-1])


def test_caption_over_1024_follows_as_text() -> None:
    out = render([Document("a.xlsx", b"x", caption="c" * 1025), Message("ok")], CallbackCodec())
    assert isinstance(out[0], OutDocument) and out[0].caption is None
    assert [o.text for o in out[1:] if isinstance(o, OutText)] == ["c" * 1025, "ok"]


def test_file_url_and_webhook_path() -> None:
    assert file_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert file_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    assert webhook_path("https://contoh.go.id/tg/hook") == "/tg/hook"
    assert webhook_path(None) == "/telegram/webhook"
