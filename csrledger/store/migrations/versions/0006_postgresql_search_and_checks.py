"""PostgreSQL: the full-text index and the finite-amount rule that SQLite has had since 0001 and 0003.

- ``documents_fts`` on PostgreSQL is a table of one ``tsvector`` per
  document (words with weight A, their base forms with weight B:
  ``csrledger.store.search``), GIN-indexed, deleted with its document; it is
  built for the documents already stored.
- ``records`` get a CHECK constraint that refuses an amount that is not a
  finite number from 0 to 1e16 (NaN and Infinity fail it), as SQLite's
  triggers do; it is named by its message, so a writer is told the same
  thing on both databases.

Nothing changes on SQLite.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CHECK = "records.amount must be a finite number from 0 to 1e16"
_FINITE = "({col} IS NULL OR ({col} >= 0 AND {col} <= 1e16))"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from csrledger.store.search import index_document

    op.execute(f"UPDATE records SET amount = NULL, amount_kzt = NULL WHERE NOT ({_FINITE.format(col='amount')} "
               f"AND {_FINITE.format(col='amount_kzt')})")
    op.execute(f'ALTER TABLE records ADD CONSTRAINT "{CHECK}" '
               f"CHECK ({_FINITE.format(col='amount')} AND {_FINITE.format(col='amount_kzt')})")
    op.execute("CREATE TABLE documents_fts (doc_id VARCHAR(200) PRIMARY KEY "
               "REFERENCES documents(id) ON DELETE CASCADE, vector TSVECTOR NOT NULL)")
    op.execute("CREATE INDEX ix_documents_fts_vector ON documents_fts USING gin (vector)")
    for doc_id, title, body, lang in bind.execute(sa.text("SELECT id, title, text, lang FROM documents")).all():
        index_document(bind, doc_id, title, body, lang)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE documents_fts")
    op.execute(f'ALTER TABLE records DROP CONSTRAINT "{CHECK}"')
