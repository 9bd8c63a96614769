"""statements: (doc_id, valid_from, predicate) index instead of (doc_id)

Reading the undated statements of the documents published in a period ("what changed")
filters on valid_from and predicate inside the index instead of fetching every statement of
those documents. Lookups by doc_id alone use the index prefix.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 13:10:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_doc_id")
        batch_op.create_index(
            "ix_statements_doc_date", ["doc_id", "valid_from", "predicate"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_doc_date")
        batch_op.create_index("ix_statements_doc_id", ["doc_id"], unique=False)
