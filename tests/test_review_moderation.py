"""The moderation rules, reports that hide a review, and the moderators' queue and log."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import ModerationDecision, Report, Review
from reviews.moderation import reasons_to_hold
from tests.factories import FilmFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

CLEAN = {
    "stars": 4,
    "age_recommendation": 10,
    "title": "A gentle film",
    "body": "Nothing here that worried us; the dog steals every scene.",
}


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("Read my full thoughts at https://example.com/blog before watching.", "a link"),
        ("More on www.filmchat.net about the ending.", "a link"),
        ("See moviefans.com for the soundtrack list.", "a link"),
        ("Write to me at kid.reviewer@example.org if you liked it.", "an email address"),
        ("Text me on 07700 900123 and we can talk about it.", "a phone number"),
        ("Call +1 (555) 010-9999 to chat about the plot.", "a phone number"),
        ("The main character says shit a lot in the second half.", "strong language"),
        ("Honestly a fucking brilliant ending for older teens.", "strong language"),
    ],
)
def test_a_review_with_contact_details_or_profanity_waits_for_a_moderator(parent, body, reason):
    review = services.submit_review(author=parent, film=FilmFactory(), **{**CLEAN, "body": body})

    assert review.status == Review.Status.PENDING
    assert reason in review.held_because


def test_a_review_with_a_url_waits_for_moderation_and_is_not_on_the_film_page(client_for, parent, teen):
    film = FilmFactory()
    body = "Full review on http://my-film-blog.example/post"
    client_for(parent).post(f"/films/{film.slug}/review/", {**CLEAN, "body": body})

    review = Review.objects.get(author=parent)
    assert review.status == Review.Status.PENDING
    assert body not in client_for(teen).get(film.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "text",
    [
        "Fine for ages 12-15, with a talk afterwards about the war scenes.",
        "Released in 2010, it still holds up. 4 of our 5 kids loved it.",
        "Scunthorpe is where we watched it; the class dismissed it as boring.",
        "Mr. Jones the teacher is brilliant. Dr. Who fans will enjoy it.",
        "Set in 1978-1994 and filmed in 2009/10, it feels timeless.",
    ],
)
def test_ordinary_text_publishes_at_once(parent, text):
    assert reasons_to_hold(text, parent) == []


def test_a_review_by_an_account_less_than_a_day_old_waits(db):
    newcomer = UserFactory(date_joined=timezone.now() - datetime.timedelta(hours=20))

    review = services.submit_review(author=newcomer, film=FilmFactory(), **CLEAN)

    assert review.status == Review.Status.PENDING
    assert review.held_because == "an account less than a day old"


def report_by(people, review, reason="offensive"):
    for person in people:
        services.report_review(user=person, review=review, reason=reason)


def test_three_reports_by_different_people_hide_a_review(client, parent):
    review = ReviewFactory(author=parent, title="Reported review")
    report_by(UserFactory.create_batch(2), review)
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED

    report_by([UserFactory()], review)

    review.refresh_from_db()
    assert review.status == Review.Status.HIDDEN
    assert "Reported review" not in client.get(review.film.get_absolute_url()).content.decode()
    decision = ModerationDecision.objects.get(review=review)
    assert (decision.status, decision.moderator, decision.reason) == ("hidden", None, "reported by 3 people")


def test_reports_sent_through_the_film_page_hide_a_review(client_for):
    review = ReviewFactory()
    for person in UserFactory.create_batch(3):
        response = client_for(person).post(
            f"/reviews/{review.pk}/report/", {"reason": "spam", "note": "An ad."}
        )
        assert response.status_code == 302

    review.refresh_from_db()
    assert review.status == Review.Status.HIDDEN
    assert Report.objects.filter(review=review, note="An ad.").count() == 3


def test_a_moderator_publishing_a_hidden_review_closes_its_reports_and_is_logged(client_for, moderator):
    review = ReviewFactory()
    report_by(UserFactory.create_batch(3), review)

    client_for(moderator).post(
        reverse("admin:reviews_review_changelist"),
        {"action": "publish_selected", "_selected_action": [review.pk]},
    )

    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    assert not review.reports.filter(is_open=True).exists()
    latest = review.decisions.first()
    assert (latest.status, latest.moderator) == ("published", moderator)
    assert latest.created_at > timezone.now() - datetime.timedelta(minutes=1)
    # A new report alone does not hide it again: the three before it were decided.
    report_by([UserFactory()], review)
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED


def test_a_moderator_changing_the_status_in_the_form_is_logged(client_for, moderator):
    review = ReviewFactory(status="pending")
    data = {
        "status": "rejected",
        "stars": review.stars,
        "age_recommendation": review.age_recommendation,
        "title": review.title,
        "body": review.body,
        "reports-TOTAL_FORMS": 0,
        "reports-INITIAL_FORMS": 0,
        "decisions-TOTAL_FORMS": 0,
        "decisions-INITIAL_FORMS": 0,
    }

    response = client_for(moderator).post(reverse("admin:reviews_review_change", args=[review.pk]), data)

    assert response.status_code == 302
    decision = review.decisions.get()
    assert (decision.status, decision.moderator, decision.reason) == (
        "rejected",
        moderator,
        "changed in the admin",
    )


def test_moderators_see_reports_and_held_reasons_in_the_queue(client_for, moderator):
    review = ReviewFactory(title="Reported review")
    report_by(UserFactory.create_batch(3), review, reason="spam")
    ReviewFactory(title="Held review", status="pending", held_because="a link")
    client = client_for(moderator)

    response = client.get(reverse("admin:reviews_review_changelist"))
    detail = client.get(reverse("admin:reviews_review_change", args=[review.pk])).content.decode()

    queue = response.content.decode()
    assert "Hidden after reports" in queue and "a link" in queue
    rows = {r.title: r.open_report_count for r in response.context["cl"].result_list}
    assert rows == {"Reported review": 3, "Held review": 0}
    assert "It is spam or advertising" in detail
    assert client.get(reverse("admin:reviews_moderationdecision_changelist")).status_code == 200


def test_moderators_but_never_editors_may_see_reports_and_decisions():
    def codenames(group):
        return set(
            Group.objects.get(name=group)
            .permissions.filter(content_type__app_label="reviews")
            .values_list("codename", flat=True)
        )

    assert {"view_report", "change_report", "view_moderationdecision"} <= codenames("Moderators")
    assert "change_moderationdecision" not in codenames("Moderators")
    assert codenames("Editors") == {"view_mostwantedfilm"}  # the admin's list of films to review
