"""Community advisories: members rate what's in a film; once COMMUNITY_ADVISORY_MIN of
them are published, the medians are the film's advisory wherever our editors have none."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services as account_services
from advisories.models import Category, FilmRating
from reviews import ratings, services
from reviews.models import CommunityAdvisory, Contribution, ModerationDecision, Review
from tests.factories import (
    AdvisoryFactory,
    ContributionFactory,
    FilmFactory,
    GenreFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def rate(film, author, age, notes=None, **scores):
    return services.submit_contribution(author=author, film=film, age=age, scores=scores, notes=notes or {})


def figures(film):
    return CommunityAdvisory.objects.get(film=film)


def effective(film):
    return FilmRating.objects.filter(film=film).first()


@pytest.fixture
def film(db):
    return FilmFactory(title="Only the members", year=2004)


@pytest.fixture
def three_rated(film):
    rate(film, UserFactory(), 10, violence=2, positive_messages=4)
    rate(film, UserFactory(), 12, violence=3, positive_messages=3)
    rate(film, UserFactory(teen=True), 14, violence=4, positive_messages=2)
    return film


def test_three_members_make_a_community_advisory_with_medians_counts_and_spreads(three_rated):
    community = figures(three_rated)

    assert (community.contributors, community.parents, community.teens) == (3, 2, 1)
    assert community.is_shown
    assert community.age == 12
    assert community.median(Category.VIOLENCE) == 3
    assert community.spread(Category.VIOLENCE) == [0, 0, 1, 1, 1, 0]
    assert community.median(Category.SEX) is None  # nobody scored it
    rating = effective(three_rated)
    assert (rating.source, rating.age, rating.violence, rating.contributors) == ("community", 12, 3, 3)
    assert rating.source_label == "Community · 3 members"


def test_below_the_threshold_there_is_no_advisory_and_the_page_invites_more(client, film):
    rate(film, UserFactory(), 10)
    rate(film, UserFactory(), 12)

    assert not figures(film).is_shown
    assert effective(film) is None
    page = client.get(film.get_absolute_url()).content.decode()
    assert "2 members have rated it so far" in page
    assert "Rate what&#x27;s in it" in page or "Rate what's in it" in page
    assert "Our editors have not reviewed this film yet" not in page


@pytest.mark.parametrize(
    ("values", "concern", "positive"),
    [([2, 3], 3, 2), ([1, 2, 3, 4], 3, 2), ([0, 5, 5], 5, 5)],
)
def test_halves_round_the_cautious_way(values, concern, positive):
    assert ratings.cautious_median(values, round_up=True) == concern
    assert ratings.cautious_median(values, round_up=False) == positive


def test_one_outlier_cannot_move_the_median_far(film):
    for age in (8, 8, 9, 9):
        rate(film, UserFactory(), age, violence=1)
    rate(film, UserFactory(), 18, violence=5)

    assert (figures(film).age, figures(film).median(Category.VIOLENCE)) == (9, 1)


def test_the_film_page_shows_the_community_advisory_where_the_editors_would_stand(client, three_rated):
    page = client.get(three_rated.get_absolute_url()).content.decode()

    assert "From 3 Reelwise members. Our editors have not reviewed this film yet." in page
    assert "age 12+" in page
    assert "2 parents" in page and "1 teen" in page
    assert 'class="spread-chart"' in page
    assert "Violence &amp; scariness: 0 said 0, 0 said 1, 1 said 2, 1 said 3, 1 said 4, 0 said 5" in page


def test_browse_and_the_api_find_a_community_rated_film_and_say_so(client, three_rated):
    AdvisoryFactory(film=FilmFactory(title="Reviewed by editors"), age=8)

    browse = client.get(reverse("films:browse"), {"age_max": 12}).content.decode()
    assert "Only the members" in browse and "Community · 3 members" in browse
    assert "Only the members" not in client.get(reverse("films:browse"), {"age_max": 11}).content.decode()
    assert (
        "Only the members" not in client.get(reverse("films:browse"), {"source": "editors"}).content.decode()
    )
    community_only = client.get(reverse("films:browse"), {"source": "community"}).content.decode()
    assert "Only the members" in community_only and "Reviewed by editors" not in community_only
    assert "Only the members" in client.get(reverse("films:browse"), {"violence_max": 3}).content.decode()
    assert "Only the members" not in client.get(reverse("films:browse"), {"violence_max": 2}).content.decode()

    listed = client.get("/api/v1/films/", {"age_max": 12, "violence_max": 3}).json()["results"]
    assert sorted((f["title"], f["advisory_source"], f["age"]) for f in listed) == [
        ("Only the members", "community", 12),
        ("Reviewed by editors", "editors", 8),
    ]
    detail = client.get(f"/api/v1/films/{three_rated.slug}/").json()
    assert detail["advisory"] is None
    assert detail["advisory_source"] == "community"
    community = detail["community_advisory"]
    assert (community["contributors"], community["parents"], community["teens"], community["age"]) == (
        3,
        2,
        1,
        12,
    )
    assert community["categories"]["violence"] == {"median": 3, "spread": [0, 0, 1, 1, 1, 0]}
    assert community["age_counts"]["12"] == 1


def test_browse_without_filters_lists_films_with_either_kind_of_advisory_first(client, three_rated):
    FilmFactory(title="Aardvark without any")
    AdvisoryFactory(film=FilmFactory(title="Zebra by editors"))

    titles = [f["title"] for f in client.get("/api/v1/films/").json()["results"]]

    assert titles.index("Aardvark without any") > max(
        titles.index("Only the members"), titles.index("Zebra by editors")
    )


def test_editors_publishing_take_over_and_unpublishing_gives_the_community_back(three_rated):
    advisory = AdvisoryFactory(film=three_rated, age=7, scores={"violence": 1})
    rating = effective(three_rated)
    assert (rating.source, rating.age, rating.violence) == ("editors", 7, 1)

    advisory.unpublish()
    assert effective(three_rated).source == "community"

    advisory.publish()
    rating = advisory.ratings.get(category="violence")
    rating.score = 4
    rating.save()
    assert effective(three_rated).violence == 4


def test_with_both_the_page_shows_the_editors_first_and_marks_where_members_differ(client, three_rated):
    AdvisoryFactory(film=three_rated, age=7, scores={"violence": 0, "positive_messages": 3})

    page = client.get(three_rated.get_absolute_url()).content.decode()

    assert page.index("Our editors think") < page.index("What members say is in it")
    assert "Youngest age: our editors <strong>7+</strong>, members <strong>12+</strong>" in page
    assert page.count("differs by 2 or more") >= 2  # the age, and violence (0 against 3)


def test_nothing_unmoderated_counts(film):
    rate(film, UserFactory(), 10)
    rate(film, UserFactory(), 10)
    held = rate(film, UserFactory(), 4, notes={"violence": "See www.example.com for the gory bits"})
    new = rate(film, UserFactory(date_joined=UserFactory._meta.model().date_joined), 4)

    assert held.status == new.status == Contribution.Status.PENDING
    assert "a link" in held.held_because
    assert "an account less than a day old" in new.held_because
    assert figures(film).contributors == 2
    assert effective(film) is None


def test_a_member_counts_once_per_film_and_can_change_their_rating(film):
    member = UserFactory()
    rate(film, member, 10, violence=1)
    rate(film, member, 14, violence=3)

    assert Contribution.objects.filter(film=film, author=member).count() == 1
    assert (figures(film).contributors, figures(film).age) == (1, 14)


def test_changing_a_note_sends_the_rating_back_to_the_moderators(film):
    member = UserFactory()
    rate(film, member, 10, notes={"violence": "A few fights."})
    changed = rate(film, member, 10, notes={"violence": "Lots of fights."})

    assert changed.status == Contribution.Status.PENDING
    assert figures(film).contributors == 0


def test_withdrawing_deleting_an_account_and_a_rejection_each_change_the_figures_at_once(three_rated):
    members = list(Contribution.objects.filter(film=three_rated).order_by("age"))

    services.withdraw_contribution(user=members[0].author, contribution=members[0])
    assert figures(three_rated).contributors == 2 and effective(three_rated) is None

    rate(three_rated, UserFactory(), 16)
    assert effective(three_rated).age == 14
    account_services.delete_account(user=members[1].author)
    assert figures(three_rated).contributors == 2 and effective(three_rated) is None

    moderator = StaffFactory(group="Moderators")
    services.moderate_contribution(
        moderator=moderator, contribution=members[2], status="rejected", reason="junk"
    )
    assert figures(three_rated).contributors == 1
    decision = ModerationDecision.objects.get(contribution=members[2])
    assert (decision.moderator, decision.status) == (moderator, "rejected")


def test_three_reports_hide_a_rating_until_a_moderator_decides(three_rated):
    target = Contribution.objects.filter(film=three_rated).first()
    for _ in range(3):
        services.report_contribution(user=UserFactory(), contribution=target, reason="offensive")

    target.refresh_from_db()
    assert target.status == Contribution.Status.HIDDEN
    assert figures(three_rated).contributors == 2
    assert ModerationDecision.objects.filter(contribution=target, moderator=None, status="hidden").exists()

    services.moderate_contribution(moderator=StaffFactory(), contribution=target, status="published")
    assert figures(three_rated).contributors == 3
    assert not target.reports.filter(is_open=True).exists()


def test_a_review_writes_its_authors_contribution_in_the_same_transaction(film):
    author = UserFactory()
    review = services.submit_review(
        author=author,
        film=film,
        stars=4,
        age_recommendation=11,
        title="Fine",
        body="x" * 30,
        scores={"violence": 2},
    )

    contribution = Contribution.objects.get(film=film, author=author)
    assert review.contribution == contribution
    assert (contribution.age, contribution.violence_score, contribution.status) == (11, 2, "published")
    assert (review.age_recommendation, review.violence_score) == (11, 2)
    with pytest.raises(ValidationError):
        services.withdraw_contribution(user=author, contribution=contribution)

    services.delete_review(user=author, review=review)
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    assert figures(film).contributors == 0


def test_a_moderators_decision_on_a_review_applies_to_the_rating_it_carries(film):
    author = UserFactory()
    review = services.submit_review(
        author=author, film=film, stars=4, age_recommendation=11, title="Fine", body="x" * 30
    )
    services.moderate(moderator=StaffFactory(), review=review, status=Review.Status.REJECTED)

    assert Contribution.objects.get(film=film, author=author).status == "rejected"
    assert figures(film).contributors == 0


def test_rebuild_community_recounts_to_what_every_write_kept(three_rated, django_capture_on_commit_callbacks):
    kept = figures(three_rated)
    CommunityAdvisory.objects.all().delete()
    FilmRating.objects.all().delete()

    from django.core.management import call_command

    call_command("rebuild_community")

    rebuilt = figures(three_rated)
    fields = [
        f.attname for f in CommunityAdvisory._meta.fields if f.name not in {"updated_at", "shown_since"}
    ]
    assert [getattr(rebuilt, f) for f in fields] == [getattr(kept, f) for f in fields]
    assert effective(three_rated).age == 12


def test_the_rate_limit_counts_contributions(settings, film):
    from accounts.limits import RateLimited

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contribution": "2/h"}
    member = UserFactory()
    rate(film, member, 10)
    rate(film, member, 11)
    with pytest.raises(RateLimited):
        rate(film, member, 12)
    assert figures(film).age == 11


@pytest.mark.parametrize("role", ["anonymous", "parent", "teen", "staff", "moderator", "editor"])
def test_who_may_rate_a_film(client, client_for, film, role):
    users = {
        "parent": lambda: UserFactory(),
        "teen": lambda: UserFactory(teen=True),
        "staff": lambda: StaffFactory(),
        "moderator": lambda: StaffFactory(group="Moderators"),
        "editor": lambda: StaffFactory(group="Editors"),
    }
    user = users[role]() if role != "anonymous" else None
    browser = client_for(user) if user else client
    url = reverse("reviews:rate", kwargs={"slug": film.slug})

    page = browser.get(url)
    posted = browser.post(url, {"age": "10", "violence_score": "2"})

    if role == "anonymous":
        assert page.status_code == posted.status_code == 302 and "/accounts/login/" in page.url
    elif role in {"parent", "teen"}:
        assert page.status_code == 200 and "Not sure" in page.content.decode()
        assert posted.status_code == 302
        assert Contribution.objects.get(film=film).violence_score == 2
        return
    else:  # staff accounts have no birth date: they do not rate
        assert page.status_code == posted.status_code == 403
        with pytest.raises(PermissionDenied):
            rate(film, user, 10)
    assert not Contribution.objects.exists()


def test_the_rate_page_explains_every_level_and_lets_a_member_withdraw(client_for, film):
    member = UserFactory()
    browser = client_for(member)
    url = reverse("reviews:rate", kwargs={"slug": film.slug})

    page = browser.get(url).content.decode()
    assert "Brutal, graphic or gory violence" in page and "Hand-holding, a crush, a quick kiss." in page

    browser.post(url, {"age": "9", "sex_score": "1", "sex_note": "One kiss  at the end."})
    contribution = Contribution.objects.get(film=film, author=member)
    assert (contribution.age, contribution.sex_score, contribution.sex_note) == (9, 1, "One kiss at the end.")

    browser.post(reverse("reviews:withdraw_rating", kwargs={"slug": film.slug}))
    assert not Contribution.objects.filter(author=member).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"age": "1"}, "age"),
        ({"age": "10", "violence_score": "6"}, "violence_score"),
        ({"age": "10", "violence_note": "x" * 201}, "violence_note"),
        ({"age": "", "violence_score": "2"}, "age"),
    ],
)
def test_a_bad_rating_is_named_and_changes_nothing(client_for, film, data, field):
    response = client_for(UserFactory()).post(reverse("reviews:rate", kwargs={"slug": film.slug}), data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_withdrawing_shows_at_once_on_the_cached_page(
    client, three_rated, django_capture_on_commit_callbacks
):
    url = three_rated.get_absolute_url()
    assert "From 3 Reelwise members" in client.get(url).content.decode()
    assert client.get(url).headers.get("X-Cache") == "hit"

    contribution = Contribution.objects.filter(film=three_rated).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_contribution(user=contribution.author, contribution=contribution)

    page = client.get(url).content.decode()
    assert "From 3 Reelwise members" not in page and "2 members have rated it so far" in page
    browse = client.get(reverse("films:browse"), {"age_max": 18}).content.decode()
    assert "Only the members" not in browse


@pytest.mark.parametrize("films", [2, 12])
def test_browse_and_the_api_read_community_films_in_constant_queries(
    client, settings, django_assert_num_queries, films
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    GenreFactory(name="Drama")
    for n in range(films):
        film = FilmFactory(title=f"Rated {n}")
        for _ in range(3):
            ContributionFactory(film=film, age=10, violence_score=1, sex_score=0)

    # 1. count the matching films, 2. the genres for the genre select, 3. one page of
    # films with their advisories and effective ratings (one join).
    with django_assert_num_queries(3):
        page = client.get(reverse("films:browse"), {"age_max": 12, "violence_max": 2, "sex_max": 5})
    assert page.content.decode().count("Community · 3 members") == films
    # 1. the page of films with advisory, effective rating and community advisory in one
    # join (the editors' ratings prefetch runs no query: none of these films has an
    # editors' advisory). The count is the one browse stored for the same filters.
    with django_assert_num_queries(1):
        listed = client.get("/api/v1/films/", {"age_max": 12, "violence_max": 2, "sex_max": 5}).json()
    assert listed["count"] == films


def test_a_childs_verdict_uses_the_community_advisory_and_says_so_unless_the_parent_says_no(client_for, film):
    from families import verdicts
    from families.models import Child, FamilySettings
    from tests.factories import ChildFactory

    scores = {f"{c.value}_score": 3 if c.is_positive else 1 for c in Category}
    for _ in range(3):
        ContributionFactory(film=film, age=12, **scores)
    three_rated = film
    parent = UserFactory()
    ChildFactory(owner=parent, nickname="Maya", age=13, violence_max=3, positive_matters=False)
    child = Child.objects.of(parent).get()
    result = verdicts.verdict(child, three_rated)
    assert result.is_fine and result.source == "the community's advisory (3 members)"
    browser = client_for(parent)
    assert (
        "Judged by the community&#39;s advisory (3 members)"
        in browser.get(three_rated.get_absolute_url()).content.decode()
    )
    suits = browser.get("/api/v1/films/", {"suits": child.pk}).json()["results"]
    assert [f["title"] for f in suits] == ["Only the members"]

    browser.post(reverse("families:settings"), {})
    assert FamilySettings.objects.get(owner=parent).use_community is False
    child = Child.objects.of(parent).get()
    assert not verdicts.verdict(child, three_rated).judged
    assert browser.get("/api/v1/films/", {"suits": child.pk}).json()["results"] == []

    browser.post(reverse("families:settings"), {"use_community": "on"})
    assert FamilySettings.objects.get(owner=parent).use_community is True


def test_a_community_verdict_names_the_communitys_age(three_rated):
    from families import verdicts
    from tests.factories import ChildFactory

    child = ChildFactory(nickname="Leo", age=8)

    assert "the community says age 12+" in verdicts.verdict(child, three_rated).reasons


def test_a_moderator_publishes_a_held_rating_from_the_admin_queue_and_it_counts(client_for, film, moderator):
    rate(film, UserFactory(), 10)
    rate(film, UserFactory(), 10)
    held = rate(film, UserFactory(), 12, notes={"language": "Lots of shit said."})
    assert held.status == "pending" and effective(film) is None
    browser = client_for(moderator)

    queue = browser.get(reverse("admin:reviews_contribution_changelist"))
    assert queue.status_code == 200 and "strong language" in queue.content.decode()
    browser.post(
        reverse("admin:reviews_contribution_changelist"),
        {"action": "publish_selected", "_selected_action": [held.pk]},
    )

    assert effective(film).contributors == 3
    assert ModerationDecision.objects.get(contribution=held).moderator == moderator


def test_an_editor_cannot_moderate_ratings(client_for, editor):
    assert client_for(editor).get(reverse("admin:reviews_contribution_changelist")).status_code == 403


def test_members_ask_our_editors_once_and_editors_see_the_most_wanted_films(client_for, film, editor):
    from reviews.models import EditorRequest

    for member in (UserFactory(), UserFactory(teen=True)):
        browser = client_for(member)
        assert "Ask our editors to review this film" in browser.get(film.get_absolute_url()).content.decode()
        browser.post(reverse("reviews:ask_editors", kwargs={"slug": film.slug}))
        browser.post(reverse("reviews:ask_editors", kwargs={"slug": film.slug}))
    assert EditorRequest.objects.filter(film=film).count() == 2
    rate(film, UserFactory(), 10)
    asked_less = FilmFactory(title="Asked for less")
    rate(asked_less, UserFactory(), 10)

    wanted = client_for(editor).get(reverse("admin:reviews_mostwantedfilm_changelist")).content.decode()

    assert wanted.index("Only the members") < wanted.index("Asked for less")
    assert f"/admin/advisories/advisory/add/?film={film.pk}" in wanted
    with pytest.raises(PermissionDenied):
        services.ask_editors(user=StaffFactory(), film=film)


def test_an_editor_starts_the_advisory_from_the_communitys_age_and_scores(client_for, three_rated, editor):
    browser = client_for(editor)
    add = reverse("admin:advisories_advisory_add")

    page = browser.get(add, {"film": three_rated.pk}).content.decode()
    assert "The community&#x27;s advisory: 3 members" in page or "The community's advisory: 3 members" in page
    assert "Start from the community&#x27;s" in page or "Start from the community's" in page

    started = browser.get(add, {"film": three_rated.pk, "from_community": "1"})
    assert started.context["adminform"].form.initial["age"] == 12
    ratings = started.context["inline_admin_formsets"][0].formset
    scores = {form.initial.get("category"): form.initial.get("score") for form in ratings.forms}
    assert scores["violence"] == 3 and scores["positive_messages"] == 3 and scores["sex"] is None


def test_the_labels_read_from_dicts_are_djangos_display_values():
    from accounts.models import Role
    from advisories.models import ContentRating

    for category in Category:
        rating = ContentRating(category=category.value, score=2)
        assert rating.category_label == rating.get_category_display() == category.label
    for role in Role:
        writing = Contribution(author_role=role.value, author_age=None)
        assert writing.author_label == writing.get_author_role_display()
    assert Contribution(author_role=Role.TEEN, author_age=15).author_label == "Teen, 15 years old"
