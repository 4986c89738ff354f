"""Site-styled error pages: a 404 that helps a parent on, and a 500 that needs nothing to render."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_site_styled_404_with_a_search_box(client):
    response = client.get("/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "We cannot find that page" in page
    assert 'rel="stylesheet"' in page
    assert 'action="/films/"' in page


def test_the_500_page_renders_on_its_own_in_the_site_style():
    response = server_error(RequestFactory().get("/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert 'rel="stylesheet"' in page
