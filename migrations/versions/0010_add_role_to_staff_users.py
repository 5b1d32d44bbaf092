"""add a role to staff users (staff or admin)

Revision ID: 0010_staff_roles
Revises: 0009_callback_requested
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_staff_roles"
down_revision = "0009_callback_requested"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing accounts become "staff": an administrator is named explicitly (make staff-user ADMIN=1).
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="staff"))


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("role")
