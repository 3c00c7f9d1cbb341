"""A question's printable brief: the web UI's page rendered outside a request, for
``corroborate export brief`` (the page's template and stylesheet are the web's)."""

from __future__ import annotations

from sqlalchemy import Engine

from corroborate.present.exports import now_text
from corroborate.present.reasoning import question_reasoning
from corroborate.query.questions import question_page
from corroborate.web.render import render_string


def brief_html(engine: Engine, *, question_id: int, top: int = 12) -> str | None:
    """A printable one-page brief: estimate, chart, reasoning, sources and key evidence."""
    data = question_page(engine, question_id=question_id, limit=top)
    if data is None:
        return None
    data = {**data, "reasoning": question_reasoning(data)}
    return render_string("brief.html", {"data": data, "generated": now_text()})
