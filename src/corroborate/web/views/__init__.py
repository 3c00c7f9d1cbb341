"""Views: one module per page type. Each view returns data; render.page serves it as
HTML and as JSON."""
