"""Data rights: a person downloads everything Reelwise keeps about them and can delete it all;
moderators' decisions are logged with who, when and what."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts import personal_data
from accounts.models import User
from reviews import services
from reviews.models import HelpfulMark, ModerationDecision, Report, Review
from tests.factories import ChildFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA_URL = "/accounts/data.json"


@pytest.fixture
def active_parent(parent):
    """parent_pat with a review, a helpful mark, a report and an API token."""
    ReviewFactory(author=parent, film__title="Paddington", title="Kind and funny", body="We all laughed.")
    other = ReviewFactory(author=UserFactory(username="other_olly"), film__title="Up", title="Sad start")
    HelpfulMark.objects.create(user=parent, review=other)
    Report.objects.create(reporter=parent, review=other, reason="spoiler", note="Gives the ending away.")
    Token.objects.create(user=parent)
    return parent


def test_the_account_page_links_to_the_download(client_for, parent):
    page = client_for(parent).get(reverse("accounts:account")).content.decode()

    assert f'href="{DATA_URL}"' in page
    assert "Download your data" in page


def test_a_person_downloads_their_data_as_a_json_attachment(client_for, active_parent):
    response = client_for(active_parent).get(reverse("accounts:download_data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(f'attachment; filename="reelwise-{active_parent.pk}-')
    data = json.loads(response.content)
    assert data["account"]["username"] == "parent_pat"
    assert data["account"]["email"] == "parent_pat@example.com"
    assert data["account"]["birth_year"] == active_parent.birth_year
    assert [(r["film"], r["title"], r["body"]) for r in data["reviews"]] == [
        ("Paddington (2005)", "Kind and funny", "We all laughed.")
    ]
    other = Review.objects.get(title="Sad start")
    link = {"id": other.pk, "film_url": "/films/up-2005/"}
    assert [m["review"] for m in data["helpful_marks"]] == [link]
    assert [(r["review"], r["reason"], r["note"]) for r in data["reports"]] == [
        (link, "spoiler", "Gives the ending away.")
    ]
    assert data["api_token"]["exists"] is True


def test_the_download_shows_other_peoples_reviews_as_links_never_their_words(client_for, active_parent):
    content = client_for(active_parent).get(reverse("accounts:download_data")).content.decode()

    assert "Sad start" not in content


def test_a_moderators_download_never_shows_the_words_of_a_review_they_rejected(client_for, moderator):
    review = ReviewFactory(title="Spoils the twist", body="The butler did it, which ruins everything.")
    services.moderate(moderator=moderator, review=review, status=Review.Status.REJECTED, reason="spoiler")

    data = client_for(moderator).get(reverse("accounts:download_data")).json()

    link = {"id": review.pk, "film_url": review.film.get_absolute_url()}
    assert data["moderation_decisions"][0]["review"] == link
    assert data["moderation_decisions"][0]["status"] == "rejected"
    assert "Spoils the twist" not in json.dumps(data) and "butler" not in json.dumps(data)


def test_the_download_holds_no_password_hash_no_token_key_and_nobody_elses_data(client_for, active_parent):
    content = client_for(active_parent).get(reverse("accounts:download_data")).content.decode()

    assert active_parent.password not in content
    assert "md5$" not in content and "pbkdf2" not in content
    assert Token.objects.get(user=active_parent).key not in content
    assert "other_olly" not in content


def test_the_download_is_never_cached(client_for, parent):
    response = client_for(parent).get(reverse("accounts:download_data"))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_download_needs_a_log_in(client):
    response = client.get(reverse("accounts:download_data"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_download_answers_only_get(client_for, parent):
    assert client_for(parent).post(reverse("accounts:download_data")).status_code == 405


def test_every_relation_to_a_person_is_exported_or_left_out_on_purpose():
    """A new model pointing at the user must be added to the export or to NOT_EXPORTED."""
    exported = personal_data.exported_relations()
    names = {
        field.get_accessor_name().removesuffix("_set") if field.auto_created else field.name
        for field in User._meta.get_fields()
        if field.is_relation
    }

    assert names <= exported | set(personal_data.NOT_EXPORTED), names - exported


def test_deleting_the_account_removes_its_reviews_marks_reports_and_token(client_for, active_parent):
    client = client_for(active_parent)

    response = client.post(reverse("accounts:delete"), {"password": "correct horse battery staple"})

    assert response.status_code == 200
    assert not User.objects.filter(username="parent_pat").exists()
    assert not Review.objects.filter(title="Kind and funny").exists()
    assert HelpfulMark.objects.count() == 0
    assert Report.objects.count() == 0
    assert Token.objects.count() == 0
    assert Review.objects.filter(title="Sad start").exists()  # other people's reviews stay
    assert client.get(reverse("accounts:account")).status_code == 302


def test_deleting_needs_the_password(client_for, active_parent):
    response = client_for(active_parent).post(reverse("accounts:delete"), {"password": "not it"})

    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(username="parent_pat").exists()


@pytest.mark.parametrize(
    ("action", "status"), [("publish_selected", "published"), ("reject_selected", "rejected")]
)
def test_a_moderators_decision_in_the_admin_is_logged_with_who_when_and_what(
    client_for, moderator, action, status
):
    review = ReviewFactory(title="Held for a moderator", status=Review.Status.PENDING)
    before = timezone.now()

    response = client_for(moderator).post(
        reverse("admin:reviews_review_changelist"),
        {"action": action, "_selected_action": [review.pk], "reason": "Checked by hand"},
    )

    assert response.status_code == 302
    decision = ModerationDecision.objects.get(review=review)
    assert (decision.moderator, decision.status, decision.review_number) == (moderator, status, review.pk)
    assert before <= decision.created_at <= timezone.now() + datetime.timedelta(seconds=1)
    review.refresh_from_db()
    assert review.status == status


def test_the_log_keeps_a_decision_after_the_moderator_and_review_are_gone(client_for, moderator):
    review = ReviewFactory(title="Rejected then deleted", status=Review.Status.PENDING)
    client_for(moderator).post(
        reverse("admin:reviews_review_changelist"),
        {"action": "reject_selected", "_selected_action": [review.pk], "reason": "Checked by hand"},
    )

    number = review.pk
    review.delete()
    moderator.delete()

    decision = ModerationDecision.objects.get(review_number=number)
    assert (decision.status, decision.moderator, decision.review) == ("rejected", None, None)
    # The log keeps no words of the review: its title is the member's.
    assert "Rejected then deleted" not in str(decision)


def test_the_download_holds_a_parents_family_profile(client_for, parent):
    ChildFactory(owner=parent, nickname="Maya", birth_year=2016)

    data = client_for(parent).get(reverse("accounts:download_data")).json()

    assert [child["nickname"] for child in data["children"]] == ["Maya"]
    assert data["children"][0]["limits"]["violence_max"] is not None
