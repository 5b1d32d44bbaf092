"""keep only the fact of a call-back request once a handoff is resolved

Resolving a handoff now clears its evidence (the visitor's words) and call-back details; the
reports still count call-back requests, by `callback_requested`. Handoffs resolved before this
revision are cleared here too.

Revision ID: 0009_callback_requested
Revises: 0008_staff_alerts
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_callback_requested"
down_revision = "0008_staff_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoffs") as batch:
        batch.add_column(sa.Column("callback_requested", sa.Boolean, nullable=False, server_default=sa.false()))
    handoffs = sa.table(
        "handoffs",
        sa.column("status", sa.String),
        sa.column("evidence", sa.JSON),
        sa.column("callback_requested", sa.Boolean),
        sa.column("callback_name", sa.String),
        sa.column("callback_phone", sa.String),
    )
    asked = sa.or_(handoffs.c.callback_name.isnot(None), handoffs.c.callback_phone.isnot(None))
    op.execute(handoffs.update().where(asked).values(callback_requested=True))
    op.execute(
        handoffs.update()
        .where(handoffs.c.status == "resolved")
        .values(evidence=[], callback_name=None, callback_phone=None)
    )


def downgrade() -> None:
    with op.batch_alter_table("handoffs") as batch:
        batch.drop_column("callback_requested")
