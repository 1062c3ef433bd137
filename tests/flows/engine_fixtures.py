"""Test-only flows on the DSL, and a chat over a registry holding them."""

from __future__ import annotations

from handlers.flow import (
    Answers,
    Choice,
    Date,
    Flow,
    MultiChoice,
    Number,
    Services,
    Show,
    Step,
    Text,
    YesNo,
)
from handlers.flows import Registry
from handlers.prompts import Message, Option, Prompt
from knowledge.errors import InputError
from knowledge.passage import Passage
from knowledge.search import SearchIndex
from tests.fakes.chat import Chat

FRUITS = (Option("apel", "Apel"), Option("belimbing", "Belimbing"), Option("ceri", "Ceri"))
COLOURS = tuple(Option(f"w{i}", f"Warna {name}") for i, name in enumerate(
    ["merah", "merah muda", "biru", "biru laut", "hijau", "kuning", "ungu", "hitam", "putih",
     "abu-abu", "cokelat", "jingga"]))


def order_render(answers: Answers, services: Services) -> list[Prompt]:
    """Pretend calculator: 13 is refused with an InputError on field ``jumlah``."""
    if answers["jumlah"] == "13":
        raise InputError("jumlah", "tidak boleh 13.")
    if answers.get("catatan") == "rusak":
        raise InputError("lain", "ada yang salah.")
    sent = f", dikirim {answers['tanggal']}" if answers.get("kirim") else ""
    return [Message(f"Pesanan: {answers['jumlah']} {answers['buah']}{sent}.")]


ORDER = Flow(
    id="order",
    title="Pesan buah",
    help="Memesan buah.",
    steps=[
        Choice(id="buah", text="Buah apa?", options=FRUITS, help="Pilih satu buah."),
        Number(id="jumlah", text="Berapa banyak?", minimum=1, maximum=100,
               help="Jumlah buah, 1 sampai 100."),
        YesNo(id="kirim", text="Dikirim?"),
        Date(id="tanggal", text="Tanggal kirim?", when=lambda a: a.get("kirim") is True),
        Text(id="catatan", text="Catatan?", optional=True),
        Show(id="hasil", render=order_render),
    ],
)


def colour_steps(answers: Answers) -> list[Step]:
    """A multi-select, then one number per chosen colour (a repeated group)."""
    out: list[Step] = [MultiChoice(id="warna", text="Warna apa saja?", options=COLOURS)]
    labels = {o.token: o.label for o in COLOURS}
    for token in answers.get("warna") or []:
        out.append(Number(id=f"liter:{token}", text=f"Berapa liter {labels[token]}?",
                          minimum=0))
    out.append(Show(id="hasil", render=lambda a, s: [Message(
        "Total liter: " + str(sum(float(a[f"liter:{t}"]) for t in a["warna"])))]))
    return out


PAINT = Flow(id="paint", title="Cat tembok", steps=colour_steps)
PAGED = Flow(id="paged", title="Pilih warna", steps=[
    Choice(id="warna", text="Satu warna?", options=COLOURS, page_size=5),
    Show(id="hasil", render=lambda a, s: [Message(f"Dipilih: {a['warna']}")]),
])


def boom(answers: Answers, services: Services) -> list[Prompt]:
    """A step with a bug."""
    raise RuntimeError("boom in a step")


BROKEN = Flow(id="broken", title="Rusak", steps=[
    Number(id="angka", text="Angka?"),
    Show(id="hasil", render=boom),
])
FORMATION = Flow(id="formation", title="Kebutuhan JF (formasi)", short="Kebutuhan JF",
                 keywords=("hitung formasi", "formasi", "kebutuhan jf"),
                 steps=[Number(id="volume", text="Volume?"),
                        Show(id="hasil", render=lambda a, s: [Message("ok")])])

# The engine's tests ask of these two passages alone: no asked questions of the dev sets.
SMALL_INDEX = SearchIndex([
    Passage(id="t:1", source="permendag", title="Gratifikasi", section="Pasal 1",
            text="Penera dilarang menerima gratifikasi dari pemilik alat ukur.", jf="penera"),
    Passage(id="t:2", source="permendag", title="Pelatihan", section="Pasal 2",
            text="Pejabat fungsional berhak atas pelatihan tahunan."),
], asked={}, outside=())


def services(*flows: Flow, idle_minutes: int = 30) -> Services:
    """Return services over these flows and a two-passage index."""
    return Services(search=SMALL_INDEX, registry=Registry(list(flows)),
                    idle_minutes=idle_minutes)


def chat(*flows: Flow) -> Chat:
    """Return a chat over these flows (all test flows by default)."""
    return Chat(services(*(flows or (ORDER, PAINT, PAGED, BROKEN))))


def _bad_text(answers: Answers) -> str:
    raise ZeroDivisionError("question text bug")


BAD_QUESTION = Flow(id="badq", title="Pertanyaan rusak", steps=[
    Number(id="a", text="Angka pertama?"),
    Number(id="b", text=_bad_text),
    Show(id="hasil", render=lambda a, s: [Message("ok")]),
])
SKIPPABLE = Flow(id="skippable", title="Bisa dilewati", steps=[
    Choice(id="buah", text="Buah favorit?", options=FRUITS, optional=True),
    Number(id="umur", text="Umur?", optional=True, integer=True, minimum=0),
    Show(id="hasil", render=lambda a, s: [Message(f"buah={a['buah']} umur={a['umur']}")]),
])
INTERIM = Flow(id="interim", title="Dengan ringkasan", steps=[
    Number(id="a", text="Angka pertama?"),
    Show(id="ringkasan", end=False, render=lambda a, s: [Message(f"Sejauh ini: {a['a']}.")]),
    Number(id="b", text="Angka kedua?"),
    Show(id="hasil", render=lambda a, s: [Message(f"Jumlah: {int(a['a']) + int(a['b'])}.")]),
])
