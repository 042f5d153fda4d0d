"""Browser tests: Playwright driving Debian's Chromium, headless, against the live test server."""

import os
import shutil
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import PASSWORD

CHROMIUM = shutil.which("chromium")



def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="browser tests need Debian's Chromium: apt-get install chromium")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests (and the live
    # server's database flush) make around it are ordinary synchronous calls, so Django's async-safety
    # guard does not apply to them. Set only while the browser runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def contexts(browser, live_server):
    """Each person works in their own browser (one login each: a TOTP code is accepted only once)."""
    opened = []

    def new_context():
        opened.append(browser.new_context(base_url=live_server.url, locale="en-GB"))
        return opened[-1]

    yield new_context
    for context in opened:
        context.close()


def log_in(new_context, member):
    page = new_context().new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign In").click()
    if getattr(member, "totp_secret", None):
        page.wait_for_url("**/2fa/authenticate/")
        code = format_hotp_value(hotp_value(member.totp_secret, int(time.time()) // 30))
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/queries/mine/" if not getattr(member, "totp_secret", None) else "**/staff/")
    return page


def mark_answered_in_full(page):
    """On a query's page, as staff: marks the query answered in full, and sees it done."""
    from playwright.sync_api import expect

    page.get_by_text("Mark answered", exact=True).first.click()
    page.get_by_label("Outcome").select_option("full")
    page.get_by_role("button", name="Mark answered").click()
    expect(page.get_by_text("Marked answered.")).to_be_visible()


def answer_in_full(page, text: str):
    """On a query's page, as staff: replies with `text`, then marks the query answered in full."""
    from playwright.sync_api import expect

    reply = page.locator("#reply-heading + form")
    reply.get_by_label("Message").fill(text)
    reply.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Sent.", exact=True)).to_be_visible()
    mark_answered_in_full(page)
