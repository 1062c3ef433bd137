"""PNG chart of projected angka kredit kumulatif against its minimums, sized for a phone."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first
from matplotlib.ticker import FuncFormatter  # noqa: E402

from knowledge import fmt  # noqa: E402
from knowledge.calc.numbers import exact_text  # noqa: E402

# 1080 x 1080 px: square fills a phone screen's width in chat apps.
SIZE_PX = 1080
DPI = 100
_MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
_COLOURS = ["#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]


@dataclass(frozen=True)
class Threshold:
    """A horizontal line: a minimum AK, its label and the date it is reached (if it is)."""

    label: str
    value: Fraction
    reached: dt.date | None


def _number_label(value: float, _pos: int) -> str:
    # round() drops binary noise such as 37.50000000001 before the decimal comma is applied
    return fmt.number(Decimal(repr(round(float(value), 6))))


def _month_index(start: dt.date, day: dt.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def _month_ticks(start: dt.date, months: int) -> tuple[list[int], list[str]]:
    """Return x positions and two-line labels for a few calendar-aligned months."""
    step = 3 if months <= 24 else 6 if months <= 48 else 12 if months <= 72 else 24
    positions, labels = [], []
    for i in range(months + 1):
        month0 = (start.month - 1 + i) % 12
        if (month0 + 12 * (start.year + (start.month - 1 + i) // 12)) % step == 0:
            positions.append(i)
            labels.append(f"{_MONTH_ABBR[month0]}\n{start.year + (start.month - 1 + i) // 12}")
    return positions, labels


def render(
    title: str, series: list[tuple[dt.date, Fraction]], thresholds: list[Threshold]
) -> bytes:
    """Return the PNG bytes of the cumulative AK line with the minimum lines and milestones.

    ``series`` holds one point per month, starting at the projection's first date.
    """
    start = series[0][0]
    fig, ax = plt.subplots(figsize=(SIZE_PX / DPI, SIZE_PX / DPI), dpi=DPI)
    try:
        xs = list(range(len(series)))
        ys = [float(v) for _, v in series]
        ax.plot(xs, ys, color="#1f77b4", linewidth=4, label="Angka kredit kumulatif")
        for i, th in enumerate(thresholds):
            colour = _COLOURS[i % len(_COLOURS)]
            ax.axhline(float(th.value), color=colour, linestyle="--", linewidth=2.5,
                       label=f"{th.label}: {exact_text(th.value)}")
            if th.reached is not None:
                x = _month_index(start, th.reached)
                ax.plot([x], [float(th.value)], "o", color=colour, markersize=16)
                ax.annotate(fmt.month(th.reached), (x, float(th.value)),
                            textcoords="offset points", xytext=(-12, 14), ha="right",
                            fontsize=20, color=colour, fontweight="bold")
        ax.set_title(title, fontsize=26, fontweight="bold", pad=18)
        ax.set_ylabel("Angka kredit", fontsize=22)
        ax.yaxis.set_major_formatter(FuncFormatter(_number_label))
        positions, labels = _month_ticks(start, len(series) - 1)
        ax.set_xticks(positions, labels)
        ax.set_xlim(-0.5, len(series) - 0.5)
        ax.tick_params(labelsize=18)
        ax.set_ylim(bottom=0, top=max(ys + [float(t.value) for t in thresholds]) * 1.15)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=18, loc="best", framealpha=0.9)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI)
        return buf.getvalue()
    finally:
        plt.close(fig)
