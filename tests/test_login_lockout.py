"""Repeated failed log-ins lock out that username from that address for a while (django-axes),
on our log-in page and the admin's, with a page that says what happened."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery staple"


@pytest.fixture(autouse=True)
def generous_rate_limit(settings):
    """The per-address rate limit would stop guessing too; here only the lockout is tested."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "1000/h"}


def log_in(client, username, password, address="203.0.113.7", url=None):
    return client.post(
        url or reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username, times, **kwargs):
    for attempt in range(times):
        response = log_in(client, username, f"wrong guess {attempt}", **kwargs)
        assert response.status_code == 200, attempt  # the form again, with its error


def lock_out(client, username, **kwargs):
    """Four failures show the form again; the fifth locks the username out."""
    fail(client, username, 4, **kwargs)
    assert log_in(client, username, "wrong guess 5", **kwargs).status_code == 429


def test_five_wrong_passwords_lock_the_username_out_with_a_clear_page(client, parent):
    fail(client, "parent_pat", 4)
    fifth = log_in(client, "parent_pat", "wrong guess 5")

    assert fifth.status_code == 429
    assert fifth["Retry-After"] == str(15 * 60)
    page = fifth.content.decode()
    assert "Log-in paused for this account" in page
    assert "wrong 5 times in a row" in page
    assert "try again in 15 minutes" in page
    assert reverse("accounts:password_reset") in page


def test_a_locked_out_username_cannot_log_in_even_with_the_right_password(client, parent):
    lock_out(client, "parent_pat")
    response = log_in(client, "parent_pat", RIGHT)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:account")).status_code == 302  # still asked to log in


def test_the_lockout_is_for_that_username_from_that_address_only(client, parent, teen):
    lock_out(client, "parent_pat")

    from_elsewhere = log_in(client, "parent_pat", RIGHT, address="198.51.100.20")
    client.logout()
    other_user_same_address = log_in(client, "teen_tess", RIGHT)

    assert from_elsewhere.status_code == 302
    assert other_user_same_address.status_code == 302


def test_the_lockout_ends_after_the_cool_off_time(client, parent):
    lock_out(client, "parent_pat")
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )

    response = log_in(client, "parent_pat", RIGHT)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(parent.pk)


def test_a_successful_log_in_resets_the_count(client, parent):
    fail(client, "parent_pat", 4)
    assert log_in(client, "parent_pat", RIGHT).status_code == 302
    client.logout()

    fail(client, "parent_pat", 4)
    assert log_in(client, "parent_pat", RIGHT).status_code == 302


def test_failures_on_the_admin_log_in_lock_out_too(client):
    StaffFactory(username="ed", group="Editors")
    admin_login = reverse("admin:login")
    for attempt in range(4):
        assert log_in(client, "ed", f"wrong {attempt}", url=admin_login).status_code == 200

    locked = log_in(client, "ed", "wrong again", url=admin_login)
    with_right_password = log_in(client, "ed", RIGHT, url=admin_login)

    assert locked.status_code == 429
    assert "Log-in paused for this account" in locked.content.decode()
    assert with_right_password.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


def test_failures_on_our_page_count_on_the_admins_page_too(client):
    StaffFactory(username="ed", group="Editors")
    lock_out(client, "ed")

    assert log_in(client, "ed", RIGHT, url=reverse("admin:login")).status_code == 429


def test_the_limits_come_from_settings(client, parent, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=5)

    fail(client, "parent_pat", 1)
    second = log_in(client, "parent_pat", "wrong again")

    assert second.status_code == 429
    assert second["Retry-After"] == "300"
    assert "try again in 5 minutes" in second.content.decode()


def test_password_validators_refuse_a_weak_password_at_sign_up(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "new_parent",
            "email": "new@example.com",
            "birth_month": "3",
            "birth_year": "1980",
            "password1": "password",
            "password2": "password",
        },
    )

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()


def test_a_username_longer_than_any_account_is_counted_without_an_error(client, parent):
    """Django's log-in form hands any length to authenticate(); axes stores 255 characters."""
    response = log_in(client, "x" * 100_000, "wrong")

    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "x" * 150
