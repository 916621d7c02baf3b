"""Bar charts drawn on the server as SVG, so they need no JavaScript.

The numbers are also given in a table beside each chart, for screen readers
and for anyone who prefers them; the SVG is labelled and described.
"""

from dataclasses import dataclass

BAR_HEIGHT = 26
GAP = 10
LABEL_WIDTH = 190
PLOT_WIDTH = 360
VALUE_WIDTH = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    # Optional second part of the bar (a split such as in Japan / overseas).
    first_part: int | None = None
    first_width: int = 0


@dataclass(frozen=True)
class BarChart:
    bars: list
    height: int
    width: int = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    label_width: int = LABEL_WIDTH
    value_x: int = LABEL_WIDTH + PLOT_WIDTH + 8

    @property
    def text_offset(self):
        return BAR_HEIGHT // 2 + 5


def bar_chart(rows):
    """rows: (label, value) or (label, value, first_part). Bars scale to the largest value."""
    largest = max((row[1] for row in rows), default=0) or 1
    bars = []
    for index, (label, value, *split) in enumerate(rows):
        first = split[0] if split else None
        bars.append(
            Bar(
                label=str(label),
                value=value,
                y=index * (BAR_HEIGHT + GAP),
                width=max(1, round(PLOT_WIDTH * value / largest)) if value else 0,
                first_part=first,
                first_width=round(PLOT_WIDTH * first / largest) if first else 0,
            )
        )
    return BarChart(bars=bars, height=max(1, len(bars) * (BAR_HEIGHT + GAP) - GAP))
