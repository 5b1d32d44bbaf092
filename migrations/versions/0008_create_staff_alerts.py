"""create staff alerts, counted for the alert digest

Revision ID: 0008_staff_alerts
Revises: 0007_staff_notes
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_staff_alerts"
down_revision = "0007_staff_notes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_alerts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("handoff_id", sa.Integer, nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16)),
        sa.Column("held", sa.Boolean, nullable=False),
        sa.Column("digest", sa.String(32), index=True),
    )


def downgrade() -> None:
    op.drop_table("staff_alerts")
