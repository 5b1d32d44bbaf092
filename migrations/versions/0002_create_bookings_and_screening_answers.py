"""create bookings and screening answers

Revision ID: 0002_create_bookings
Revises: 0001_create_handoffs
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_create_bookings"
down_revision = "0001_create_handoffs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(12), nullable=False, unique=True),
        sa.Column("conversation_id", sa.String(128), nullable=False, index=True),
        sa.Column("full_name", sa.String(120), nullable=False),
        sa.Column("contact_kind", sa.String(8), nullable=False),
        sa.Column("contact_value", sa.String(254), nullable=False),
        sa.Column("preferred_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("preferred_window", sa.String(16)),
        sa.Column("preferred_label", sa.String(80), nullable=False),
        sa.Column("is_adult", sa.Boolean, nullable=False),
        sa.Column("contact_consent", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "screening_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "booking_id", sa.Integer, sa.ForeignKey("bookings.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("question", sa.String(64), nullable=False),
        sa.Column("answer", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("screening_answers")
    op.drop_table("bookings")
