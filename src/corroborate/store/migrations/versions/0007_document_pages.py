"""documents keep where each page starts

A PDF's pages are joined into one text; ``pages`` keeps the offset at which each page
starts, so a claim can say which page of the report it stands on.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 05:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("pages", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("pages")
