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


def change_form_data(review, **changes):
    """What the admin's change form posts for `review`, every field as a browser would send it."""
    return {
        "status": review.status,
        "reason": "",
        "stars": review.stars,
        "age_recommendation": review.age_recommendation,
        "title": review.title,
        "body": review.body,
        "flags": review.flags,
        "reports-TOTAL_FORMS": 0,
        "reports-INITIAL_FORMS": 0,
        "decisions-TOTAL_FORMS": 0,
        "decisions-INITIAL_FORMS": 0,
    } | changes


def test_a_moderator_changing_the_status_in_the_form_is_logged_with_the_reason(client_for, moderator):
    review = ReviewFactory(status="pending")
    data = change_form_data(review, status="rejected", reason="Names a child at the school")

    response = client_for(moderator).post(reverse("admin:reviews_review_change", args=[review.pk]), data)

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "rejected"
    decision = review.decisions.get()
    assert (decision.status, decision.moderator, decision.reason) == (
        "rejected",
        moderator,
        "Names a child at the school",
    )


def test_rejecting_in_the_form_without_a_reason_is_refused_and_changes_nothing(client_for, moderator):
    review = ReviewFactory(status="pending")

    response = client_for(moderator).post(
        reverse("admin:reviews_review_change", args=[review.pk]), change_form_data(review, status="rejected")
    )

    assert response.status_code == 200
    assert "Say why the review is rejected" in response.content.decode()
    review.refresh_from_db()
    assert review.status == "pending"
    assert not review.decisions.exists()


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_nobody_can_rewrite_a_members_words_stars_age_or_scores_in_the_admin(client_for, moderator, who):
    staff = (
        moderator
        if who == "moderator"
        else UserFactory(username="root_rita", is_staff=True, is_superuser=True)
    )
    review = ReviewFactory(
        title="My own words", body="What I wrote about the film, in my words.", stars=2, age_recommendation=12
    )
    client = client_for(staff)
    url = reverse("admin:reviews_review_change", args=[review.pk])

    page = client.get(url).content.decode()
    response = client.post(
        url,
        change_form_data(
            review,
            title="Rewritten by staff",
            body="Words the member never wrote, under their name.",
            stars=5,
            age_recommendation=3,
            violence_score=0,
            flags=["great_messages"],
        ),
    )

    assert 'name="title"' not in page and 'name="body"' not in page and 'name="stars"' not in page
    assert "My own words" in page
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.title, review.body, review.stars, review.age_recommendation) == (
        "My own words",
        "What I wrote about the film, in my words.",
        2,
        12,
    )
    assert review.violence_score is None and review.flags == []
    assert review.status == "published" and not review.decisions.exists()


def test_rejecting_from_the_queue_needs_a_reason_and_logs_it(client_for, moderator):
    review = ReviewFactory(status="pending")
    client = client_for(moderator)
    changelist = reverse("admin:reviews_review_changelist")

    refused = client.post(
        changelist, {"action": "reject_selected", "_selected_action": [review.pk]}, follow=True
    )
    review.refresh_from_db()
    assert "Nothing changed" in refused.content.decode() and review.status == "pending"

    client.post(
        changelist,
        {"action": "reject_selected", "_selected_action": [review.pk], "reason": "Spoils the ending"},
    )

    review.refresh_from_db()
    assert review.status == "rejected"
    decision = review.decisions.get()
    assert (decision.status, decision.moderator, decision.reason) == (
        "rejected",
        moderator,
        "Spoils the ending",
    )


def test_an_author_editing_a_published_review_sends_it_back_with_a_logged_decision(parent):
    film = FilmFactory()
    review = services.submit_review(author=parent, film=film, **CLEAN)
    assert review.status == "published"

    services.submit_review(author=parent, film=film, **CLEAN | {"title": "A gentle film, edited"})

    review.refresh_from_db()
    decision = review.decisions.get()
    assert (review.status, decision.status, decision.moderator) == ("pending", "pending", None)
    assert "edited by the author" in decision.reason


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
