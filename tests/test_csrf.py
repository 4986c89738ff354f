"""Every form that changes something refuses a post without its CSRF token."""

import pytest
from django.test import Client

from tests.factories import AdvisoryFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    return ReviewFactory(film=AdvisoryFactory(film__title="Guarded").film)


@pytest.mark.parametrize(
    "url",
    [
        "/films/guarded-2005/review/",
        "/films/guarded-2005/review/delete/",
        "/reviews/{pk}/helpful/",
        "/reviews/{pk}/report/",
        "/accounts/logout/",
        "/accounts/delete/",
        "/accounts/password/",
    ],
)
def test_a_signed_in_form_posted_without_its_token_is_refused(review, parent, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(parent)
    ReviewFactory(film=review.film, author=parent)

    response = client.post(
        url.format(pk=review.pk), {"reason": "spam", "password": "correct horse battery staple"}
    )

    assert response.status_code == 403
    assert parent.reviews.count() == 1
    assert not review.helpful_marks.exists() and not review.reports.exists()


@pytest.mark.parametrize("url", ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"])
def test_an_account_form_posted_without_its_token_is_refused(db, url):
    UserFactory(username="someone")

    response = Client(enforce_csrf_checks=True).post(
        url,
        {"username": "someone", "password": "correct horse battery staple", "email": "someone@example.com"},
    )

    assert response.status_code == 403
