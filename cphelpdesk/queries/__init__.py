"""Queries: intake, triage, assignment, replies, referrals, gaps, SLA and the timeline of each query."""
