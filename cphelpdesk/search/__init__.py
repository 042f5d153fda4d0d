"""Search: one interface (index.update, engine.search) over SQLite FTS5 and PostgreSQL full-text search."""
