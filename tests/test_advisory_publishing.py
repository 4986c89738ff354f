import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from advisories.models import Advisory, Category, ContentRating
from tests.factories import AdvisoryFactory

pytestmark = pytest.mark.django_db


def test_publishing_an_incomplete_advisory_is_refused_with_what_is_missing():
    advisory = AdvisoryFactory(draft=True, scores=False, story="")
    ContentRating.objects.create(advisory=advisory, category=Category.VIOLENCE, score=2, note="")

    with pytest.raises(ValidationError) as error:
        advisory.publish()

    message = " ".join(error.value.messages)
    assert "cannot be published yet" in message
    assert "“what's the story”" in message
    assert "a note for Violence & scariness" in message
    assert "a score for Language" in message
    advisory.refresh_from_db()
    assert advisory.status == Advisory.Status.DRAFT


def test_a_complete_advisory_publishes_and_gets_a_date():
    advisory = AdvisoryFactory(draft=True)

    advisory.publish()

    advisory.refresh_from_db()
    assert advisory.is_published
    assert advisory.published_at is not None


def test_the_admin_publish_action_refuses_an_incomplete_advisory(client_for, editor):
    advisory = AdvisoryFactory(draft=True, scores=False)
    url = reverse("admin:advisories_advisory_changelist")

    response = client_for(editor).post(
        url, {"action": "publish_selected", "_selected_action": [advisory.pk]}, follow=True
    )

    assert "It still needs" in response.content.decode()
    advisory.refresh_from_db()
    assert advisory.status == Advisory.Status.DRAFT


def test_the_admin_publish_action_publishes_a_complete_advisory(client_for, editor):
    advisory = AdvisoryFactory(draft=True)
    url = reverse("admin:advisories_advisory_changelist")

    response = client_for(editor).post(
        url, {"action": "publish_selected", "_selected_action": [advisory.pk]}, follow=True
    )

    assert "is published" in response.content.decode()
    advisory.refresh_from_db()
    assert advisory.is_published


def test_a_draft_is_a_404_to_the_public(client):
    advisory = AdvisoryFactory(draft=True)

    response = client.get(advisory.film.get_absolute_url())

    assert response.status_code == 404


def test_a_draft_is_a_404_to_a_signed_in_reviewer(client_for, parent):
    advisory = AdvisoryFactory(draft=True)

    assert client_for(parent).get(advisory.film.get_absolute_url()).status_code == 404


def test_staff_see_a_draft_as_a_preview(client_for, editor):
    advisory = AdvisoryFactory(draft=True, one_liner="Draft one-liner for preview")

    response = client_for(editor).get(advisory.film.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft one-liner for preview" in page
    assert "this advisory is a draft" in page


def test_a_published_advisory_is_public(client):
    advisory = AdvisoryFactory(one_liner="Published one-liner")

    response = client.get(advisory.film.get_absolute_url())

    assert response.status_code == 200
    assert "Published one-liner" in response.content.decode()
