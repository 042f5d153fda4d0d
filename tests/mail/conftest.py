"""Fixtures shared by the mail tests."""

import pytest

from cphelpdesk.mail import gateway
from tests.mailserver import free_port


@pytest.fixture
def running_gateway(transactional_db, reference_data):
    """The SMTP gateway listening on a free loopback port (yields the port)."""
    port = free_port()
    controller = gateway.controller(host="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()
