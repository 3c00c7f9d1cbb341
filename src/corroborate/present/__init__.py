"""Presenters shared by the CLI and the web: numbers and figures as readers write them
(``format``), the estimate explained in sentences (``reasoning``), and the published
exports: CSV, JSON and schema.org ClaimReview (``exports``). They format what the read
layer (``corroborate.query``) returns and never read the database themselves."""
