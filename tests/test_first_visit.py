"""What a new visitor meets: the compare list that follows them, the per-child verdict
explained where a parent meets it, sign-up's one-day refusal, and why a review waits."""

import datetime

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.views import TOO_YOUNG_COOKIE, TOO_YOUNG_SALT
from families.models import Child
from films.models import Film
from reviews.models import Review
from tests.factories import AdvisoryFactory, FilmFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
PASSWORD = "a quiet walk by the sea"


def signup_data(years, **fields):
    return {
        "username": "new_member",
        "email": "someone@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "birth_month": 1,
        "birth_year": timezone.localdate().year - years,
        **fields,
    }


# Compare


def test_add_to_compare_goes_back_to_the_page_with_a_message_and_the_header_counts_the_list(client):
    first, second = FilmFactory(title="Lantern Bay"), FilmFactory(title="Quiet Hill")

    response = client.get(f"/compare/add/{first.slug}/?next=/films/%3Fq%3Dbay%23film-{first.slug}")
    client.get(f"/compare/add/{second.slug}/?next=/films/")

    assert response.status_code == 302
    assert response["Location"] == f"/films/?q=bay#film-{first.slug}"
    page = client.get("/films/").content.decode()
    assert "Added Quiet Hill to your compare list (2 of 4)" in page
    assert 'Compare (2)<span class="visually-hidden"> films in your list</span>' in page
    assert client.session["compare"] == [first.slug, second.slug]


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "films/", ""]
)
def test_add_to_compare_never_sends_the_visitor_off_the_site(client, next_url):
    film = FilmFactory()

    response = client.get(f"/compare/add/{film.slug}/", {"next": next_url})

    assert response["Location"] == f"/compare/?films={film.slug}"


def test_a_film_already_in_the_list_says_so_on_its_card_and_page_and_offers_to_remove_it(client):
    film = AdvisoryFactory(film__title="Night Run").film
    client.get(f"/compare/add/{film.slug}/?next=/")

    home = client.get("/").content.decode()
    detail = client.get(film.get_absolute_url()).content.decode()

    for page in (home, detail):
        assert "In your compare list" in page
        assert f"/compare/remove/{film.slug}/?next=" in page
    removed = client.get(f"/compare/remove/{film.slug}/?next=/")
    assert removed["Location"] == "/"
    page = client.get("/").content.decode()
    assert "Removed Night Run from your compare list." in page
    assert "In your compare list" not in page
    assert client.session["compare"] == []


def test_a_fifth_film_is_refused_with_a_message_and_the_list_is_unchanged(client):
    films = FilmFactory.create_batch(5)
    for film in films:
        client.get(f"/compare/add/{film.slug}/?next=/")

    assert client.session["compare"] == [film.slug for film in films[:4]]
    assert "You are already comparing four films" in client.get("/").content.decode()


def test_removing_an_unknown_film_changes_nothing_and_is_no_error(client):
    response = client.get("/compare/remove/no-such-film/?next=/")

    assert response.status_code == 302


def test_a_visitor_without_a_session_gets_no_count_and_their_page_is_cached_for_others(client):
    FilmFactory()
    anonymous = Client()
    first = anonymous.get("/")
    assert ">Compare</a>" in first.content.decode()
    assert "sessionid" not in anonymous.cookies

    client.get(f"/compare/add/{FilmFactory().slug}/?next=/")
    assert "Compare (1" in client.get("/").content.decode()
    assert ">Compare</a>" in Client().get("/").content.decode()


# The verdict, explained where a parent meets it


def test_the_home_page_explains_a_verdict_for_each_child_and_offers_an_account(client):
    page = client.get("/").content.decode()

    assert "A verdict for each of your children" in page
    assert 'href="/accounts/signup/?next=/family/"' in page


def test_the_signed_out_film_page_invites_to_sign_up_and_come_back(client):
    film = AdvisoryFactory().film

    page = client.get(film.get_absolute_url()).content.decode()

    assert "See a verdict for each of your children" in page
    assert f"/accounts/signup/?next={film.get_absolute_url()}" in page


