"""The surveys app's models: feedback on answers and survey campaigns."""

from cphelpdesk.surveys.models.campaigns import Answer, Invitation, Question, Response, Section, Survey
from cphelpdesk.surveys.models.feedback import FeedbackRequest, Rating

__all__ = ["Answer", "FeedbackRequest", "Invitation", "Question", "Rating", "Response", "Section", "Survey"]
