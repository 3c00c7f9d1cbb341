"""The one read layer: every listing and page the CLI and the web show.

Plain data functions over the store: keyword-only arguments, plain dicts and lists out
(dates as ISO text, as precise as they are known), ``None`` when the thing asked for does
not exist. The CLI prints what they return and the web serves it as JSON or fills a
template with it, so ``corroborate questions -f json`` and ``GET /api/questions`` carry
the same objects. Aggregates are computed in SQL and expensive summaries are cached until
the data changes (``query.cache``).
"""
