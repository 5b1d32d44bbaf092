"""add a role to staff users (staff or admin)

Revision ID: 0009_staff_roles
Revises: 0007_staff_notes
Create Date: 2026-12-05

Numbered 0009 because branch sec-flood adds 0008_staff_alerts (also after 0007): whichever of the
two is merged second re-points its down_revision at the other, so that there is one head.
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_staff_roles"
down_revision = "0007_staff_notes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing accounts become "staff": an administrator is named explicitly (make staff-user ADMIN=1).
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="staff"))


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("role")
