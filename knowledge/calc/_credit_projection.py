"""Month-by-month projection of angka kredit kumulatif against the Lampiran VII minimums.

Model (stated to the user as assumptions): ``ak_saat_ini`` is the AK kumulatif earned in the
current jenjang. AK accrues monthly by koefisien x persentase / 12. The k-th kenaikan pangkat
inside a jenjang (counted from its lowest golongan) needs k x the kenaikan pangkat minimum,
which is the same as carrying the surplus over after each kenaikan pangkat; the kenaikan
jenjang minimum is the table's. After a kenaikan jenjang AK restarts from 0, so the
projection ends there.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from knowledge.calc._credit_data import (
    JenjangRule,
    first_period_on_or_after,
    jenjang_rules,
    next_jenjang,
    predikat_rules,
)

# A design choice of this calculator, not a regulation figure: projections stop after 10 years.
HORIZON_YEARS = 10
MONTHS_PER_YEAR = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` moved by whole months, clamping the day to the month's length."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Milestone:
    """One target: a kenaikan pangkat within the jenjang or the kenaikan jenjang."""

    jenis: str  # "kenaikan_pangkat" | "kenaikan_jenjang"
    dari_golongan: str
    ke_golongan: str | None
    ke_jenjang: str | None
    ak_minimal: Fraction
    bulan_ke: int | None  # months after ``tanggal``; None when not reached in the horizon
    tanggal_tercapai: dt.date | None
    periode: dt.date | None  # the nearest period on or after max(reached, hari_ini)
    ak_saat_tercapai: Fraction | None
    sudah_lewat: bool = False  # reached on a day before hari_ini (a past month)


@dataclass(frozen=True)
class Projection:
    """The projected AK series and the milestones."""

    rule: JenjangRule
    golongan: str
    ak_awal: Fraction
    tanggal: dt.date
    predikat_per_tahun: tuple[str, ...]  # one per projected year, HORIZON_YEARS long
    series: tuple[tuple[dt.date, Fraction], ...]  # month 0..horizon
    milestones: tuple[Milestone, ...]
    horizon_bulan: int


_Target = tuple[str, str, str | None, str | None, Fraction]


def _targets(rule: JenjangRule, golongan: str) -> list[_Target]:
    """Return (jenis, dari, ke_golongan, ke_jenjang, cumulative AK minimum) still ahead."""
    out: list[_Target] = []
    idx = rule.golongan.index(golongan)
    for i in range(idx, len(rule.golongan) - 1):
        out.append(("kenaikan_pangkat", rule.golongan[i], rule.golongan[i + 1], None,
                    rule.min_pangkat * (i + 1)))
    up = next_jenjang(rule.id)
    if rule.min_jenjang is not None and up is not None:
        out.append(("kenaikan_jenjang", rule.golongan[-1], jenjang_rules()[up].golongan[0], up,
                    rule.min_jenjang))
    return out


def project(
    rule: JenjangRule, golongan: str, ak_awal: Fraction, tanggal: dt.date, predikat: list[str],
    hari_ini: dt.date | None = None,
) -> Projection:
    """Project AK month by month over the horizon; the last predikat repeats after the list.

    A milestone's period is the first kenaikan pangkat period on or after the day it is
    reached, and never before ``hari_ini``: a period already past is never the nearest.
    """
    years = [predikat[min(i, len(predikat) - 1)] for i in range(HORIZON_YEARS)]
    pct = predikat_rules()
    horizon = HORIZON_YEARS * MONTHS_PER_YEAR
    # Work in twelfths of AK so that every comparison with a minimum is exact.
    scaled = ak_awal * MONTHS_PER_YEAR
    scaled_series = [scaled]
    for m in range(horizon):
        scaled += rule.koefisien * pct[years[m // MONTHS_PER_YEAR]].persen / 100
        scaled_series.append(scaled)
    series = tuple(
        (add_months(tanggal, m), s / MONTHS_PER_YEAR) for m, s in enumerate(scaled_series)
    )
    milestones = []
    for jenis, dari, ke_gol, ke_jenjang, minimum in _targets(rule, golongan):
        month = next(
            (m for m, s in enumerate(scaled_series) if s >= minimum * MONTHS_PER_YEAR), None
        )
        reached = None if month is None else add_months(tanggal, month)
        past = reached is not None and hari_ini is not None and reached < hari_ini
        earliest = None if reached is None else max(reached, hari_ini) if hari_ini else reached
        milestones.append(Milestone(
            jenis=jenis,
            dari_golongan=dari,
            ke_golongan=ke_gol,
            ke_jenjang=ke_jenjang,
            ak_minimal=minimum,
            bulan_ke=month,
            tanggal_tercapai=reached,
            periode=None if earliest is None else first_period_on_or_after(earliest),
            ak_saat_tercapai=None if month is None else series[month][1],
            sudah_lewat=past,
        ))
    return Projection(
        rule=rule,
        golongan=golongan,
        ak_awal=ak_awal,
        tanggal=tanggal,
        predikat_per_tahun=tuple(years),
        series=series,
        milestones=tuple(milestones),
        horizon_bulan=horizon,
    )
