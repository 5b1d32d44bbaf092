"""create review labels; add claim and escalation times to handoffs

Revision ID: 0006_review_labels
Revises: 0005_deletion_requests
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_review_labels"
down_revision = "0005_deletion_requests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_labels",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.Column("event_timestamp", sa.Float, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("topic", sa.String(64)),
        sa.Column("staff_username", sa.String(64), nullable=False),
        sa.Column("labelled_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.UniqueConstraint("sender_id", "event_id", name="uq_review_labels_message"),
    )
    with op.batch_alter_table("handoffs") as batch:
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("escalated_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("handoffs") as batch:
        batch.drop_column("escalated_at")
        batch.drop_column("claimed_at")
    op.drop_table("review_labels")
