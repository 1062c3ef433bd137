"""Extractor of the behaviour guide (Buku Panduan Perilaku JF Bidang Perdagangan, 2025).

``build()`` writes ``panduan/<jf>.json`` (motto, organisation, and per BerAKHLAK value the
definition, kode etik, Perilaku Wajib and Perilaku Dilarang items) and ``panduan/umum.json``
(contents, foreword, background, back cover). ``passages()`` turns the committed files into
search passages.
"""

from __future__ import annotations

from typing import Any

from knowledge.data_files import load_table
from knowledge.extract._panduan_general import general_sections
from knowledge.extract._panduan_notes import notes_for
from knowledge.extract._panduan_parse import Item, JfSection, Organisation, Piece, parse
from knowledge.ids import JF_LABELS, VALUE_LABELS
from knowledge.passage import Passage
from knowledge.provenance import Span
from knowledge.sources_text import DOCUMENT_TITLES, source_text

DOC = "panduan"
KIND_LABELS = {"wajib": "Perilaku Wajib", "dilarang": "Perilaku Dilarang"}


def _spans(ranges: list[tuple[int, int]]) -> list[dict[str, Any]]:
    return [Span(DOC, s, e).to_json() for s, e in ranges]


def _piece(piece: Piece) -> dict[str, Any]:
    return {"text": piece.text, "spans": _spans(piece.spans)}


def _item(n: int, item: Item) -> dict[str, Any]:
    return {"n": n, "number": item.number, "text": item.text, "spans": _spans(item.spans)}


def _organisation(jf: str, sections: list[JfSection]) -> tuple[Organisation, bool]:
    """Return the JF's organisation page and whether it is printed in another JF's chapter."""
    own = next(s for s in sections if s.jf == jf)
    if own.organisation is not None:
        return own.organisation, False
    label = JF_LABELS[jf]
    shared = [s.organisation for s in sections
              if s.organisation is not None and label in s.organisation.caption.text]
    if len(shared) != 1:
        raise LookupError(f"no organisation page names {label}")
    return shared[0], True


def _jf_file(section: JfSection, sections: list[JfSection]) -> dict[str, Any]:
    org, shared = _organisation(section.jf, sections)
    values = []
    for value in VALUE_LABELS:
        sec = section.values[value]
        definition = sec.definitions[0]
        definition = Piece(definition.text[:1].upper() + definition.text[1:], definition.spans)
        values.append({
            "value": value,
            "label": VALUE_LABELS[value],
            "pages": sec.pages,
            "headings": _spans(sec.headings),
            "definisi": _piece(definition),
            "kode_etik": [_item(n, it) for n, it in enumerate(sec.kode_etik[0], 1)],
            "wajib": [_item(n, it) for n, it in enumerate(sec.items["wajib"], 1)],
            "dilarang": [_item(n, it) for n, it in enumerate(sec.items["dilarang"], 1)],
        })
    label = JF_LABELS[section.jf]
    return {
        "title": f"Panduan Perilaku JF {label}",
        "source": {"doc": DOC, "section": f"Panduan Perilaku JF {label}"},
        "notes": notes_for(section),
        "jf": section.jf,
        "label": label,
        "heading": _spans([section.heading])[0],
        "motto": _piece(section.motto),
        "organisasi": {
            "name": org.name.text,
            "logo_caption": org.caption.text,
            "printed_in_other_chapter": shared,
            # Which JF the logo caption names (the PERWASDAG page names two).
            "caption_names": [jf for jf, lab in JF_LABELS.items() if lab in org.caption.text],
            "spans": _spans(org.name.spans + org.caption.spans),
        },
        "pantun": [_piece(p) for p in section.pantun],
        "values": values,
    }


def build() -> dict[str, Any]:
    """Return the panduan data files by name."""
    sections = parse(source_text(DOC))
    files: dict[str, Any] = {
        f"panduan/{s.jf}": _jf_file(s, sections) for s in sections
    }
    files["panduan/umum"] = {
        "title": "Panduan Perilaku JF Bidang Perdagangan — bagian umum",
        "source": {"doc": DOC, "section": "Daftar Isi, Kata Pengantar, Core Values, "
                   "Latar Belakang, sampul belakang"},
        "notes": [
            "The contents list a 'Penutup' (page 108) but the text has no such section: the "
            "guide ends with the last organisation page and the back cover (tagline, contacts).",
            "The 'Core Values' page is an image in the PDF; only its heading survives in the "
            "text, so it has no paragraphs.",
            "Paragraphs are the source's blank-line separated blocks.",
        ],
        "sections": general_sections(),
    }
    return files


# --- passages -------------------------------------------------------------------------------

TITLE = DOCUMENT_TITLES[DOC]


