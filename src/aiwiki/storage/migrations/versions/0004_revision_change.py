"""revisions say what kind of change they made; indexes for recent changes

Revision ID: 0004
Revises: 0002

(Branch `edits`; branch `accounts` adds 0003 beside it. Whichever lands second revises the
other, so that the chain has one head.)
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # every revision written before this one came from an import: the only writer then
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change", sa.String(length=20), server_default="import", nullable=False))
        batch_op.create_index("ix_revisions_author_id", ["author", "id"], unique=False)
        batch_op.create_index("ix_revisions_change_id", ["change", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_revisions_change_id")
        batch_op.drop_index("ix_revisions_author_id")
        batch_op.drop_column("change")
