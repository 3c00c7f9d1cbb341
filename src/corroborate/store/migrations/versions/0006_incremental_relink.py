"""incremental relink: each claim's own question key, the keys' support, and passes

``claims.link_key`` is the question key a claim's own words give ("" when it answers
none, NULL until linked); ``link_keys`` holds each key with the number of claims giving
it, so that a new claim re-decides only the keys it can sway; ``passes`` records when a
whole-database pass (source reliability) last ran.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("link_key", sa.String(400), nullable=True))
    op.create_index("ix_claims_link_key", "claims", ["link_key"])
    op.create_table(
        "link_keys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(400), nullable=False, unique=True),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("counted", sa.String(300), nullable=True),
        sa.Column("event", sa.String(200), nullable=False),
        sa.Column("place", sa.String(200), nullable=True),
        sa.Column("period", sa.String(100), nullable=True),
        sa.Column("unit", sa.String(32), nullable=True),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("support", sa.Integer(), nullable=False),
    )
    op.create_index("ix_link_keys_counted", "link_keys", ["counted"])
    op.create_table(
        "passes",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
    )
    op.create_table(
        "reliability",
        sa.Column("voice", sa.String(400), primary_key=True),
        sa.Column("weight", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reliability")
    op.drop_table("passes")
    op.drop_index("ix_link_keys_counted", table_name="link_keys")
    op.drop_table("link_keys")
    op.drop_index("ix_claims_link_key", table_name="claims")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("link_key")