def _passage(pid: str, section: str, text: str, **kw: Any) -> Passage:
    return Passage(id=f"panduan:{pid}", source=DOC, title=TITLE, section=section, text=text,
                   **kw)


def _jf_passages(data: dict[str, Any]) -> list[Passage]:
    jf, label = data["jf"], data["label"]
    org = data["organisasi"]
    names = org["caption_names"]
    shared = (f", organisasi profesi bersama JF {' dan JF '.join(JF_LABELS[j] for j in names)}"
              if len(names) > 1 else "")
    shared += f" (keterangan logo: \"{org['logo_caption']}\")"
    out = [
        _passage(f"{jf}:motto", f"{label} › Motto",
                 f"Motto JF {label} dalam Panduan Perilaku: \"{data['motto']['text']}\"",
                 jf=jf, kind="motto"),
        _passage(f"{jf}:organisasi", f"{label} › Organisasi Profesi",
                 f"Organisasi profesi JF {label} menurut Panduan Perilaku: {org['name']}{shared}.",
                 jf=jf, kind="organisasi"),
    ]
    if data["pantun"]:
        verses = " / ".join(p["text"] for p in data["pantun"])
        out.append(_passage(f"{jf}:pantun", f"{label} › Pantun",
                            f"Pantun JF {label} dalam Panduan Perilaku: {verses}",
                            jf=jf, kind="motto"))
    for v in data["values"]:
        value, vlabel = v["value"], v["label"]
        base = f"{jf}:{value}"
        out.append(_passage(f"{base}:definisi", f"{label} › {vlabel} › Definisi",
                            f"Definisi nilai {vlabel} (BerAKHLAK) bagi {label}: "
                            f"{v['definisi']['text']}", jf=jf, value=value, kind="definisi"))
        points = " ".join(f"{p['n']}. {p['text']}" for p in v["kode_etik"])
        out.append(_passage(f"{base}:kode_etik", f"{label} › {vlabel} › Kode Etik dan Kode "
                            "Perilaku", f"Kode etik dan kode perilaku nilai {vlabel} bagi "
                            f"{label}: {points}", jf=jf, value=value, kind="kode_etik"))
        for kind, heading in KIND_LABELS.items():
            for it in v[kind]:
                out.append(_passage(
                    f"{base}:{kind}:{it['n']}", f"{label} › {vlabel} › {heading} no. {it['n']}",
                    f"{heading.capitalize()} bagi {label} (nilai {vlabel}): {it['text']}",
                    jf=jf, value=value, kind=kind, extra={"number": it["number"]}))
    return out


def _general_passages(umum: dict[str, Any], analis: dict[str, Any]) -> list[Passage]:
    out = []
    for sec in umum["sections"]:
        for n, par in enumerate(sec.get("paragraphs", []), 1):
            out.append(_passage(f"umum:{sec['id']}:{n}", f"{sec['title']}, paragraf {n}",
                                par["text"], kind="umum"))
        if sec["id"] == "daftar_isi":
            entries = "; ".join(f"{e['title']} (hlm. {e['page']})" for e in sec["entries"])
            out.append(_passage("umum:daftar_isi", "Daftar Isi",
                                f"Isi Buku Panduan Perilaku JF Bidang Perdagangan: {entries}.",
                                kind="umum"))
        if sec["id"] == "kata_pengantar":
            out.append(_passage("umum:kata_pengantar:penanda_tangan", "Kata Pengantar",
                                "Kata Pengantar Buku Panduan Perilaku JF Bidang Perdagangan "
                                "ditandatangani: " + "; ".join(sec["signature"]["lines"]),
                                kind="umum"))
        if sec["id"] == "sampul_belakang":
            contacts = ", ".join(c["text"] for c in sec["contacts"])
            out.append(_passage("umum:kontak", "Sampul Belakang",
                                f"{sec['tagline']['text']}. Kontak Pusat Pembinaan JF "
                                f"Perdagangan (Kementerian Perdagangan): {contacts}.",
                                kind="umum"))
    # The seven definitions are the same in every chapter; one overview passage answers
    # "apa itu BerAKHLAK" without naming a JF.
    values = "; ".join(f"{v['label']}: {v['definisi']['text'].rstrip('.')}"
                       for v in analis["values"])
    out.append(_passage("umum:berakhlak", "Nilai dasar BerAKHLAK",
                        f"Nilai dasar ASN BerAKHLAK dalam Panduan Perilaku: {values}.",
                        kind="umum"))
    return out


def passages() -> list[Passage]:
    """Return the search passages of the guide, read from the committed data files."""
    out: list[Passage] = []
    for jf in JF_LABELS:
        out.extend(_jf_passages(load_table(f"panduan/{jf}")))
    out.extend(_general_passages(load_table("panduan/umum"),
                                 load_table("panduan/analis_perdagangan")))
    return out
