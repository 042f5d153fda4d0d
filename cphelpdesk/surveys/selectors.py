"""Reads of feedback: what the requester may still do, and what staff see of a rating."""

from dataclasses import dataclass

from django.utils import timezone

from cphelpdesk.surveys.models import FeedbackRequest, Rating


@dataclass
class RequesterFeedback:
    """The rating part of the requester's query page."""

    request: FeedbackRequest | None
    rating: Rating | None

    @property
    def open(self) -> bool:
        """The requester may still rate (or change their rating) from the page."""
        return self.request is not None and self.request.expires_at > timezone.now()


def feedback_for_requester(query) -> RequesterFeedback:
    return RequesterFeedback(request=FeedbackRequest.objects.filter(query=query).first(),
                             rating=Rating.objects.filter(query=query).first())


def rating_of(query) -> Rating | None:
    """The requester's rating, for staff on the query page."""
    return Rating.objects.filter(query=query).first()
