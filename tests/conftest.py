"""Shared fixtures: a real SMTP server on loopback for all mail, the task queue, reference data."""

import logging

import pytest

from tests.mailserver import SMTPServer


@pytest.fixture(scope="session")
def smtp_server():
    with SMTPServer() as server:
        yield server


@pytest.fixture(autouse=True)
def real_mail(settings, smtp_server):
    """Every test sends mail over SMTP to the loopback server; `inbox` reads what arrived."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    smtp_server.inbox.clear()
    yield


@pytest.fixture(autouse=True)
def mail_authentication(settings):
    """Mail proves its sender through our trusted MTA's Authentication-Results (`helpers.authenticated`);
    DNS answers come from a stub with no records, never from the network."""
    from tests.helpers import TRUSTED_MTA, StubResolver

    settings.HELPDESK_MAIL_TRUSTED_AUTHSERV_IDS = [TRUSTED_MTA]
    settings.HELPDESK_MAIL_RECEIVES_DIRECTLY = False
    settings.HELPDESK_MAIL_DNS_RESOLVER = StubResolver()


@pytest.fixture
def inbox(smtp_server):
    return smtp_server.inbox


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Password hashing strength is Django's concern, not ours; tests only need it to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def cache_per_process():
    """Each test process keeps its own cache (rate limits, tokens): parallel runs sharing the file cache
    under var/ would clear each other's entries."""
    from django.test import override_settings

    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and used TOTP codes live in the cache, configuration rows in a per-process cache:
    start each test clean (a rolled-back test's rows must not linger)."""
    from django.core.cache import cache

    from cphelpdesk.core.config_cache import clear_all

    cache.clear()
    clear_all()


@pytest.fixture
def reference_data(transactional_db):
    """Reference rows for transactional tests (a flush between those tests empties every table)."""
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)


@pytest.fixture(autouse=True, scope="session")
def no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """Threads that served a test (the mail gateway's store, sync_to_async's pool) keep their persistent database
    connections after it; on PostgreSQL those sessions stop the test database from being dropped at the end of the
    run. They are ended before pytest-django drops it (this fixture's teardown runs first: it depends on the setup)."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@pytest.fixture(autouse=True, scope="session")
def quiet_mail_server_logs():
    # aiosmtpd logs every SMTP command at INFO; failures are what matter in test output.
    logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Requests activate their reader's language for the rest of the thread; each test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def manager(db):
    """A manager (MFA set up)."""
    from cphelpdesk.directory.roles import Role
    from tests.factories import staff_with_mfa

    return staff_with_mfa(Role.MANAGER)


@pytest.fixture
def manager_client(client, manager):
    """The test client, logged in as `manager`."""
    client.force_login(manager)
    return client
