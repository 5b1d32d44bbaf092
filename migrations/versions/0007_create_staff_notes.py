"""create staff notes on conversations and bookings

Revision ID: 0007_staff_notes
Revises: 0006_review_labels
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_staff_notes"
down_revision = "0006_review_labels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
        sa.Column("booking_id", sa.Integer, sa.ForeignKey("bookings.id", ondelete="CASCADE"), index=True),
        sa.Column("staff_username", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("staff_notes")
