"""claims carry their kind, event class, origin chain and date precision

``kind`` (total, increment, planned, subset, rate, other) decides which question a claim
answers; ``event_class`` is the closed class of what happened (``event`` keeps the words);
``via`` and ``speaker`` keep the relays and the person quoted beside the origin
(``source``); ``as_of_precision`` and the documents' ``published_precision`` say whether a
date is a day, a month or a year.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 04:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "claims", sa.Column("kind", sa.String(16), server_default="total", nullable=False)
    )
    op.add_column("claims", sa.Column("event_class", sa.String(32), nullable=True))
    op.add_column("claims", sa.Column("via", sa.JSON(), nullable=True))
    op.add_column("claims", sa.Column("speaker", sa.String(300), nullable=True))
    op.add_column("claims", sa.Column("as_of_precision", sa.String(8), nullable=True))
    op.add_column("documents", sa.Column("published_precision", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("published_precision")
    with op.batch_alter_table("claims") as batch:
        for name in ("as_of_precision", "speaker", "via", "event_class", "kind"):
            batch.drop_column(name)