def test_a_new_parent_lands_on_a_welcome_that_offers_to_add_a_child_once(client):
    response = client.post(SIGNUP, signup_data(40))

    assert response["Location"] == "/family/"
    page = client.get("/family/").content.decode()
    assert "Welcome to Reelwise, new_member" in page
    assert "Add your first child" in page
    assert "Welcome to Reelwise, new_member" not in client.get("/family/").content.decode()


def test_a_new_teen_lands_on_the_account_page(client):
    response = client.post(SIGNUP, signup_data(15))

    assert response["Location"] == "/accounts/"


def test_the_account_page_tells_a_parent_about_their_family(client_for, parent):
    page = client_for(parent).get("/accounts/").content.decode()
    assert "Add a child" in page

    Child.objects.create(owner=parent, nickname="Maya", birth_year=timezone.localdate().year - 10)
    page = client_for(parent).get("/accounts/").content.decode()
    assert "You have told us about 1 child" in page


def test_the_account_page_of_a_teen_says_nothing_of_families(client_for, teen):
    assert "Your family" not in client_for(teen).get("/accounts/").content.decode()


# Sign-up refused for a day


def test_a_refused_signup_is_remembered_in_a_signed_cookie_for_one_day_not_the_session(client):
    response = client.post(SIGNUP, signup_data(11))

    cookie = response.cookies[TOO_YOUNG_COOKIE]
    assert cookie["max-age"] == 24 * 60 * 60
    assert cookie["httponly"]
    assert "sessionid" not in response.cookies
    retry = client.post(SIGNUP, signup_data(40))
    assert "can't make a Reelwise account for you yet" in retry.content.decode()
    assert not User.objects.exists()


def test_the_next_day_a_parent_on_the_same_computer_can_sign_up(client, monkeypatch):
    client.post(SIGNUP, signup_data(11))
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=1)
    monkeypatch.setattr(signing.time, "time", lambda: tomorrow.timestamp())

    response = client.post(SIGNUP, signup_data(40))

    assert response.status_code == 302
    assert User.objects.filter(username="new_member").exists()


def test_a_forged_refusal_cookie_is_ignored(client):
    client.cookies[TOO_YOUNG_COOKIE] = "1"

    assert "Create account" in client.get(SIGNUP).content.decode()
    assert TOO_YOUNG_SALT


# Why a review waits, and what the author gave


def test_a_new_accounts_review_says_why_it_waits_and_how_long_in_the_message_and_on_the_page(client_for):
    film = AdvisoryFactory().film
    newcomer = UserFactory(date_joined=timezone.now())
    client = client_for(newcomer)

    response = client.post(
        f"/films/{film.slug}/review/",
        {
            "stars": 4,
            "age_recommendation": 10,
            "title": "Gentle and funny",
            "body": "A gentle film with a few loud scenes; our seven-year-old loved it.",
            "violence_score": 2,
        },
        follow=True,
    )

    page = response.content.decode()
    assert Review.objects.get().status == Review.Status.PENDING
    assert "new accounts&#39; reviews wait for a moderator for their first day" in page
    assert page.count("Moderators usually read a waiting review within a day.") == 2  # message and review
    assert "Violence &amp; scariness: <strong>2</strong>" in page


def test_the_page_of_reviews_gives_every_review_its_helpful_count(client):
    film = AdvisoryFactory().film
    ReviewFactory(film=film, title="Nobody marked this")

    page = client.get(f"/films/{film.slug}/reviews/").content.decode()

    assert "Nobody has marked it helpful yet" in page


def test_browse_counts_films_with_a_thousands_separator(client):
    Film.objects.bulk_create(Film(title=f"Film {n}", year=2000, slug=f"film-{n}-2000") for n in range(1001))

    page = client.get("/films/").content.decode()

    assert "1,001 films" in page
    assert "Page 1 of 42" in page
