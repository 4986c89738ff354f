"""Editors write films and advisories; Moderators handle reviews; neither touches accounts."""

import pytest
from django.urls import reverse

from tests.factories import AdvisoryFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_an_editor_cannot_reach_user_accounts(client_for, editor):
    response = client_for(editor).get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 403


def test_an_editor_cannot_reach_reviews(client_for, editor):
    review = ReviewFactory()
    client = client_for(editor)

    assert client.get(reverse("admin:reviews_review_changelist")).status_code == 403
    assert client.get(reverse("admin:reviews_review_change", args=[review.pk])).status_code == 403


def test_an_editor_can_edit_advisories_and_films(client_for, editor):
    advisory = AdvisoryFactory()
    client = client_for(editor)

    assert client.get(reverse("admin:advisories_advisory_change", args=[advisory.pk])).status_code == 200
    assert client.get(reverse("admin:films_film_change", args=[advisory.film.pk])).status_code == 200


def test_a_moderator_cannot_edit_advisories(client_for, moderator):
    advisory = AdvisoryFactory()
    client = client_for(moderator)
    change_url = reverse("admin:advisories_advisory_change", args=[advisory.pk])

    assert client.get(change_url).status_code == 403
    assert client.post(change_url, {"one_liner": "Moderator was here"}).status_code == 403
    assert client.get(reverse("admin:advisories_advisory_add")).status_code == 403
    advisory.refresh_from_db()
    assert advisory.one_liner != "Moderator was here"


def test_a_moderator_cannot_reach_user_accounts(client_for, moderator):
    assert client_for(moderator).get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_a_moderator_works_the_review_queue_pending_first(client_for, moderator):
    ReviewFactory(title="Already published review")
    ReviewFactory(title="Waiting review", status="pending")

    response = client_for(moderator).get(reverse("admin:reviews_review_changelist"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Waiting review") < page.index("Already published review")


def test_a_moderator_publishes_and_rejects_in_bulk(client_for, moderator):
    keep = ReviewFactory(status="pending")
    drop = ReviewFactory(status="pending")
    client = client_for(moderator)
    url = reverse("admin:reviews_review_changelist")

    client.post(url, {"action": "publish_selected", "_selected_action": [keep.pk]})
    client.post(url, {"action": "reject_selected", "_selected_action": [drop.pk], "reason": "Off topic"})

    keep.refresh_from_db()
    drop.refresh_from_db()
    assert (keep.status, drop.status) == ("published", "rejected")
