"""Arrivals and calls per hour as an SVG bar chart, drawn inline in the page.

No script and no external file: the same markup prints, and WeasyPrint draws
it into the PDF. Only digits are written inside the SVG; the legend, in the
reader's language, is the page's own text beside it.
"""

from markupsafe import Markup, escape

from ..services.day_report import HourFigures

ARRIVALS_COLOUR = "#0b5394"
CALLS_COLOUR = "#e69138"
WIDTH, HEIGHT = 900, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 12, 28


def axis_step(highest: int, lines: int = 5) -> int:
    """A round step (1, 2, 5, 10, 20, 50 …) that splits 0..highest into at most ``lines`` parts."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor * lines >= highest:
                return step * factor
        step *= 10


def hourly_chart(hours: list[HourFigures], label: str) -> Markup:
    """Two bars per hour (arrivals, calls) on a common scale, with a labelled grid."""
    highest = max([1, *(h.arrivals for h in hours), *(h.calls for h in hours)])
    step = axis_step(highest)
    top_value = step * -(-highest // step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(hours))
    bar = min(28.0, slot * 0.36)

    def y(value: int) -> float:
        return TOP + plot_h * (1 - value / top_value)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="100%" role="img" aria-label="{escape(label)}" class="chart" '
             'font-family="Kezek Sans, DejaVu Sans, sans-serif" font-size="12">']
    for value in range(0, top_value + 1, step):
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" '
                     f'y2="{y(value):.1f}" stroke="#d5dbe2" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
                     f'fill="#5a6570">{value}</text>')
    for index, hour in enumerate(hours):
        middle = LEFT + slot * (index + 0.5)
        for offset, value, colour in ((-bar, hour.arrivals, ARRIVALS_COLOUR),
                                      (0.0, hour.calls, CALLS_COLOUR)):
            if value:
                parts.append(f'<rect x="{middle + offset:.1f}" y="{y(value):.1f}" '
                             f'width="{bar:.1f}" height="{y(0) - y(value):.1f}" fill="{colour}"/>')
                parts.append(f'<text x="{middle + offset + bar / 2:.1f}" y="{y(value) - 3:.1f}" '
                             f'text-anchor="middle" font-size="10" fill="#1d2733">{value}</text>')
        parts.append(f'<text x="{middle:.1f}" y="{HEIGHT - 8}" text-anchor="middle" '
                     f'fill="#1d2733">{escape(hour.label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
