"""link keys found by what they say: counted thing, place, owner

The incremental relink reads the stored keys that refine a new claim's key (the same
counted thing, and its place and owner when said). Indexed by ``counted`` alone, that read
scanned every key of the class, so adding an article cost more the larger the database.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 06:10:00
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ``counted`` leads the new index, which serves every read the old one did.
    op.drop_index("ix_link_keys_counted", table_name="link_keys")
    op.create_index("ix_link_keys_refining", "link_keys", ["counted", "place", "owner", "event"])


def downgrade() -> None:
    op.drop_index("ix_link_keys_refining", table_name="link_keys")
    op.create_index("ix_link_keys_counted", "link_keys", ["counted"])
