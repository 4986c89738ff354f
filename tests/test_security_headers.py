"""Every kind of page carries the security headers: a strict CSP, no sniffing, a referrer
policy and frame denial; and with HTTPS=1, HSTS and secure, HttpOnly cookies."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AdvisoryFactory, StaffFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def film():
    return AdvisoryFactory(film__title="Paddington", film__year=2014).film


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (directive.split() for directive in policy.split(";") if directive.strip())
    }


def assert_security_headers(response, what):
    directives = csp_directives(response)
    for name in ["default-src", "script-src", "style-src"]:
        assert directives[name] == ["'self'"], (what, name, directives.get(name))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], what
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], what
    assert directives["frame-ancestors"] == ["'none'"], what
    assert directives["object-src"] == ["'none'"], what
    assert response["X-Frame-Options"] == "DENY", what
    assert response["X-Content-Type-Options"] == "nosniff", what
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", what


def anonymous_pages(film):
    return {
        "home": (reverse("home"), 200),
        "browse": (reverse("films:browse") + "?age_max=10", 200),
        "film page": (film.get_absolute_url(), 200),
        "404": ("/films/no-such-film-1900/", 404),
        "sign-up": (reverse("accounts:signup"), 200),
        "log-in": (reverse("accounts:login"), 200),
        "password reset": (reverse("accounts:password_reset"), 200),
        "admin log-in": ("/admin/login/", 200),
        "API film list": (reverse("api:film-list"), 200),
        "API film detail": (reverse("api:film-detail", args=[film.slug]), 200),
        "API 404": ("/api/v1/nothing-here/", 404),
        "API schema": (reverse("api-schema"), 200),
        "API docs": (reverse("api-docs"), 200),
    }


def test_every_anonymous_page_carries_the_security_headers(client, film):
    for what, (url, status) in anonymous_pages(film).items():
        response = client.get(url)

        assert response.status_code == status, what
        assert_security_headers(response, what)


def test_pages_served_from_the_page_cache_keep_the_security_headers(film):
    cached = ["home", "browse", "film page", "API film list", "API film detail"]
    for what in cached:
        url, _ = anonymous_pages(film)[what]
        Client().get(url)
        response = Client().get(url)

        assert response.get("X-Cache") == "hit", what
        assert_security_headers(response, f"{what} (from the cache)")


def test_signed_in_pages_carry_the_security_headers(client_for, parent, film):
    client = client_for(parent)
    pages = {
        "account": reverse("accounts:account"),
        "review form": reverse("reviews:write", args=[film.slug]),
        "delete account": reverse("accounts:delete"),
        "API token": reverse("api-token"),
    }
    for what, url in pages.items():
        response = client.get(url)

        assert response.status_code == 200, what
        assert_security_headers(response, what)


def test_admin_pages_carry_the_security_headers(client_for, film):
    client = client_for(StaffFactory(username="header_editor", group="Editors"))
    pages = {
        "admin index": reverse("admin:index"),
        "admin change list": reverse("admin:advisories_advisory_changelist"),
        "admin change page": reverse("admin:advisories_advisory_change", args=[film.advisory.pk]),
    }
    for what, url in pages.items():
        response = client.get(url)

        assert response.status_code == 200, what
        assert_security_headers(response, what)


def test_hsts_is_sent_over_https_when_configured(client, film, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    over_https = client.get(reverse("home"), secure=True)
    over_http = client.get(reverse("home"))

    assert over_https["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in over_http


PRODUCTION_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name, None) for name in [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY",
    "SECURE_PROXY_SSL_HEADER",
]}))
"""


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory):
    """The settings module's values with the production environment, read in a fresh process."""
    import json

    env = {
        **os.environ,
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "reelwise.example.org",
        "REELWISE_VAR_DIR": str(tmp_path_factory.mktemp("var")),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRODUCTION_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_turn_on_https_only_cookies_and_hsts(production_settings):
    assert production_settings["DEBUG"] is False
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    for cookie in ["SESSION", "CSRF"]:
        assert production_settings[f"{cookie}_COOKIE_SECURE"] is True, cookie
        assert production_settings[f"{cookie}_COOKIE_HTTPONLY"] is True, cookie


def test_with_production_settings_the_log_in_cookies_are_secure_and_http_only(
    client, parent, settings, production_settings
):
    for name in ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_SECURE"]:
        setattr(settings, name, production_settings[name])
    settings.CSRF_COOKIE_SECURE = production_settings["CSRF_COOKIE_SECURE"]
    settings.SECURE_SSL_REDIRECT = True

    plain_http = client.get(reverse("accounts:login"))
    form = client.get(reverse("accounts:login"), secure=True)
    logged_in = client.post(
        reverse("accounts:login"),
        {"username": "parent_pat", "password": "correct horse battery staple"},
        secure=True,
    )

    assert plain_http.status_code == 301
    assert plain_http["Location"].startswith("https://")
    assert form["Strict-Transport-Security"].startswith("max-age=31536000")
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    assert logged_in.status_code == 302
    session = logged_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert logged_in["Strict-Transport-Security"].startswith("max-age=31536000")
