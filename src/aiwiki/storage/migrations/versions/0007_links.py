"""links carry their field, language, words and sentence; site_state says when links were
last rebuilt in full; topics without a level get an inferred one

Revision ID: 0007
Revises: 0006

Links are derived: the old table (never filled) is dropped and made again, and
``links_built`` stays NULL so that the next start-up rebuilds every link.
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("links")
    _create_links()
    with op.batch_alter_table("site_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("links_built", sa.Integer(), nullable=True))
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inferred_level", sa.String(length=20), nullable=True))


def _create_links() -> None:
    op.create_table(
        "links",
        sa.Column("from_topic_id", sa.Integer(), nullable=False),
        sa.Column("to_topic_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=10), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mention", sa.String(length=300), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_topic_id"], ["topics.id"],
            name=op.f("fk_links_from_topic_id_topics"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_topic_id"], ["topics.id"],
            name=op.f("fk_links_to_topic_id_topics"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "from_topic_id", "to_topic_id", "lang", "field", name=op.f("pk_links")
        ),
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_links_to_topic_id"), ["to_topic_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.drop_column("inferred_level")
    with op.batch_alter_table("site_state", schema=None) as batch_op:
        batch_op.drop_column("links_built")
    op.drop_table("links")
    op.create_table(
        "links",
        sa.Column("from_topic_id", sa.Integer(), nullable=False),
        sa.Column("to_topic_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["from_topic_id"], ["topics.id"],
                                name=op.f("fk_links_from_topic_id_topics"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_topic_id"], ["topics.id"],
                                name=op.f("fk_links_to_topic_id_topics"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("from_topic_id", "to_topic_id", name=op.f("pk_links")),
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_links_to_topic_id"), ["to_topic_id"], unique=False)
