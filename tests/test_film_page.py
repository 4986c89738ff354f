"""The film page: the advisory at a glance, then the detail; facts alone when there is no advisory."""

import datetime
import json
import re

import pytest

from films.models import (
    NAME_LISTS,
    Company,
    Country,
    Credit,
    Film,
    Genre,
    Language,
    keep_name_lists,
    name_rows,
)
from tests.factories import (
    AdvisoryFactory,
    AlternativeFactory,
    CertificateFactory,
    CreditFactory,
    DiscussionPromptFactory,
    FilmFactory,
    GenreFactory,
    ReviewFactory,
    TriviaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def film_page(client, film):
    response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def json_ld(page):
    (block,) = JSON_LD.findall(page)
    return json.loads(block)


def section(page, heading_id):
    """The HTML of the one element labelled by heading_id (aria-labelledby), to its closing tag."""
    opening = re.search(rf'<(\w+)[^>]*aria-labelledby="{heading_id}"[^>]*>', page)
    assert opening, f"no element is labelled by {heading_id}"
    tag = opening.group(1)
    depth, position = 1, opening.end()
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", page[position:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return page[opening.start() : position + match.end()]
    raise AssertionError(f"the element labelled by {heading_id} is not closed")


def test_the_page_opens_with_the_age_and_what_it_means_the_one_liner_stars_and_mpa(client):
    advisory = AdvisoryFactory(age=12, stars=4, one_liner="Big heart, small scares.")
    CertificateFactory(film=advisory.film, rating="PG", reason="mild peril and rude humour")

    page = film_page(client, advisory.film)

    assert "age 12+" in page
    assert "suits children aged <strong>12 and older</strong>" in page
    assert "Big heart, small scares." in page
    assert "4 out of 5 stars" in page
    assert "<strong>PG</strong> for mild peril and rude humour" in page


def test_the_texts_of_the_advisory_each_have_their_section(client):
    advisory = AdvisoryFactory(
        parents_need_to_know="Parents should know this.",
        story="What happens.",
        is_it_any_good="Whether it is good.",
    )
    DiscussionPromptFactory(advisory=advisory, text="What would you do?")

    page = film_page(client, advisory.film)

    assert "Parents should know this." in section(page, "need-to-know-heading")
    assert "What happens." in section(page, "story-heading")
    assert "Whether it is good." in section(page, "any-good-heading")
    assert "What would you do?" in section(page, "talk-heading")


def test_the_content_grid_shows_each_score_as_text_and_dots_with_its_note(client):
    advisory = AdvisoryFactory(scores={"violence": 4, "role_models": 2})

    page = film_page(client, advisory.film)

    violence = re.search(r'<li class="rating rating-concern rating-level-4">.*?</li>', page, re.S).group()
    assert "Violence &amp; scariness" in violence
    assert '4<span class="visually-hidden"> out of 5</span>' in violence
    assert violence.count('class="dot dot-on"') == 4
    assert violence.count('class="dot"') == 1
    assert "About violence." in violence
    role_models = re.search(r'<li class="rating rating-positive rating-level-2">.*?</li>', page, re.S).group()
    assert "Positive role models" in role_models


def test_positive_categories_are_grouped_apart_from_the_concerns(client):
    advisory = AdvisoryFactory()

    page = film_page(client, advisory.film)

    good = page[page.index("grid-group-positive") : page.index("grid-group-concern")]
    concerns = page[page.index("grid-group-concern") : page.index('id="story"')]
    assert good.count('class="rating rating-positive') == 2
    assert "rating-concern" not in good
    assert concerns.count('class="rating rating-concern') == 5


def test_the_details_list_the_films_facts(client):
    advisory = AdvisoryFactory(
        film__runtime=117,
        film__released_theatrical=datetime.date(1999, 8, 6),
        film__released_home=datetime.date(1999, 11, 23),
    )
    film = advisory.film
    CreditFactory(film=film, role=Credit.Role.DIRECTOR, person__name="Brad Bird", character="")
    CreditFactory(
        film=film, role=Credit.Role.WRITER, person__name="Tim McCanlies", character="", note="screenplay"
    )
    CreditFactory(film=film, person__name="Eli Marienthal", character="Hogarth Hughes")
    film.genres.add(GenreFactory(name="Animation"))
    film.countries.add(Country.objects.create(name="United States"))
    film.languages.add(Language.objects.create(name="English"))
    film.studios.add(Company.objects.create(name="Warner Bros. Feature Animation"))
    film.distributors.add(Company.objects.create(name="Warner Bros. Pictures"))

    details = section(film_page(client, film), "details-heading")

    for fact in [
        "6 August 1999",
        "23 November 1999",
        "117 minutes",
        "Brad Bird",
        "Tim McCanlies (screenplay)",
        "Eli Marienthal",
        "as Hogarth Hughes",
        "Warner Bros. Feature Animation",
        "Warner Bros. Pictures",
        "Animation",
        "United States",
        "English",
    ]:
        assert fact in details, fact


def test_spoiler_trivia_is_hidden_in_a_details_element_and_other_trivia_is_not(client):
    film = FilmFactory()
    TriviaFactory(film=film, text="Shot in twelve weeks.")
    TriviaFactory(film=film, text="The dog was the villain all along.", is_spoiler=True)

    page = film_page(client, film)

    assert "<li>Shot in twelve weeks.</li>" in page
    assert (
        "<details><summary>Spoiler: show this trivia</summary>"
        "<p>The dog was the villain all along.</p></details>" in page
    )


def test_handpicked_alternatives_are_cards_with_the_reason_they_were_picked(client):
    advisory = AdvisoryFactory()
    AlternativeFactory(advisory=advisory, film__title="The Gentler One", reason="Same idea, fewer scares.")
    AlternativeFactory(advisory=advisory, film=AdvisoryFactory(film__title="Pick", age=7).film)

    alternatives = section(film_page(client, advisory.film), "alternatives-heading")

    assert "The Gentler One (2005)" in alternatives
    assert "Same idea, fewer scares." in alternatives
    assert "No advisory yet" in alternatives
    assert "age 7+" in alternatives


def test_the_community_section_sits_after_the_advisory(client):
    advisory = AdvisoryFactory()

    page = film_page(client, advisory.film)

    assert page.index("What parents and teens say") > page.index("What parents need to know")


def test_a_film_without_an_advisory_shows_its_facts_and_says_there_is_no_advisory_yet(client):
    film = FilmFactory(title="Facts Only", runtime=88, synopsis="A short synopsis.")
    CertificateFactory(film=film, rating="PG-13", reason="some language")

    page = film_page(client, film)

    assert "No advisory yet" in page
    assert "have not written an advisory for this film yet" in page
    assert "88 minutes" in page
    assert "A short synopsis." in page
    assert "<strong>PG-13</strong> for some language" in page
    assert "What's in it" not in page


def test_json_ld_describes_the_movie_its_content_rating_and_the_editors_review(client):
    advisory = AdvisoryFactory(
        age=15, stars=4, film__title="Never Let Me Go", film__year=2010, film__runtime=103
    )
    CertificateFactory(film=advisory.film, rating="R")
    CreditFactory(film=advisory.film, role=Credit.Role.DIRECTOR, person__name="Mark Romanek", character="")

    data = json_ld(film_page(client, advisory.film))

    assert data["@type"] == "Movie"
    assert data["name"] == "Never Let Me Go"
    assert data["url"] == "http://testserver/films/never-let-me-go-2010/"
    assert data["contentRating"] == "MPA R"
    assert data["typicalAgeRange"] == "15-"
    assert data["duration"] == "PT103M"
    assert data["director"] == [{"@type": "Person", "name": "Mark Romanek"}]
    assert data["review"]["@type"] == "Review"
    assert data["review"]["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    title = "</script><script>alert(1)</script> & more"
    advisory = AdvisoryFactory(film__title=title)

    page = film_page(client, advisory.film)

    assert "<script>alert(1)" not in page
    assert json_ld(page)["name"] == title


def test_open_graph_tags_describe_the_film_for_link_previews(client):
    advisory = AdvisoryFactory(
        film__title="Paddington 2", film__year=2017, age=6, one_liner="Marmalade and kindness."
    )

    page = film_page(client, advisory.film)

    assert '<meta property="og:title" content="Paddington 2 (2017): age 6+">' in page
    assert '<meta property="og:description" content="Marmalade and kindness.">' in page
    assert '<meta property="og:url" content="http://testserver/films/paddington-2-2017/">' in page
    assert re.search(
        r'<meta property="og:image" content="http://testserver/static/img/og-card\.[0-9a-f]+\.png">', page
    )


def test_a_drafts_preview_keeps_it_out_of_search_engines(client_for, editor):
    advisory = AdvisoryFactory(draft=True)

    page = film_page(client_for(editor), advisory.film)

    assert '<meta name="robots" content="noindex">' in page
    assert "review" not in json_ld(page)


def test_an_unknown_film_is_a_404(client):
    assert client.get("/films/no-such-film-1999/").status_code == 404


def build_film_with(count):
    """A film with a published advisory and `count` of everything its page lists."""
    advisory = AdvisoryFactory()
    film = advisory.film
    CertificateFactory(film=film)
    for n in range(count):
        CreditFactory(film=film)
        CreditFactory(film=film, role=Credit.Role.WRITER, character="", note="screenplay")
        TriviaFactory(film=film, is_spoiler=n % 2 == 0)
        DiscussionPromptFactory(advisory=advisory)
        AlternativeFactory(advisory=advisory, film=AdvisoryFactory().film)
        ReviewFactory(film=film, author=UserFactory())
        film.genres.add(GenreFactory())
    return film


@pytest.mark.parametrize("count", [1, 5])
def test_the_query_count_does_not_grow_with_credits_trivia_prompts_alternatives_or_reviews(
    client, django_assert_num_queries, count
):
    film = build_film_with(count)

    # 1. the film with its advisory and editor, its effective rating and its community
    # advisory; 2. its genres, countries, languages, studios and distributors in one
    # query; prefetches: 3. certificates, 4. trivia, 5. credits with their people,
    # 6. ratings, 7. prompts, 8. alternatives with their films and advisories; 9. members'
    # notes (the reviews' ratings are published contributions); 10. every published
    # review's figures (ages, stars, scores); 11. the most helpful reviews of each role
    # with their authors.
    with django_assert_num_queries(11):
        page = film_page(client, film)

    assert page.count('<li class="trivia-spoiler">') == (count + 1) // 2
    assert page.count('<article class="card') == count


def test_the_certificates_of_several_countries_show_the_sites_country_first(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the same page, built for two sites
    advisory = AdvisoryFactory()
    for system, rating in [("FSK", "FSK 12"), ("BBFC", "12A"), ("MPA", "PG-13")]:
        CertificateFactory(film=advisory.film, system=system, rating=rating, reason="")

    page = film_page(client, advisory.film)
    settings.REELWISE_COUNTRY = "GB"
    british = film_page(client, advisory.film)

    assert "US PG-13 · UK 12A · DE FSK 12" in page
    assert "UK 12A · US PG-13 · DE FSK 12" in british
    assert "from 13, advice only" in page and "from 12, by law" in page


def test_a_certificate_we_do_not_know_is_shown_as_given_without_an_age(client):
    advisory = AdvisoryFactory()
    CertificateFactory(film=advisory.film, system="BBFC", rating="Z9", reason="")

    details = section(film_page(client, advisory.film), "details-heading")

    assert "<strong>Z9</strong>" in details
    assert "from " not in details


def test_the_lists_of_names_read_in_one_query_equal_what_prefetching_reads(django_assert_num_queries):
    first, second, bare = FilmFactory(), FilmFactory(), FilmFactory()
    pixar, disney = Company.objects.create(name="Pixar"), Company.objects.create(name="Disney")
    first.genres.add(
        Genre.objects.create(name="Comedy", slug="comedy"),
        Genre.objects.create(name="Animation", slug="animation"),
    )
    first.studios.add(pixar)
    first.distributors.add(disney, pixar)
    first.countries.add(Country.objects.create(name="United States"))
    second.languages.add(Language.objects.create(name="Français"), Language.objects.create(name="English"))
    films = list(Film.objects.filter(pk__in=[first.pk, second.pk, bare.pk]).order_by("pk"))

    with django_assert_num_queries(1):
        keep_name_lists(films, name_rows(film_id__in=[film.pk for film in films]))
        read = [
            [[(item.pk, str(item)) for item in getattr(film, name).all()] for name in NAME_LISTS]
            for film in films
        ]

    prefetched = (
        Film.objects.filter(pk__in=[first.pk, second.pk, bare.pk])
        .order_by("pk")
        .prefetch_related(*NAME_LISTS)
    )
    assert read == [
        [[(item.pk, str(item)) for item in getattr(film, name).all()] for name in NAME_LISTS]
        for film in prefetched
    ]
    assert read[0][0] == [(read[0][0][0][0], "Animation"), (read[0][0][1][0], "Comedy")]
    assert films[0].genres.all()[0].slug == "animation"
