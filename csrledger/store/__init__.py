"""Persistence: the ledger in SQLite (or any SQLAlchemy database), migrated by Alembic."""
