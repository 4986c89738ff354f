"""The account page where a person creates and revokes the token their apps use."""

import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN_PAGE = "/account/api-token/"
FILMS_URL = "/api/v1/films/"


def shown_key(response):
    match = re.search(r'<code id="new-token">([0-9a-f]{40})</code>', response.content.decode())
    return match and match.group(1)


def authenticated_user(key):
    """Whom the API takes a request with this token for."""
    request = Request(APIRequestFactory().get(FILMS_URL, HTTP_AUTHORIZATION=f"Token {key}"))
    user, _ = TokenAuthentication().authenticate(request)
    return user


def test_the_page_is_at_account_api_token():
    assert reverse("api-token") == TOKEN_PAGE


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(TOKEN_PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={TOKEN_PAGE}"
    assert client.post(TOKEN_PAGE, {"action": "create"}).status_code == 302
    assert not Token.objects.exists()


def test_a_person_without_a_token_is_offered_one(parent, client_for):
    response = client_for(parent).get(TOKEN_PAGE)

    page = response.content.decode()
    assert "You have no token." in page
    assert "Create a token" in page
    assert "Revoke my token" not in page


def test_creating_a_token_shows_its_key_once_and_the_key_works_for_the_api(parent, client_for):
    client = client_for(parent)

    created = client.post(TOKEN_PAGE, {"action": "create"})

    key = shown_key(created)
    assert key == Token.objects.get(user=parent).key
    assert "we show it only this once" in created.content.decode()
    later = client.get(TOKEN_PAGE).content.decode()
    assert key not in later
    assert "You have a token, created on" in later
    assert authenticated_user(key) == parent
    assert Client().get(FILMS_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_creating_again_replaces_the_old_token(parent, client_for):
    client = client_for(parent)
    old = shown_key(client.post(TOKEN_PAGE, {"action": "create"}))

    new = shown_key(client.post(TOKEN_PAGE, {"action": "create"}))

    assert new != old
    assert list(Token.objects.filter(user=parent).values_list("key", flat=True)) == [new]
    assert Client().get(FILMS_URL, HTTP_AUTHORIZATION=f"Token {old}").status_code == 401


def test_a_revoked_token_is_refused_with_401(parent, client_for):
    client = client_for(parent)
    key = shown_key(client.post(TOKEN_PAGE, {"action": "create"}))

    response = client.post(TOKEN_PAGE, {"action": "revoke"}, follow=True)

    assert "Your token is revoked" in response.content.decode()
    assert "You have no token." in response.content.decode()
    assert not Token.objects.filter(user=parent).exists()
    refused = Client().get(FILMS_URL, HTTP_AUTHORIZATION=f"Token {key}")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"
    assert refused.json() == {"detail": "Invalid token."}


def test_revoking_touches_only_ones_own_token(parent, teen, client_for):
    client_for(teen).post(TOKEN_PAGE, {"action": "create"})
    client_for(parent).post(TOKEN_PAGE, {"action": "create"})

    client_for(parent).post(TOKEN_PAGE, {"action": "revoke"})

    assert list(Token.objects.values_list("user__username", flat=True)) == ["teen_tess"]


def test_a_made_up_token_is_refused(client):
    response = client.get(FILMS_URL, HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    assert response.status_code == 401


def test_the_forms_need_the_csrf_token():
    person = UserFactory(username="careful")
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)

    assert client.post(TOKEN_PAGE, {"action": "create"}).status_code == 403
    page = client.get(TOKEN_PAGE).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(TOKEN_PAGE, {"action": "create", "csrfmiddlewaretoken": csrf}).status_code == 200
    assert Token.objects.filter(user=person).exists()


def test_an_unknown_action_changes_nothing(parent, client_for):
    client = client_for(parent)
    key = shown_key(client.post(TOKEN_PAGE, {"action": "create"}))

    response = client.post(TOKEN_PAGE, {"action": "explode"})

    assert response.status_code == 200
    assert Token.objects.get(user=parent).key == key


def test_the_account_page_links_to_the_token_page(client_for, parent):
    page = client_for(parent).get(reverse("accounts:account")).content.decode()

    assert f'href="{TOKEN_PAGE}"' in page


def test_the_page_that_shows_a_new_key_is_never_stored_by_a_browser_or_proxy(parent, client_for):
    client = client_for(parent)

    created = client.post(TOKEN_PAGE, {"action": "create"})
    shown = client.get(TOKEN_PAGE)

    assert shown_key(created)
    for response in (created, shown):
        assert "no-store" in response.headers["Cache-Control"]
        assert "private" in response.headers["Cache-Control"]
