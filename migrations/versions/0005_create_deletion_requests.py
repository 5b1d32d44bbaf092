"""create deletion requests

Revision ID: 0005_deletion_requests
Revises: 0004_handoff_callback
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_deletion_requests"
down_revision = "0004_handoff_callback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deletion_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(128), nullable=False, index=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("deletion_requests")
