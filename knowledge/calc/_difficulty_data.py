"""Lampiran II data as typed objects for the tingkat kesulitan calculator (loaded once)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from knowledge.data_files import load_table

INDEX = "permendag/lampiran_ii_kegiatan"


@dataclass(frozen=True)
class Range:
    """A numeric interval; ``None`` bounds are open-ended."""

    low: Fraction | None
    low_inclusive: bool
    high: Fraction | None
    high_inclusive: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Range:
        """Build a range from its data-file form (bounds as decimal strings)."""
        return cls(
            None if data["low"] is None else Fraction(data["low"]),
            bool(data["low_inclusive"]),
            None if data["high"] is None else Fraction(data["high"]),
            bool(data["high_inclusive"]),
        )

    def contains(self, value: Fraction) -> bool:
        """Return whether ``value`` lies in the interval."""
        if self.low is not None and (value < self.low or (value == self.low
                                                          and not self.low_inclusive)):
            return False
        return not (self.high is not None and (value > self.high or (
            value == self.high and not self.high_inclusive)))


@dataclass(frozen=True)
class Band:
    """One column of a bobot table: its weight, wording and (if measurable) its range."""

    weight: int
    wording: str
    keterangan: str | None
    range: Range | None
    range_as_written: Range | None  # set only where the applied range differs
    range_from: str | None  # "tabel" or "keterangan"
    rule: str | None  # the deliberate choice, in Indonesian, shown to the user


@dataclass(frozen=True)
class Unsur:
    """One row of a bobot table."""

    id: str
    no: int
    label: str
    definition: str | None
    quantity: dict[str, Any] | None  # {"quantity", "unit", "integer", "units_accepted"}
    bands: tuple[Band, ...]

    @property
    def max_weight(self) -> int:
        """Return the highest weight of the row."""
        return max(b.weight for b in self.bands)

    @property
    def min_weight(self) -> int:
        """Return the lowest weight of the row."""
        return min(b.weight for b in self.bands)


@dataclass(frozen=True)
class ClassRow:
    """One row of a class table: totals low..high (inclusive) get ``label``."""

    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Kegiatan:
    """A kegiatan with its bobot table, class table and form layout."""

    id: str
    jf: str
    label: str
    huruf: str
    bobot_title: str
    bobot_citation: str
    class_title: str
    class_citation: str
    class_reversed: bool
    unsur: tuple[Unsur, ...]
    classes: tuple[ClassRow, ...]
    ketentuan: str
    formulir: dict[str, Any]
    bobot_notes: tuple[str, ...]
    class_notes: tuple[str, ...]

def _band(data: dict[str, Any]) -> Band:
    ket = data.get("keterangan")
    written = data.get("range_as_written")
    return Band(
        weight=int(data["bobot"]),
        wording=str(data["wording"]),
        keterangan=None if ket is None else str(ket["text"]),
        range=None if data.get("range") is None else Range.from_json(data["range"]),
        range_as_written=None if written is None else Range.from_json(written),
        range_from=data.get("range_from"),
        rule=data.get("range_rule"),
    )


def _unsur(data: dict[str, Any]) -> Unsur:
    definition = data.get("definition")
    return Unsur(
        id=str(data["id"]),
        no=int(data["no"]),
        label=str(data["label"]),
        definition=None if definition is None else str(definition["text"]),
        quantity=data.get("measurable"),
        bands=tuple(_band(b) for b in data["bands"]),
    )


@cache
def all_kegiatan() -> dict[str, Kegiatan]:
    """Return every kegiatan of Lampiran II keyed by its stable id, in regulation order."""
    index = load_table(INDEX)
    out: dict[str, Kegiatan] = {}
    for entry in index["kegiatan"]:
        bobot = load_table(entry["bobot_table"])
        kelas = load_table(entry["class_table"])
        out[entry["id"]] = Kegiatan(
            id=entry["id"],
            jf=entry["jf"],
            label=entry["label"],
            huruf=entry["huruf"],
            bobot_title=bobot["title"],
            bobot_citation=bobot["source"]["citation"],
            class_title=kelas["title"],
            class_citation=kelas["source"]["citation"],
            class_reversed=bool(kelas["reversed"]),
            unsur=tuple(_unsur(u) for u in bobot["unsur"]),
            classes=tuple(ClassRow(int(r["low"]), int(r["high"]), str(r["class"]))
                          for r in kelas["rows"]),
            ketentuan=entry["ketentuan"]["text"],
            formulir=entry["formulir"],
            bobot_notes=tuple(bobot["notes"]),
            class_notes=tuple(kelas["notes"]),
        )
    return out


def contoh() -> dict[str, Any]:
    """Return the regulation's worked example row (pengambilan contoh) as stored."""
    data: dict[str, Any] = load_table(INDEX)["contoh"]
    return data
