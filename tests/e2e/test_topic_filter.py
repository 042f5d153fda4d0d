"""The topics of the question form: grouped by parent, and with JavaScript a filter box narrows them."""

import pytest

from tests.e2e.conftest import log_in
from tests.factories import MemberFactory

pytestmark = [pytest.mark.e2e]


def test_the_filter_box_narrows_the_topics_and_keeps_the_checked_ones(contexts, reference_data):
    page = log_in(contexts, MemberFactory())
    page.goto("/queries/new/")
    page.get_by_label("4W/5W and service mapping").check()
    page.get_by_label("Filter the list").fill("tracing")
    assert page.get_by_label("Family tracing and reunification").is_visible()
    assert page.get_by_label("4W/5W and service mapping").is_visible()  # checked: stays in view
    assert not page.get_by_label("Child labour").is_visible()
    assert not page.get_by_role("group", name="Humanitarian programme cycle").is_visible()
    page.get_by_label("Filter the list").press("Enter")  # filters, does not send the form
    assert page.url.endswith("/queries/new/")
    page.get_by_label("Filter the list").fill("")
    assert page.get_by_label("Child labour").is_visible()
