"""The estimate of a question explained in sentences, from the reconcile engine's
conclusions as the read layer returns them (``query.questions.question_page``)."""

from __future__ import annotations

from typing import Any

from corroborate.present.format import number
from corroborate.query.compare import near


def question_reasoning(page: dict[str, Any]) -> list[str]:
    """The sentences of a question's page (its estimate, sources, timeline, flags)."""
    return reasoning(
        page["question"],
        page["sources"],
        page["chart"]["timeline"],
        page.get("flagged"),
        page.get("follows"),
    )


def reasoning(
    question: dict[str, Any],
    sources: list[dict[str, Any]],
    timeline: list[dict[str, Any]] | None = None,
    flagged: list[dict[str, Any]] | None = None,
    follows: str | None = None,
) -> list[str]:
    """The estimate explained in sentences, from the reconcile engine's conclusions: how
    it moved over time, which camp it follows when the sources split, who agrees, which
    claims are echoes, what is flagged and why."""
    estimate = question.get("estimate")
    out: list[str] = []
    if estimate is None:
        return ["No estimate yet: no claim of this question can be weighed."]
    n_sources = question.get("n_sources") or 0
    when = f" as of {question['as_of']}" if question.get("as_of") else ""
    low, high = question.get("low"), question.get("high")
    interval = ""
    if low is not None and high is not None and low != high:
        interval = f", with the current figures between {number(low)} and {number(high)}"
    out.append(
        f"The estimate is {number(estimate)}{when}, from {n_sources} independent "
        f"source{'s' if n_sources != 1 else ''}{interval}."
    )
    steps = [t for t in (timeline or []) if t.get("estimate") is not None]
    if len(steps) > 1 and steps[0]["estimate"] != steps[-1]["estimate"]:
        verb = "grew" if steps[-1]["estimate"] > steps[0]["estimate"] else "fell"
        out.append(
            f"Over time it {verb} from {number(steps[0]['estimate'])} on {steps[0]['date']} "
            f"to {number(steps[-1]['estimate'])} on {steps[-1]['date']}: each source's latest "
            "figure speaks for the present, older ones for their own date."
        )
    if follows:
        out.append(follows)
    agree = [s for s in sources if not s["n_flagged"] and near(s["median"], estimate)]
    if agree:
        out.append(
            "Agreeing with it (within 25%): "
            + ", ".join(f"{s['name']} ({number(s['median'])})" for s in agree[:8])
            + "."
        )
    reasons: dict[str, list[dict[str, Any]]] = {}
    for item in flagged or []:
        reasons.setdefault(item["flag"], []).append(item)
    for reason, items in list(reasons.items())[:4]:
        ids = ", ".join(str(i["id"]) for i in items)
        out.append(
            f"Flagged: {reason} ({items[0]['source']}; claim{'s' if len(items) > 1 else ''} {ids})."
        )
    echoes = sum(s["n_echoes"] or 0 for s in sources)
    if echoes:
        carried = [s for s in sources if s["n_outlets"] > 1]
        tail = (
            "; carried by several outlets: "
            + ", ".join(f"{s['name']} ({s['n_outlets']} outlets)" for s in carried[:5])
            if carried
            else ""
        )
        out.append(
            f"{echoes} claim{'s' if echoes != 1 else ''} repeat an earlier report (wire copy, "
            f"or the same source saying it again) and count once{tail}."
        )
    hedged = [s for s in sources if s["n_hedged"]]
    if hedged:
        out.append(
            "Hedged (rumour, estimate, unconfirmed or denial): "
            + ", ".join(f"{s['name']} ({s['n_hedged']})" for s in hedged[:6])
            + "."
        )
    rated = sorted(
        (s for s in sources if s.get("reliability") is not None),
        key=lambda s: -s["reliability"],
    )
    if rated:
        out.append(
            "Learned reliability (1 = the most reliable source seen): "
            + ", ".join(f"{s['name']} {s['reliability']:.2f}" for s in rated[:5])
            + "."
        )
    graded = [s for s in sources if s["grade"]]
    if graded:
        out.append(
            "Analyst grades (Admiralty A–F): "
            + ", ".join(f"{s['name']} {s['grade']}" for s in graded)
            + "."
        )
    rejected = sum(s["n_rejected"] or 0 for s in sources)
    if rejected:
        out.append(
            f"{rejected} claim{'s' if rejected != 1 else ''} marked wrong or duplicate by an "
            "analyst are not weighed."
        )
    return out
