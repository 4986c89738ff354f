"""Who may write, edit, delete, mark helpful, report and moderate a review.

The people: an anonymous visitor, the author, another member, a moderator and an editor
(staff accounts have no birth date, so they are neither parents nor teens).
"""

import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import HelpfulMark, Report, Review
from tests.factories import AdvisoryFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

A_REVIEW = {
    "stars": "3",
    "age_recommendation": "11",
    "title": "Changed by someone",
    "body": "A body long enough to pass the length rule of reviews.",
}


@pytest.fixture
def review(parent):
    film = AdvisoryFactory(film__title="Matrix film").film
    return ReviewFactory(film=film, author=parent, title="Original title")


@pytest.fixture
def other(db):
    return UserFactory(username="other_olly")


@pytest.fixture
def people(client_for, parent, other, moderator, editor):
    return {
        "anonymous": Client(),
        "author": client_for(parent),
        "another user": client_for(other),
        "moderator": client_for(moderator),
        "editor": client_for(editor),
    }


def write_url(review):
    return f"/films/{review.film.slug}/review/"


# Writing


def test_an_anonymous_visitor_is_sent_to_log_in_before_writing(people, review):
    response = people["anonymous"].get(write_url(review))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={write_url(review)}"


def test_another_user_can_write_their_own_review(people, review, other):
    people["another user"].post(write_url(review), A_REVIEW)

    assert Review.objects.filter(film=review.film, author=other).exists()


@pytest.mark.parametrize("who", ["moderator", "editor"])
def test_staff_without_a_birth_date_cannot_write_reviews(people, review, who):
    assert people[who].get(write_url(review)).status_code == 403
    assert people[who].post(write_url(review), A_REVIEW).status_code == 403
    assert Review.objects.count() == 1


# Editing


def test_the_author_can_edit_their_review(people, review):
    people["author"].post(write_url(review), A_REVIEW)

    review.refresh_from_db()
    assert review.title == "Changed by someone"


def test_another_user_cannot_edit_someone_elses_review(people, review, other):
    people["another user"].post(write_url(review), A_REVIEW)

    review.refresh_from_db()
    assert review.title == "Original title"
    assert Review.objects.get(author=other).title == "Changed by someone"


def test_a_moderator_can_decide_on_a_review_in_the_admin_but_not_rewrite_it_and_an_editor_cannot(
    people, review
):
    url = reverse("admin:reviews_review_change", args=[review.pk])
    data = {
        **A_REVIEW,
        "status": "published",
        "reports-TOTAL_FORMS": 0,
        "reports-INITIAL_FORMS": 0,
        "decisions-TOTAL_FORMS": 0,
        "decisions-INITIAL_FORMS": 0,
    }

    assert people["editor"].post(url, {**data, "title": "Editor was here"}).status_code == 403
    review.refresh_from_db()
    assert review.title == "Original title"

    assert (
        people["moderator"].post(url, {**data, "status": "rejected", "reason": "Off topic"}).status_code
        == 302
    )
    review.refresh_from_db()
    assert review.title == "Original title"
    assert review.status == "rejected"


# Deleting


def test_the_author_can_delete_their_review(people, review):
    people["author"].post(write_url(review) + "delete/")

    assert not Review.objects.filter(pk=review.pk).exists()


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("another user", 404)])
def test_nobody_else_can_delete_a_review_from_the_site(people, review, who, status):
    assert people[who].post(write_url(review) + "delete/").status_code == status

    assert Review.objects.filter(pk=review.pk).exists()


@pytest.mark.parametrize("who", ["moderator", "editor"])
def test_staff_cannot_delete_reviews_in_the_admin(people, review, who):
    url = reverse("admin:reviews_review_delete", args=[review.pk])

    assert people[who].post(url, {"post": "yes"}).status_code == 403
    assert Review.objects.filter(pk=review.pk).exists()


# Marking helpful and reporting


@pytest.mark.parametrize("who", ["another user", "moderator", "editor"])
def test_a_signed_in_person_marks_someone_elses_review_helpful_once(people, review, who):
    people[who].post(f"/reviews/{review.pk}/helpful/")
    people[who].post(f"/reviews/{review.pk}/helpful/")

    assert HelpfulMark.objects.filter(review=review).count() == 1


def test_an_anonymous_visitor_is_sent_to_log_in_to_mark_helpful_or_report(people, review):
    for action in ["helpful", "report"]:
        response = people["anonymous"].post(f"/reviews/{review.pk}/{action}/", {"reason": "spam"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    assert not HelpfulMark.objects.exists() and not Report.objects.exists()


def test_the_author_cannot_mark_their_own_review_helpful_or_report_it(people, review):
    assert people["author"].post(f"/reviews/{review.pk}/helpful/").status_code == 403
    assert people["author"].post(f"/reviews/{review.pk}/report/", {"reason": "spam"}).status_code == 403

    assert not HelpfulMark.objects.exists() and not Report.objects.exists()


@pytest.mark.parametrize("who", ["another user", "moderator", "editor"])
def test_a_signed_in_person_reports_someone_elses_review_once(people, review, who):
    people[who].post(f"/reviews/{review.pk}/report/", {"reason": "spam"})
    people[who].post(f"/reviews/{review.pk}/report/", {"reason": "offensive"})

    assert list(Report.objects.values_list("reason", flat=True)) == ["spam"]


def test_a_review_waiting_for_moderation_cannot_be_marked_or_reported(people, review):
    review.status = Review.Status.PENDING
    review.save()

    assert people["another user"].post(f"/reviews/{review.pk}/helpful/").status_code == 404
    assert people["another user"].post(f"/reviews/{review.pk}/report/", {"reason": "spam"}).status_code == 404


def test_helpful_marks_and_reports_are_rate_limited_per_account(people, settings, parent):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "helpful": "2/h", "report": "2/h"}
    reviews = ReviewFactory.create_batch(3, author=parent)
    client = people["another user"]

    statuses = [client.post(f"/reviews/{r.pk}/helpful/").status_code for r in reviews]
    report_statuses = [
        client.post(f"/reviews/{r.pk}/report/", {"reason": "spam"}).status_code for r in reviews
    ]

    assert statuses == [302, 302, 429] and report_statuses == [302, 302, 429]
    assert HelpfulMark.objects.count() == 2 and Report.objects.count() == 2


# Moderating


def publish(client, review):
    return client.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "publish_selected", "_selected_action": [review.pk]},
    )


def test_a_moderator_can_publish_a_waiting_review(people, review):
    review.status = Review.Status.PENDING
    review.save()

    publish(people["moderator"], review)

    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("author", 302), ("another user", 302), ("editor", 403)]
)
def test_nobody_else_can_moderate(people, review, who, status):
    review.status = Review.Status.PENDING
    review.save()

    assert publish(people[who], review).status_code == status

    review.refresh_from_db()
    assert review.status == Review.Status.PENDING
