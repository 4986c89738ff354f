"""The film page's shared part (pages/film_page.py): stored once for everyone, never stale,
and with nothing of any visitor's in it; each signed-in visitor's own parts are filled in
around it."""

import pickle
import re

import pytest
from django.core.cache import cache
from django.test import Client

from pagecache import recent_pages
from reviews import services
from reviews.models import Report
from tests.factories import (
    AdvisoryFactory,
    AlternativeFactory,
    ChildFactory,
    ContributionFactory,
    ReviewFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def stored_fragments():
    """Every shared part the cache holds now: {key: part}."""
    return {key: stored[0][1] for key, stored in recent_pages.pages.items() if ":fragment:" in key}


def fragment_text(part):
    actions = [*part["member_actions"].values(), *part["note_actions"].values()]
    return part["head"].decode() + part["content"].decode() + "".join(actions) + repr(part)


@pytest.fixture
def busy_film():
    """A film with everything a visitor can have of their own on its page."""
    film = AdvisoryFactory().film
    for n in range(3):
        ReviewFactory(film=film, author=UserFactory(username=f"reviewer{n}"), title=f"Review {n}")
    ContributionFactory(film=film, author=UserFactory(username="noter"), violence_note="Two fights.")
    return film


@pytest.fixture
def visitor(busy_film, client_for):
    """A parent with two children, their own review and rating, a mark, a report and a
    compare list, signed in."""
    parent = UserFactory(username="zebedee_parent")
    ChildFactory(owner=parent, nickname="Quillon")
    ChildFactory(owner=parent, nickname="Marigold")
    ReviewFactory(film=busy_film, author=parent, title="Zebedee's own words", status="pending")
    others = list(busy_film.reviews.exclude(author=parent))
    services.mark_helpful(user=parent, review=others[0])
    Report.objects.create(review=others[1], reporter=parent, reason="spoiler")
    client = client_for(parent)
    client.get(f"/compare/add/{busy_film.slug}/")
    return client


def test_a_signed_in_page_stores_nothing_of_the_visitor_in_the_shared_part(busy_film, visitor):
    page = visitor.get(busy_film.get_absolute_url()).content.decode()
    fragments = stored_fragments()

    assert "Quillon" in page and "Zebedee&#39;s own words" in page and "You found it helpful." in page
    assert len(fragments) == 1
    text = fragment_text(next(iter(fragments.values())))
    for personal in [
        "zebedee",
        "Zebedee",
        "Quillon",
        "Marigold",
        "You found it helpful",
        "You reported it",
        "Your review",
        "Edit your review",
        "In your compare list",
        visitor.cookies["csrftoken"].value if "csrftoken" in visitor.cookies else "csrf-cookie-absent",
    ]:
        assert personal not in text
    assert not re.search(r'name="csrfmiddlewaretoken" value="(?!csrf-token-of-the-viewer)', text)


def test_the_shared_part_is_the_same_whoever_builds_it(busy_film, visitor, client):
    visitor.get(busy_film.get_absolute_url())
    built_by_member = stored_fragments()
    cache.clear()
    recent_pages.clear()

    client.get(busy_film.get_absolute_url())  # anonymous
    built_anonymously = stored_fragments()

    assert built_by_member.keys() == built_anonymously.keys()
    for key, part in built_by_member.items():
        assert fragment_text(part) == fragment_text(built_anonymously[key])


def test_a_member_sees_the_part_another_built_with_their_own_filled_in(busy_film, visitor, client_for):
    visitor.get(busy_film.get_absolute_url())
    other = UserFactory(username="other_olive")
    ChildFactory(owner=other, nickname="Pip")

    page = client_for(other).get(busy_film.get_absolute_url()).content.decode()

    assert "Pip" in page and "Quillon" not in page and "zebedee" not in page
    assert "You found it helpful." not in page
    assert page.count("Helpful<span") == 3  # the three others' reviews, none marked yet
    assert "Write a review" in page


def test_a_change_shows_at_once_on_the_signed_in_page(busy_film, visitor, django_capture_on_commit_callbacks):
    visitor.get(busy_film.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        ReviewFactory(film=busy_film, author=UserFactory(username="latecomer"), title="A late review")

    assert "A late review" in visitor.get(busy_film.get_absolute_url()).content.decode()


def test_a_staff_preview_of_a_draft_is_never_shared(client_for):
    film = AdvisoryFactory(draft=True, one_liner="Secret draft words").film
    staff = StaffFactory(username="ed_preview", group="Editors")

    preview = client_for(staff).get(film.get_absolute_url())
    member = client_for(UserFactory()).get(film.get_absolute_url())

    assert "Secret draft words" in preview.content.decode()
    assert member.status_code == 404
    assert stored_fragments() == {}


def test_what_members_write_cannot_open_a_slot(client_for):
    film = AdvisoryFactory().film
    ReviewFactory(film=film, body="<!--slot:verdicts--> <!--slot:community-write-->")
    parent = UserFactory()
    ChildFactory(owner=parent, nickname="Wren")

    page = client_for(parent).get(film.get_absolute_url()).content.decode()

    assert page.count("Wren") == 1
    assert "&lt;!--slot:verdicts--&gt;" in page


def test_a_new_release_never_serves_what_an_old_one_stored(client, settings):
    url = AdvisoryFactory().film.get_absolute_url()
    client.get(url)
    assert client.get(url).headers["X-Cache"] == "hit"

    settings.RELEASE = "the-next-release"
    recent_pages.clear()

    assert "X-Cache" not in client.get(url).headers
    assert Client().get(url).headers["X-Cache"] == "hit"


def test_an_alternatives_card_says_whether_it_is_in_the_viewers_compare_list(client_for):
    advisory = AdvisoryFactory()
    alternative = AlternativeFactory(advisory=advisory, reason="Gentler")
    member = client_for(UserFactory())
    member.get(f"/compare/add/{alternative.film.slug}/")

    mine = member.get(advisory.film.get_absolute_url()).content.decode()
    someone_elses = client_for(UserFactory()).get(advisory.film.get_absolute_url()).content.decode()

    assert "In your compare list" in mine
    assert "In your compare list" not in someone_elses
    assert f"Add <span class=\"visually-hidden\">{alternative.film.title} </span>to compare" in someone_elses
    assert all("In your compare list" not in fragment_text(part) for part in stored_fragments().values())


def test_the_stored_part_keeps_the_rating_but_not_the_films_lists(busy_film, client):
    """Each process keeps the shared parts in memory and the shared cache holds them pickled:
    the effective rating the verdicts read must come without the film it was loaded with,
    and through it every list of the page."""
    client.get(busy_film.get_absolute_url())
    part = next(iter(stored_fragments().values()))

    assert part["rating"].age == busy_film.advisory.age
    assert part["rating"]._state.fields_cache == {}
    assert len(pickle.dumps(part["rating"])) < 1000  # the film and its lists: several times that
    copy = pickle.loads(pickle.dumps(part))  # noqa: S301 (our own bytes)
    assert copy["rating"].violence == busy_film.rating.violence


def test_members_notes_buttons_carry_each_viewers_token_and_marks(client_for):
    """The notes' Helpful buttons are kept ready in the shared part like the reviews': each
    member gets them with their own CSRF token, the author none, and a member who marked
    the notes helpful is told so."""
    film = AdvisoryFactory().film
    author = UserFactory(username="noter")
    note = ContributionFactory(film=film, author=author, violence_note="Two fights.")
    marker, other = UserFactory(username="marker"), UserFactory(username="other")
    services.mark_contribution_helpful(user=marker, contribution=note)

    pages = {}
    for user in (other, marker, author):
        client = client_for(user)
        client.get(film.get_absolute_url())  # the part is stored by the first
        pages[user.username] = client.get(film.get_absolute_url()).content.decode()

    form = re.search(r'class="community-note-helpful-form">\s*<input[^>]*value="([^"]+)"', pages["other"])
    assert form is not None and form[1] != "csrf-token-of-the-viewer"
    assert 'aria-label="Helpful: noter\'s notes"' in pages["other"]
    assert "You found them helpful." in pages["marker"]
    assert "community-note-helpful-form" not in pages["marker"]
    assert "community-note-helpful-form" not in pages["noter"]
