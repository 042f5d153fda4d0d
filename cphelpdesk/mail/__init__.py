"""The email channel: every message stored raw first, then parsed, classified and routed to a query."""
