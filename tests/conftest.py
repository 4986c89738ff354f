import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from pagecache import recent_pages
from reviews import page_views
from tests.factories import StaffFactory, UserFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags for Debian's Chromium on a machine without a sandbox, a GPU or an outside network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def collected_static(django_db_blocker):
    """Pages use the production static storage (hashed names), so collect it once per run."""
    call_command("collectstatic", "--noinput", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def jinja2_renders_in_responses():
    """The test client's response.context for the pages' Jinja2 templates, as Django's test
    set-up gives it for its own engine: each render announces its template and context."""
    from django.template.backends import jinja2
    from django.test.signals import template_rendered

    render = jinja2.Template.render

    def announced(self, context=None, request=None):
        context = {} if context is None else context
        html = render(self, context, request)
        template_rendered.send(sender=self, template=self, context=context)
        return html

    jinja2.Template.render = announced
    yield
    jinja2.Template.render = render


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached pages and rate limits never leak between
    tests; nor do film page views waiting to be written."""
    cache.clear()
    recent_pages.clear()
    page_views.counter.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing is slow on purpose; tests only need passwords to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return StaffFactory(username="ed", group="Editors")


@pytest.fixture
def moderator(db):
    return StaffFactory(username="mo", group="Moderators")


@pytest.fixture
def parent(db):
    return UserFactory(username="parent_pat")


@pytest.fixture
def teen(db):
    return UserFactory(username="teen_tess", teen=True)


@pytest.fixture
def client_for():
    """A logged-in test client for a user: client_for(editor).get(...)."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


def pytest_collection_modifyitems(items):
    """Browser tests run last, so the browser (and what it needs, below) is there for them only."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, for the live_server tests.

    Playwright's sync API keeps an event loop running in this thread, which makes Django
    refuse database access "from an async context". The tests are synchronous, so allow
    it while the browser lives: browser tests run last, so this covers them alone.
    """
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live server (tests/e2e/conftest.py sets up its static files)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """screenshot("film-page-phone") saves a PNG into the folder `make test` names."""
    folder = Path(os.environ.get("SCREENSHOT_DIR", "test-artifacts/screenshots"))
    folder.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        # A full-page shot stretches the viewport for a moment and Chromium can keep a stale
        # layout afterwards, so that the next click lands nowhere; a real resize resets it.
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": size["height"] + 1})
        page.set_viewport_size(size)
        return path

    return take
