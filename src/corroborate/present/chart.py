"""Charts as SVG, drawn on the server in Python.

No chart library and no script: the SVG is part of the HTML (so it prints, works
air-gapped and under a strict Content-Security-Policy) and the same string is the chart
export. Every piece of text in it (source names come from articles) is escaped here.
Only presentation attributes are used, never ``style``, so no inline CSS is needed.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from html import escape
from statistics import median
from typing import Any

from markupsafe import Markup

from corroborate.present.format import compact
from corroborate.sanitize import strip_controls

# Okabe-Ito and Tableau hues, distinguishable with the common colour-vision deficiencies.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#7F3C8D",
    "#8C6D31",
    "#3B7D23",
    "#B2182B",
)
OTHER = "#9AA0A6"
INK = "#1F2328"
MUTED = "#6E7781"
GRID = "#E6E8EB"
BAND = "#0072B2"
OUTLIER = "#B42318"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def source_colours(points: list[dict[str, Any]]) -> dict[str, str]:
    """A colour per source, the most frequent sources first; the rest share grey."""
    counts: dict[str, int] = {}
    for p in points:
        counts[p["source"]] = counts.get(p["source"], 0) + p.get("n", 1)
    ranked = sorted(counts, key=lambda s: (-counts[s], s))
    return {s: PALETTE[i] if i < len(PALETTE) else OTHER for i, s in enumerate(ranked)}


def _e(text: Any) -> str:
    # control characters are not allowed in XML 1.0: one ESC in a source name would make
    # the whole SVG malformed
    return escape(strip_controls(str(text)).replace("\n", " ").replace("\t", " "), quote=True)


class _Scale:
    def __init__(self, low: float, high: float, start: float, end: float, log: bool) -> None:
        self.log = log
        if log:
            low, high = math.log10(low), math.log10(high)
        if high <= low:
            low, high = low - 1, high + 1
        self.low, self.high, self.start, self.end = low, high, start, end

    def __call__(self, value: float) -> float:
        v = math.log10(max(value, 10**self.low)) if self.log else value
        return self.start + (v - self.low) / (self.high - self.low) * (self.end - self.start)


def _value_ticks(low: float, high: float, log: bool) -> list[float]:
    if log:
        ticks = []
        for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
            for mantissa in (1, 2, 5):
                tick = mantissa * 10**exponent
                if low <= tick <= high:
                    ticks.append(float(tick))
        if len(ticks) > 8:
            ticks = [t for t in ticks if str(int(t)).startswith("1")] or ticks
        return ticks
    span = high - low or abs(high) or 1
    raw = span / 5
    step = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= step * factor:
            step *= factor
            break
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step) + 1)]


def _date_ticks(first: date, last: date) -> list[tuple[date, str]]:
    days = (last - first).days
    if days <= 21:
        step = 2 if days <= 10 else 4
        return [
            (first + timedelta(d), (first + timedelta(d)).strftime("%-d %b"))
            for d in range(0, days + 1, step)
        ]
    if days <= 120:
        start = first + timedelta(days=(7 - first.weekday()) % 7)  # Mondays
        return [
            (start + timedelta(w * 7), (start + timedelta(w * 7)).strftime("%-d %b"))
            for w in range((last - start).days // 7 + 1)
        ]
    months: list[tuple[date, str]] = []
    step = 1 if days <= 400 else 3 if days <= 1200 else 12
    cursor = date(first.year, first.month, 1)
    while cursor <= last:
        if cursor >= first and (cursor.month - 1) % step == 0:
            label = cursor.strftime("%b %Y" if cursor.month == 1 or not months else "%b")
            months.append((cursor, label))
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return months


def _running_band(points: list[dict[str, Any]]) -> list[tuple[date, float, float, float]]:
    """Per date, the median and inter-quartile range of every figure known by then."""
    known: list[float] = []
    out = []
    by_day: dict[date, list[float]] = {}
    for p in points:
        if p["status"] == "ok" and p["value"] and p["value"] > 0:
            by_day.setdefault(date.fromisoformat(p["date"]), []).extend([p["value"]] * p["n"])
    for day in sorted(by_day):
        known.extend(by_day[day])
        known.sort()
        n = len(known)
        out.append((day, known[n // 4], median(known), known[(3 * n) // 4]))
    return out


def timeline_svg(
    points: list[dict[str, Any]],
    estimate: dict[str, Any],
    timeline: list[dict[str, Any]] | None = None,
    *,
    width: int = 880,
    height: int = 380,
    link: str = "/claims/{id}",
    label: str | None = None,
) -> Markup:
    """Every claim a point by date, coloured by source (legend below), sized by its weight
    in the estimate (echoes, which count once, are small), hedged claims hollow, claims
    flagged implausible ringed in red, set-aside claims crossed; the estimate over time
    (``timeline``: date, estimate, low, high) as a line in its band, or without one the
    running median and inter-quartile band of the figures known by each date; and the
    current estimate with its interval at the right edge."""
    plotted = [p for p in points if p.get("value") is not None and p.get("date")]
    colours = source_colours(plotted)
    legend_rows = math.ceil(min(len(colours), 11) / 2)
    legend_height = 22 * legend_rows + 12 if colours else 0
    total_height = height + legend_height
    left, right, top, bottom = 64, 110, 22, 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="group" '
        'aria-label="Timeline of every figure by source; the question page lists the same '
        'points in a table" '
        f'viewBox="0 0 {width} {total_height}" width="{width}" height="{total_height}" '
        f'font-family="{_e(FONT)}" font-size="12">',
        "<title>Timeline of every figure by source, with the running median and the "
        "estimate</title>",
        f'<rect x="0" y="0" width="{width}" height="{total_height}" fill="#FFFFFF"/>',
    ]
    if not plotted:
        out.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{MUTED}">'
            "No dated figures to draw</text></svg>"
        )
        return Markup("".join(out))
    value = estimate.get("estimate")
    steps = [t for t in timeline or [] if t.get("date") and t.get("estimate") is not None]
    values = [p["value"] for p in plotted] + [
        v for v in (value, estimate.get("low"), estimate.get("high")) if v is not None
    ]
    values += [v for t in steps for v in (t["estimate"], t.get("low"), t.get("high")) if v]
    positive = [v for v in values if v > 0]
    log = bool(positive) and len(positive) == len(values) and max(values) / min(positive) > 20
    if log:
        low, high = min(positive) / 1.3, max(positive) * 1.3
    else:
        low, high = min(0.0, min(values)), max(values) * 1.1 or 1.0
    days = [date.fromisoformat(p["date"]) for p in plotted]
    days += [date.fromisoformat(t["date"]) for t in steps]
    first, last = min(days), max(days)
    pad = max(1, (last - first).days // 25)
    first, last = first - timedelta(pad), last + timedelta(pad)
    x_of = _Scale(first.toordinal(), last.toordinal(), left, width - right, False)
    y_of = _Scale(low, high, height - bottom, top, log)

    def x(day: date) -> float:
        return round(x_of(day.toordinal()), 1)

    def y(v: float) -> float:
        return round(y_of(v), 1)

    # grid and axes
    for tick in _value_ticks(low, high, log):
        ty = y(tick)
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty}" y2="{ty}" stroke="{GRID}"/>'
            f'<text x="{left - 8}" y="{ty + 4}" text-anchor="end" fill="{MUTED}">'
            f"{_e(compact(tick))}</text>"
        )
    for day_tick, tick_label in _date_ticks(first, last):
        tx = x(day_tick)
        out.append(
            f'<line x1="{tx}" x2="{tx}" y1="{top}" y2="{height - bottom}" stroke="{GRID}"/>'
            f'<text x="{tx}" y="{height - bottom + 18}" text-anchor="middle" fill="{MUTED}">'
            f"{_e(tick_label)}</text>"
        )
    out.append(
        f'<line x1="{left}" x2="{width - right}" y1="{height - bottom}" '
        f'y2="{height - bottom}" stroke="{MUTED}"/>'
    )
    axis = ", ".join(t for t in (label, "log scale" if log else None) if t)
    if axis:
        out.append(
            f'<text x="{left - 56}" y="{top - 5}" fill="{MUTED}" font-size="10">{_e(axis)}</text>'
        )
    # running median and inter-quartile band of the figures known by each date
    band = _timeline_band(steps) if steps else _running_band(plotted)
    if band:
        end_x = x(last)
        upper = [(x(d), y(q3)) for d, _q1, _m, q3 in band] + [(end_x, y(band[-1][3]))]
        lower = [(x(d), y(q1)) for d, q1, _m, _q3 in band] + [(end_x, y(band[-1][1]))]
        shape = _steps(upper) + list(reversed(_steps(lower)))
        out.append(
            f'<polygon class="band" points="{_pts(shape)}" fill="{BAND}" fill-opacity="0.10"/>'
        )
        line = _steps([(x(d), y(m)) for d, _q1, m, _q3 in band] + [(end_x, y(band[-1][2]))])
        out.append(
            f'<polyline class="running" points="{_pts(line)}" fill="none" stroke="{BAND}" '
            'stroke-width="1.6" stroke-opacity="0.7"/>'
        )
    # the current estimate and its interval, at the right edge
    if value is not None and (value > 0 or not log):
        ex = width - right + 14
        lo, hi = estimate.get("low"), estimate.get("high")
        if lo is not None and hi is not None and (not log or lo > 0):
            out.append(
                f'<rect class="interval" x="{ex - 5}" y="{y(hi)}" width="10" '
                f'height="{max(y(lo) - y(hi), 2)}" fill="{BAND}" fill-opacity="0.25" '
                f'stroke="{BAND}" stroke-width="1"/>'
            )
        ey = y(value)
        out.append(
            f'<line class="estimate" x1="{left}" x2="{ex + 5}" y1="{ey}" y2="{ey}" '
            f'stroke="{INK}" stroke-width="1.2" stroke-dasharray="5 4"/>'
            f'<text x="{ex + 10}" y="{ey - 3}" fill="{INK}" font-weight="600">'
            f"{_e(compact(value))}</text>"
            f'<text x="{ex + 10}" y="{ey + 11}" fill="{MUTED}" font-size="10">estimate</text>'
        )
    # the claims
    biggest = max(p.get("n", 1) for p in plotted)
    for p in sorted(plotted, key=lambda p: p.get("weight") or 0):
        cx, cy = x(date.fromisoformat(p["date"])), y(p["value"])
        colour = colours.get(p["source"], OTHER)
        outlier = bool(p.get("flag")) if "flag" in p else _is_outlier(p["value"], value)
        if biggest > 1:
            radius = round(3.5 + 5 * math.sqrt(p.get("n", 1) / biggest), 1)
        elif p.get("weight") is not None:
            radius = round(3.0 + 4.0 * math.sqrt(max(0.0, min(1.0, p["weight"]))), 1)
        else:
            radius = 4.5
        rejected = p.get("status", "ok") != "ok"
        tip = f"{compact(p['value'])} — {p['source']} — {p['date']}"
        if p.get("n", 1) > 1:
            tip += f" ({p['n']} claims)"
        if p.get("hedged"):
            tip += " — hedged"
        if p.get("echo_of"):
            tip += f" — echo of claim {p['echo_of']}, counted once"
        elif p.get("weight") is not None and biggest == 1:
            tip += f" — weight {p['weight']:.2f}"
        if outlier:
            tip += f" — flagged: {p['flag']}" if p.get("flag") else " — outlier"
        if rejected:
            tip += f" — marked {p['status']}"
        href = link.format(id=p["claim_id"])
        classes = "point" + (" outlier" if outlier else "") + (" rejected" if rejected else "")
        fill = "#FFFFFF" if p.get("hedged") or rejected else colour
        out.append(f'<a href="{_e(href)}" class="{classes}"><title>{_e(tip)}</title>')
        if outlier:
            out.append(
                f'<circle cx="{cx}" cy="{cy}" r="{radius + 4}" fill="none" '
                f'stroke="{OUTLIER}" stroke-width="1.5"/>'
            )
        out.append(
            f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="{fill}" stroke="{colour}" '
            f'stroke-width="2" fill-opacity="0.9"/>'
        )
        if rejected:
            d = radius
            out.append(
                f'<path d="M{cx - d} {cy - d}L{cx + d} {cy + d}M{cx - d} {cy + d}L{cx + d} '
                f'{cy - d}" stroke="{MUTED}" stroke-width="1.5"/>'
            )
        out.append("</a>")
    # legend: sources, then the marks
    out.append(_legend(colours, width, height))
    out.append("</svg>")
    return Markup("".join(out))


def _legend(colours: dict[str, str], width: int, height: int) -> str:
    out = []
    shown = list(colours.items())[:10]
    rest = len(colours) - len(shown)
    if rest > 0:
        shown.append((f"{rest} other source{'s' if rest > 1 else ''}", OTHER))
    column = (width - 64) / 2
    for i, (name, colour) in enumerate(shown):
        lx = 64 + (i % 2) * column
        ly = height + 6 + (i // 2) * 22
        label = name if len(name) <= 60 else name[:57] + "…"
        out.append(
            f'<circle cx="{lx + 6}" cy="{ly + 6}" r="5" fill="{colour}"/>'
            f'<text x="{lx + 18}" y="{ly + 10}" fill="{INK}">{_e(label)}</text>'
        )
    return "".join(out)


def _is_outlier(value: float, estimate: float | None) -> bool:
    if not estimate or value <= 0 or estimate <= 0:
        return False
    return abs(math.log(value / estimate)) > math.log(3)


def _timeline_band(steps: list[dict[str, Any]]) -> list[tuple[date, float, float, float]]:
    out = []
    for t in sorted(steps, key=lambda t: t["date"]):
        estimate = t["estimate"]
        low = t.get("low") if t.get("low") is not None else estimate
        high = t.get("high") if t.get("high") is not None else estimate
        out.append(
            (date.fromisoformat(t["date"]), min(low, estimate), estimate, max(high, estimate))
        )
    return out


def _steps(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for px, py in points:
        if out:
            out.append((px, out[-1][1]))
        out.append((px, py))
    return out


def _pts(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{px},{py}" for px, py in points)


def sparkline_svg(
    trend: list[list[Any]], estimate: float | None = None, *, width: int = 120, height: int = 28
) -> Markup:
    """A small line of a question's daily figures, log-scaled when they span a lot."""
    if len(trend) < 2:
        return Markup(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true"></svg>'
        )
    days = [date.fromisoformat(d).toordinal() for d, _ in trend]
    values = [v for _, v in trend]
    positive = [v for v in values if v > 0]
    log = len(positive) == len(values) and max(values) / min(positive) > 20
    x_of = _Scale(min(days), max(days), 2, width - 2, False)
    y_of = _Scale(min(values), max(values), height - 3, 3, log)
    line = " ".join(
        f"{round(x_of(d), 1)},{round(y_of(v), 1)}" for d, v in zip(days, values, strict=True)
    )
    last_x, last_y = round(x_of(days[-1]), 1), round(y_of(values[-1]), 1)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">'
        f'<polyline points="{line}" fill="none" stroke="{BAND}" stroke-width="1.5"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2.5" fill="{BAND}"/></svg>'
    )


def swatch(colour: str) -> Markup:
    """A colour dot for tables (a presentation attribute, so no inline style is needed)."""
    return Markup(
        '<svg class="swatch" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">'
        f'<circle cx="5" cy="5" r="5" fill="{_e(colour)}"/></svg>'
    )


def chart_document(chart: dict[str, Any]) -> str:
    """A question's ``chart`` data (points, estimate, timeline) as a standalone SVG file:
    the same drawing as on its page."""
    svg = timeline_svg(chart["points"], chart["estimate"], chart["timeline"])
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + str(svg) + "\n"
