"""Accounts: a neutral age screen, teens and parents, and the account's own pages."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from reviews.models import HelpfulMark, Report, Review
from tests.factories import AdvisoryFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
PASSWORD = "a quiet walk by the sea"


def born_years_ago(years, **fields):
    """Sign-up data for someone who turned `years` last January."""
    return {
        "username": "new_member",
        "email": "someone@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "birth_month": 1,
        "birth_year": timezone.localdate().year - years,
        **fields,
    }


def test_an_eleven_year_old_gets_a_kind_message_and_nothing_is_stored(client):
    response = client.post(SIGNUP, born_years_ago(11))

    assert response.status_code == 200
    assert "can't make a Reelwise account for you yet" in response.content.decode()
    assert not User.objects.exists()


def test_after_a_refusal_another_date_in_the_same_session_is_refused_too(client):
    client.post(SIGNUP, born_years_ago(11))

    retry = client.post(SIGNUP, born_years_ago(40))

    assert "can't make a Reelwise account for you yet" in retry.content.decode()
    assert not User.objects.exists()
    assert "can't make" in client.get(SIGNUP).content.decode()


def test_the_refusal_comes_even_when_other_fields_are_wrong(client):
    response = client.post(SIGNUP, born_years_ago(11, password2="does not match"))

    assert "can't make a Reelwise account for you yet" in response.content.decode()
    assert not User.objects.exists()


def test_the_signup_form_does_not_hint_at_an_age_limit(client):
    page = client.get(SIGNUP).content.decode().lower()
    # The year list, the CSRF token and the stylesheets' hashed names hold numbers that are not hints.
    words = re.sub(r"<option[^>]*>[^<]*</option>|<input[^>]*csrfmiddlewaretoken[^>]*>|<link[^>]*>", "", page)

    for hint in ["13", "thirteen", "old enough", "age limit", "minimum age", "under "]:
        assert hint not in words, hint


def test_a_fifteen_year_old_becomes_a_teen_and_is_logged_in(client):
    response = client.post(SIGNUP, born_years_ago(15))

    user = User.objects.get(username="new_member")
    assert response.status_code == 302
    assert user.role() == Role.TEEN
    assert user.public_label() == "Teen, 15 years old"
    assert client.get("/accounts/").context["user"] == user


def test_a_forty_year_old_becomes_a_parent(client):
    client.post(SIGNUP, born_years_ago(40))

    user = User.objects.get(username="new_member")
    assert user.role() == Role.PARENT
    assert user.public_label() == "Parent"


def test_signup_goes_back_to_the_page_it_came_from(client):
    response = client.post(SIGNUP + "?next=/films/some-film-2001/review/", born_years_ago(40))

    assert response["Location"] == "/films/some-film-2001/review/"


def test_a_username_cannot_be_an_email_address(client):
    response = client.post(SIGNUP, born_years_ago(40, username="kim@example.com"))

    assert "cannot be an email address" in response.content.decode()
    assert not User.objects.exists()


def test_a_username_differing_only_in_case_is_taken(client):
    UserFactory(username="Maple")

    response = client.post(SIGNUP, born_years_ago(40, username="maple"))

    assert "That username is taken" in response.content.decode()
    assert User.objects.count() == 1


def test_a_birth_month_still_to_come_is_refused(client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 6, 15))

    response = client.post(SIGNUP, born_years_ago(0, birth_year=2026, birth_month=9))

    assert "That month has not happened yet" in response.content.decode()
    assert not User.objects.exists()


def test_signup_attempts_are_limited_per_address(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "2/h"}
    for n in range(2):  # two visitors from the same address
        assert Client().post(SIGNUP, born_years_ago(40, username=f"member{n}")).status_code == 302

    response = Client().post(SIGNUP, born_years_ago(40, username="member3"))

    assert response.status_code == 429
    assert "Please slow down" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert not User.objects.filter(username="member3").exists()


def test_log_in_attempts_are_limited_per_address(client, settings, parent):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "3/10m"}
    for _ in range(3):
        assert (
            client.post("/accounts/login/", {"username": "parent_pat", "password": "wrong"}).status_code
            == 200
        )

    response = client.post(
        "/accounts/login/", {"username": "parent_pat", "password": "correct horse battery staple"}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_log_in_attempts_count_against_the_same_limit(client, settings, moderator):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "2/10m"}
    client.post("/accounts/login/", {"username": "mo", "password": "wrong"})
    client.post("/admin/login/", {"username": "mo", "password": "wrong"})

    response = client.post("/admin/login/", {"username": "mo", "password": "correct horse battery staple"})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_log_in_and_log_out(client, parent):
    response = client.post(
        "/accounts/login/", {"username": "parent_pat", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(parent.pk)

    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")

    assert "_auth_user_id" not in client.session


def test_the_header_offers_log_in_and_sign_up_then_account_and_log_out(client, parent):
    AdvisoryFactory(film__title="Header film")
    page = client.get("/films/header-film-2005/").content.decode()
    assert 'href="/accounts/login/"' in page and 'href="/accounts/signup/"' in page

    client.force_login(parent)
    page = client.get("/films/header-film-2005/").content.decode()

    assert 'href="/accounts/"' in page
    assert 'action="/accounts/logout/"' in page


def test_a_forgotten_password_is_reset_by_email(client, parent):
    client.post("/accounts/password/reset/", {"email": parent.email})

    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    form_page = client.get(link.split("127.0.0.1:8000")[1], follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand new secret 42", "new_password2": "brand new secret 42"},
    )

    parent.refresh_from_db()
    assert parent.check_password("brand new secret 42")


def test_password_reset_requests_are_limited_per_address(client, settings, parent):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": "2/h"}

    statuses = [
        client.post("/accounts/password/reset/", {"email": parent.email}).status_code for _ in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_a_member_changes_their_password(client_for, parent):
    client = client_for(parent)

    client.post(
        "/accounts/password/",
        {
            "old_password": "correct horse battery staple",
            "new_password1": "brand new secret 42",
            "new_password2": "brand new secret 42",
        },
    )

    parent.refresh_from_db()
    assert parent.check_password("brand new secret 42")


def test_deleting_an_account_deletes_its_reviews_marks_and_reports(client_for, parent, teen):
    own = ReviewFactory(author=parent)
    others = ReviewFactory(author=teen)
    HelpfulMark.objects.create(review=others, user=parent)
    Report.objects.create(review=others, reporter=parent, reason="spam")
    client = client_for(parent)

    response = client.post("/accounts/delete/", {"password": "correct horse battery staple"})

    assert "Your account is deleted" in response.content.decode()
    assert not User.objects.filter(pk=parent.pk).exists()
    assert not Review.objects.filter(pk=own.pk).exists()
    assert not HelpfulMark.objects.exists() and not Report.objects.exists()
    assert Review.objects.filter(pk=others.pk).exists()
    assert "_auth_user_id" not in client.session


def test_deleting_an_account_needs_its_password(client_for, parent):
    response = client_for(parent).post("/accounts/delete/", {"password": "a guess"})

    assert "That is not your password" in response.content.decode()
    assert User.objects.filter(pk=parent.pk).exists()


def test_nothing_public_shows_an_email_a_birth_date_or_a_real_name(client):
    author = UserFactory(
        username="quiet_one",
        email="private.person@example.com",
        first_name="Rosalind",
        last_name="Whitcombe",
        birth_year=timezone.localdate().year - 16,
        birth_month=7,
        date_joined=timezone.now() - datetime.timedelta(days=90),
    )
    review = ReviewFactory(author=author)

    page = client.get(review.film.get_absolute_url()).content.decode()

    assert "quiet_one" in page
    for private in ["private.person", "Rosalind", "Whitcombe", str(author.birth_year), "July"]:
        assert private not in page, private


def test_the_reset_link_is_on_site_url_whatever_host_the_request_names(client, settings, parent):
    settings.SITE_URL = "https://reelwise.example:8443"
    settings.ALLOWED_HOSTS = ["*"]

    client.post(
        "/accounts/password/reset/",
        {"email": parent.email},
        HTTP_HOST="attacker.example:6666",
    )

    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    assert link.startswith("https://reelwise.example:8443/accounts/password/reset/")
    # The host and its port, not "6666" alone: the link's random token can hold those digits.
    assert "attacker.example" not in mail.outbox[0].body and ":6666" not in mail.outbox[0].body


@pytest.mark.parametrize(
    "value",
    [
        "reelwise.example",
        "ftp://reelwise.example",
        "https://reelwise.example/path",
        "https://:80",
        "http://x:99999",
    ],
)
def test_a_site_url_that_is_not_an_origin_stops_start_up(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    from config.settings import env_origin

    monkeypatch.setenv("SITE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        env_origin("SITE_URL", "http://127.0.0.1:8000")


def test_site_url_keeps_its_port_and_drops_a_trailing_slash(monkeypatch):
    from config.settings import env_origin

    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000/")
    assert env_origin("SITE_URL", "") == "http://127.0.0.1:8000"


def test_the_password_reset_pages_that_carry_the_secret_link_are_never_stored(client, parent):
    client.post("/accounts/password/reset/", {"email": parent.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)

    from_the_email = client.get(link.split("127.0.0.1:8000")[1])
    set_password_page = client.get(from_the_email["Location"])

    assert from_the_email.status_code == 302 and set_password_page.status_code == 200
    for response in (from_the_email, set_password_page):
        assert "no-store" in response.headers["Cache-Control"]
