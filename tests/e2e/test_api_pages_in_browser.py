"""The API's two pages for people: the token page and the interactive docs."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def plain_static(settings):
    """The live server serves static files from their sources, which know no hashed names:
    use the plain storage so that the pages' CSS and the docs' scripts load."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def sign_in(page, user, base_url):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )


def test_a_parent_creates_and_revokes_a_token_on_a_phone(page, live_server, screenshot):
    sign_in(page, UserFactory(username="app_builder"), live_server.url)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/account/api-token/")

    page.get_by_role("button", name="Create a token").click()

    key = page.locator("#new-token").inner_text()
    assert len(key) == 40
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Axe().run(page).violations_count == 0
    screenshot("api-token-phone")
    page.get_by_role("button", name="Revoke my token").click()
    assert page.get_by_text("Your token is revoked").is_visible()
    assert page.get_by_text("You have no token.").is_visible()


def test_the_docs_show_the_api_using_nothing_from_outside(page, live_server, screenshot):
    outside = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )

    page.goto("/api/docs/")

    page.get_by_text("Films, filtered by age and content").wait_for()
    assert page.get_by_text("A film's published reviews").is_visible()
    assert outside == []
    screenshot("api-docs")
