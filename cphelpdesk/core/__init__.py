"""Cross-cutting plumbing: layout, health, audit log, the worker's scheduler and the service commands."""
