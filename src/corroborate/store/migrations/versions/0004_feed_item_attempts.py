"""feed items count their failed attempts

A page that keeps failing for a passing reason (a timeout, a 5xx) is retried at the next
poll, but no longer for ever: ``attempts`` counts the tries, and the watch gives up after
a few.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "feed_items", sa.Column("attempts", sa.Integer(), server_default="0", nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("feed_items") as batch:
        batch.drop_column("attempts")
