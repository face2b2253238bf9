"""review decisions (keyed by source line hash) and undoable merges

Revision ID: 0008
Revises: 0007
"""

from alembic import op
import sqlalchemy as sa


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("loser_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("survivor_revision", sa.Integer(), nullable=False),
        sa.Column("loser_revision", sa.Integer(), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["survivor_id"], ["topics.id"], name=op.f("fk_merges_survivor_id_topics"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["loser_id"], ["topics.id"], name=op.f("fk_merges_loser_id_topics"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merges")),
    )
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("merge_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["review_items.id"], name=op.f("fk_review_decisions_item_id_review_items"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["merge_id"], ["merges.id"], name=op.f("fk_review_decisions_merge_id_merges"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
    )
    op.create_index(op.f("ix_review_decisions_source_hash"), "review_decisions", ["source_hash"])
    op.create_index(op.f("ix_review_decisions_item_id"), "review_decisions", ["item_id"])
    op.create_index(op.f("ix_review_decisions_merge_id"), "review_decisions", ["merge_id"])


def downgrade() -> None:
    op.drop_table("review_decisions")
    op.drop_table("merges")
