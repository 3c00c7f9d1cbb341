"""A question's printable brief (HTML) and its chart (SVG), for the web and
``corroborate export``: pages of the web UI rendered outside a request."""

from __future__ import annotations

from sqlalchemy import Engine

from corroborate.present.exports import now_text
from corroborate.present.reasoning import question_reasoning
from corroborate.query.questions import question_page
from corroborate.web.chart import timeline_svg
from corroborate.web.render import render_string

SVG_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


def brief_html(engine: Engine, *, question_id: int, top: int = 12) -> str | None:
    """A printable one-page brief: estimate, chart, reasoning, sources and key evidence."""
    data = question_page(engine, question_id=question_id, limit=top)
    if data is None:
        return None
    data = {**data, "reasoning": question_reasoning(data)}
    return render_string("brief.html", {"data": data, "generated": now_text()})


def chart_svg(engine: Engine, *, question_id: int) -> str | None:
    """A question's timeline chart as a standalone SVG document."""
    data = question_page(engine, question_id=question_id, limit=1)
    if data is None:
        return None
    chart = data["chart"]
    return (
        SVG_HEADER + str(timeline_svg(chart["points"], chart["estimate"], chart["timeline"])) + "\n"
    )
