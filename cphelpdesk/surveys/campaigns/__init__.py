"""Survey campaigns (issue #6 point 2): building, audience, invitations, responses and results."""
