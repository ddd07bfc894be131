"""Bar charts drawn on the server as SVG (no script, no inline style: CSP-safe)."""

from markupsafe import Markup, escape

from app.core.i18n import format_number

PALETTE = ("#1f5fa8", "#c2410c", "#1c7c3a", "#7c3aed", "#a35d00", "#5b6674")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}".replace(".", ",") + " %"


def bar_chart(
    title: str,
    rows: list[tuple[str, float | None]],
    *,
    percent: bool = False,
    color: str = PALETTE[0],
    label_width: int = 190,
) -> Markup:
    """A horizontal bar chart: one labelled bar per row, values printed at the bar's end."""
    bar_h, gap, width = 22, 8, 640
    plot = width - label_width - 90
    top = max([v or 0 for _, v in rows] + ([1] if percent else [0])) or 1
    height = len(rows) * (bar_h + gap) + gap
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for n, (label, value) in enumerate(rows):
        y = gap + n * (bar_h + gap)
        length = plot * (value or 0) / top
        text = _pct(value) if percent else format_number(value or 0)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end" font-size="13" '
            f'fill="#1d2530">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_h}" rx="3" '
            f'fill="{color}"><title>{escape(label)}: {escape(text)}</title></rect>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 16}" font-size="13" '
            f'fill="#1d2530">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def grouped_bar_chart(
    title: str,
    groups: list[tuple[str, list[float | None]]],
    series: list[str],
    *,
    percent: bool = False,
) -> Markup:
    """Bars grouped per label (e.g. FDI / private / state), one colour per series, a legend."""
    bar_h, gap, width, label_width = 16, 14, 640, 130
    plot = width - label_width - 90
    values = [v or 0 for _, vals in groups for v in vals]
    top = max(values + ([1] if percent else [0])) or 1
    group_h = len(series) * bar_h + gap
    height = 30 + len(groups) * group_h
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    x = label_width
    for s, name in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{PALETTE[s]}"/>'
            f'<text x="{x + 16}" y="15" font-size="12" fill="#1d2530">'
            f"{escape(name)}</text>"
        )
        x += 24 + 8 * len(name)
    for g, (label, vals) in enumerate(groups):
        y0 = 30 + g * group_h
        parts.append(
            f'<text x="{label_width - 6}" y="{y0 + len(series) * bar_h / 2 + 5}" '
            f'text-anchor="end" font-size="13" fill="#1d2530">{escape(label)}</text>'
        )
        for s, value in enumerate(vals):
            y = y0 + s * bar_h
            length = plot * (value or 0) / top
            text = _pct(value) if percent else format_number(value or 0)
            parts.append(
                f'<rect x="{label_width}" y="{y + 1}" width="{length:.1f}" height="{bar_h - 2}" '
                f'fill="{PALETTE[s]}"><title>{escape(label)} · {escape(series[s])}: '
                f"{escape(text)}</title></rect>"
                f'<text x="{label_width + length + 5:.1f}" y="{y + bar_h - 4}" font-size="11" '
                f'fill="#1d2530">{escape(text)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
