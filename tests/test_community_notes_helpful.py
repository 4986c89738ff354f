"""Members mark each other's notes on a film helpful (once each, never their own, signed in,
without JavaScript), and the film page lists the most helpful notes first."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.limits import RateLimited
from reviews import services
from reviews.models import Contribution, ContributionHelpfulMark
from tests.factories import ContributionFactory, FilmFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def film(db):
    return FilmFactory(title="Noted", year=2015)


def noted(film, username, note, **fields):
    return ContributionFactory(film=film, author=UserFactory(username=username), violence_note=note, **fields)


@pytest.fixture
def note(film):
    """Three members rated the film (a community advisory); one left a note."""
    ContributionFactory(film=film)
    ContributionFactory(film=film)
    return noted(film, "noting_nell", "The shark attack is loud and sudden.")


def helpful_url(contribution):
    return reverse("reviews:rating_helpful", kwargs={"pk": contribution.pk})


def notes_in_order(page):
    """The authors of the notes, in the order the film page lists them."""
    section = page.split("Members' notes", 1)[1]
    return re.findall(r'<p class="community-note-author">(\w+) ·', section)


def test_a_member_marks_someone_elses_notes_helpful_and_is_back_at_them(client_for, film, note):
    place = f"{film.get_absolute_url()}#note-{note.pk}"
    member = client_for(UserFactory())

    response = member.post(helpful_url(note), {"next": place})

    assert response.status_code == 302 and response.url == place
    assert ContributionHelpfulMark.objects.filter(contribution=note).count() == 1
    page = member.get(film.get_absolute_url()).content.decode()
    assert "Thank you: you marked these notes helpful." in page
    assert "1 person found these notes helpful" in page
    assert "You found them helpful." in page
    assert f'action="{helpful_url(note)}"' not in page


def test_the_helpful_button_is_a_plain_form_that_works_without_javascript(film, note):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(UserFactory())
    page = browser.get(film.get_absolute_url()).content.decode()
    form = re.search(rf'<form method="post" action="{helpful_url(note)}".*?</form>', page, re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))

    assert browser.post(helpful_url(note), {}).status_code == 403  # no CSRF token: refused
    response = browser.post(helpful_url(note), {k: unescape(v) for k, v in fields.items()})

    assert response.status_code == 302 and response.url == f"{film.get_absolute_url()}#note-{note.pk}"
    assert ContributionHelpfulMark.objects.filter(contribution=note).count() == 1


def test_a_visitor_who_is_not_signed_in_logs_in_first_and_comes_back_to_the_notes(client, film, note):
    page = client.get(film.get_absolute_url()).content.decode()
    assert "The shark attack is loud and sudden." in page
    assert f'action="{helpful_url(note)}"' not in page  # no button for visitors

    response = client.post(helpful_url(note))

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next=/films/noted-2015/%23note-{note.pk}"
    assert not ContributionHelpfulMark.objects.exists()


def test_a_get_marks_nothing(client_for, note):
    assert client_for(UserFactory()).get(helpful_url(note)).status_code == 405
    assert not ContributionHelpfulMark.objects.exists()


def test_nobody_marks_their_own_notes(client_for, film, note):
    author = client_for(note.author)

    assert f'action="{helpful_url(note)}"' not in author.get(film.get_absolute_url()).content.decode()
    assert author.post(helpful_url(note)).status_code == 403
    assert not ContributionHelpfulMark.objects.exists()


def test_marking_twice_counts_once(client_for, film, note):
    member = client_for(UserFactory())
    member.post(helpful_url(note))

    second = member.post(helpful_url(note), follow=True)

    assert "You have already marked these notes helpful." in second.content.decode()
    assert ContributionHelpfulMark.objects.filter(contribution=note).count() == 1


def test_unpublished_notes_and_ratings_without_notes_cannot_be_marked(client_for, film, note):
    member = client_for(UserFactory())
    held = noted(film, "held_hal", "Waiting for a moderator.", status=Contribution.Status.PENDING)
    bare = ContributionFactory(film=film)

    assert member.post(helpful_url(held)).status_code == 404
    refused = member.post(helpful_url(bare), follow=True)

    assert "This rating has no notes to find helpful." in refused.content.decode()
    assert not ContributionHelpfulMark.objects.exists()


def test_the_helpful_rate_limit_counts_marks_on_notes(settings, film, note):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "helpful": "1/h"}
    member = UserFactory()
    services.mark_contribution_helpful(user=member, contribution=note)

    with pytest.raises(RateLimited):
        services.mark_contribution_helpful(
            user=member, contribution=noted(film, "other_ola", "Another note.")
        )


def test_notes_are_listed_most_helpful_first_then_newest(client, film):
    now = timezone.now()
    old = noted(film, "old_olive", "Seen years ago.")
    new = noted(film, "new_ned", "Seen last week.")
    helped = noted(film, "helped_hope", "Helpful, and older than both.")
    Contribution.objects.filter(pk=old.pk).update(updated_at=now - datetime.timedelta(days=30))
    Contribution.objects.filter(pk=new.pk).update(updated_at=now - datetime.timedelta(days=1))
    Contribution.objects.filter(pk=helped.pk).update(updated_at=now - datetime.timedelta(days=90))
    for contribution, marks in ((helped, 2), (old, 1)):
        for _ in range(marks):
            services.mark_contribution_helpful(user=UserFactory(), contribution=contribution)

    page = client.get(film.get_absolute_url()).content.decode()

    assert notes_in_order(page) == ["helped_hope", "old_olive", "new_ned"]
    assert "2 people found these notes helpful" in page


def test_a_mark_shows_at_once_on_the_cached_page(client, film, note, django_capture_on_commit_callbacks):
    url = film.get_absolute_url()
    client.get(url)
    assert client.get(url).headers["X-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.mark_contribution_helpful(user=UserFactory(), contribution=note)

    fresh = client.get(url)
    assert "X-Cache" not in fresh.headers
    assert "1 person found these notes helpful" in fresh.content.decode()


def test_the_film_page_reads_notes_and_their_marks_in_the_same_queries_however_many(
    client_for, film, django_capture_on_commit_callbacks
):
    viewer = UserFactory()
    browser = client_for(viewer)

    def queries_for_page():
        """Queries of a page whose shared part is built, then of one that reads it stored."""
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert browser.get(film.get_absolute_url()).status_code == 200
            counts.append(len(queries))
        return counts

    with django_capture_on_commit_callbacks(execute=True):
        first = noted(film, "first_fay", "One note.")
        noted(film, "second_sam", "Another note.")
        noted(film, "third_tom", "A third note.")
        services.mark_contribution_helpful(user=viewer, contribution=first)
    few = queries_for_page()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            contribution = noted(film, f"more{n}", f"Note number {n}.")
            for _ in range(3):
                services.mark_contribution_helpful(user=UserFactory(), contribution=contribution)
            services.mark_contribution_helpful(user=viewer, contribution=contribution)

    many = queries_for_page()

    assert many == few
    assert browser.get(film.get_absolute_url()).content.decode().count("You found them helpful.") == 7


def test_deleting_an_account_takes_its_marks_and_the_count_drops_at_once(
    client, film, note, django_capture_on_commit_callbacks
):
    leaving = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_contribution_helpful(user=leaving, contribution=note)
        services.mark_contribution_helpful(user=UserFactory(), contribution=note)
    assert "2 people found these notes helpful" in client.get(film.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        account_services.delete_account(user=leaving)

    assert ContributionHelpfulMark.objects.filter(contribution=note).count() == 1
    assert "1 person found these notes helpful" in client.get(film.get_absolute_url()).content.decode()


def test_the_data_download_lists_the_notes_marked_helpful_as_links_not_their_words(client_for, film, note):
    member = UserFactory()
    services.mark_contribution_helpful(user=member, contribution=note)

    data = client_for(member).get(reverse("accounts:download_data")).json()

    assert [mark["rating"] for mark in data["contribution_helpful_marks"]] == [
        {"id": note.pk, "film_url": f"{film.get_absolute_url()}#community-advisory"}
    ]
    assert "shark" not in str(data)
