"""The films API's JSON. Only a published advisory ever shows: a film whose advisory is a
draft reads exactly like a film without one."""

import functools

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse as drf_reverse

from advisories.models import MAX_AGE, MAX_SCORE, MIN_AGE, Advisory, Alternative, Category
from films.models import Certificate, Credit, Film, Trivia
from pages.slug_urls import for_slugs
from reviews.community import summary_for


def page_url(serializer, film):
    """The film's page on the site, as an absolute URL."""
    return serializer.context["request"].build_absolute_uri(film.get_absolute_url())


def _score_field(category, **kwargs):
    more = "more is better" if category.is_positive else "more is more concerning"
    return serializers.IntegerField(
        min_value=0, max_value=MAX_SCORE, help_text=f"{category.label}: 0 to 5, {more}.", **kwargs
    )


class ScoresSerializer(serializers.Serializer):
    """The category scores, keyed by category."""

    def get_fields(self):
        # Null where the community's members left a category unscored.
        return {category.value: _score_field(category, allow_null=True) for category in Category}


class ScoreSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=0, max_value=MAX_SCORE, help_text="From 0 to 5.")
    note = serializers.CharField(help_text="Our editors' note on what is in the film.")


class RatingsSerializer(serializers.Serializer):
    """The category scores with the editors' notes, keyed by category."""

    def get_fields(self):
        return {c.value: ScoreSerializer(help_text=_score_field(c).help_text) for c in Category}


class FilmSummaryFields(serializers.ModelSerializer):
    # What a film is called, and where it lives on the site and in the API.

    url = serializers.SerializerMethodField(help_text="The film's page on the site.")
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:film-detail", lookup_field="slug", help_text="This film in the API."
    )

    class Meta:
        model = Film
        fields = ["slug", "title", "year", "url", "api_url"]
        read_only_fields = fields
        extra_kwargs = {
            "slug": {"help_text": "The film's identifier in URLs: title and year, `never-let-me-go-2010`."},
            "title": {"help_text": "The film's title."},
            "year": {"help_text": "The year of first release."},
        }

    @extend_schema_field(serializers.URLField())
    def get_url(self, film):
        return page_url(self, film)


AGE_HELP = f"The youngest age the film suits ({MIN_AGE}-{MAX_AGE}), from the published advisory."
EFFECTIVE = (
    "From the film's advisory: our editors' where published, else the community's (see `advisory_source`)."
)


class CategoryFigureSerializer(serializers.Serializer):
    median = serializers.IntegerField(
        min_value=0,
        max_value=MAX_SCORE,
        allow_null=True,
        help_text="The median score, halves rounded the cautious way (up for a concern, down "
        "for a positive category); null when nobody scored it.",
    )
    spread = serializers.ListField(
        child=serializers.IntegerField(min_value=0),
        min_length=MAX_SCORE + 1,
        max_length=MAX_SCORE + 1,
        help_text="How many members said 0, 1, 2, 3, 4 and 5.",
    )


class CommunityCategoriesSerializer(serializers.Serializer):
    def get_fields(self):
        return {c.value: CategoryFigureSerializer(help_text=c.label) for c in Category}


class CommunityAdvisorySerializer(serializers.Serializer):
    """What the film's published contributions add up to (reviews.CommunityAdvisory)."""

    contributors = serializers.IntegerField(help_text="Members whose published ratings count.")
    parents = serializers.IntegerField(help_text="Of them, parents.")
    teens = serializers.IntegerField(help_text="Of them, teens.")
    is_shown = serializers.BooleanField(
        help_text="Whether enough members have rated it for the site to show it as an advisory "
        "(COMMUNITY_ADVISORY_MIN, 3 by default)."
    )
    age = serializers.IntegerField(
        allow_null=True, help_text="The median youngest suitable age, halves rounded up."
    )
    age_counts = serializers.SerializerMethodField(
        help_text=f"Members who said each age, {MIN_AGE} to {MAX_AGE}."
    )
    categories = serializers.SerializerMethodField(help_text="Per category, the median and the spread.")

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_age_counts(self, community):
        return {
            str(age): count
            for age, count in zip(range(MIN_AGE, MAX_AGE + 1), community.age_counts, strict=False)
        }

    @extend_schema_field(CommunityCategoriesSerializer)
    def get_categories(self, community):
        return {c.value: {"median": community.median(c), "spread": community.spread(c)} for c in Category}

    def get_attribute(self, film):
        # As a film's field: null when no member's rating is published.
        return _community_advisory(film)


def _community_advisory(film):
    try:
        community = film.community_advisory
    except ObjectDoesNotExist:
        return None
    return community if community is not None and community.contributors else None


@extend_schema_field(serializers.ChoiceField(choices=["editors", "community"], allow_null=True))
class AdvisorySourceField(serializers.CharField):
    """FilmRating.source as it is: `editors` or `community`."""


class AdvisorySourceFields(serializers.Serializer):
    # Plain fields, read through the film's relations (a missing one reads as null), and one
    # nested serializer for a whole list rather than one made for each film.
    advisory_source = AdvisorySourceField(
        source="rating.source",
        read_only=True,
        allow_null=True,
        help_text="Where the age and scores come from: `editors` (our editors' published advisory), "
        "`community` (the median of at least COMMUNITY_ADVISORY_MIN members' moderated ratings; our "
        "editors have none yet) or null (neither).",
    )
    community_advisory = CommunityAdvisorySerializer(
        read_only=True,
        allow_null=True,
        help_text="The community's figures, whether or not they are the film's advisory; null when "
        "no member's rating is published.",
    )


STARS_HELP = "How good the film is, 1 to 5, from the published advisory."
ONE_LINER_HELP = "The advisory in one line."
NO_ADVISORY = "Null when the film has no published advisory."


class FilmSerializer(FilmSummaryFields, AdvisorySourceFields):
    """A film in the list, with its advisory's age and scores (the editors', else the
    community's), and the editors' stars and one-liner."""

    age = serializers.IntegerField(
        source="rating.age",
        read_only=True,
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        allow_null=True,
        help_text=f"The youngest age the film suits ({MIN_AGE}-{MAX_AGE}). {EFFECTIVE} Null without either.",
    )
    # A draft reads as no advisory: Film.published_advisory is None for it.
    stars = serializers.IntegerField(
        source="published_advisory.stars",
        read_only=True,
        min_value=1,
        max_value=5,
        allow_null=True,
        help_text=f"{STARS_HELP} {NO_ADVISORY}",
    )
    one_liner = serializers.CharField(
        source="published_advisory.one_liner",
        read_only=True,
        allow_null=True,
        help_text=f"{ONE_LINER_HELP} {NO_ADVISORY}",
    )
    scores = ScoresSerializer(
        source="rating",
        read_only=True,
        allow_null=True,
        help_text=f"The seven category scores (0-5, null where the community left one unscored), "
        f"keyed by category. {EFFECTIVE} Null without either.",
    )

    class Meta(FilmSummaryFields.Meta):
        fields = [
            *FilmSummaryFields.Meta.fields,
            "age",
            "stars",
            "one_liner",
            "scores",
            "advisory_source",
            "community_advisory",
        ]
        read_only_fields = fields

    def to_representation(self, film):
        if isinstance(film, dict):
            return self.from_row(film)
        return super().to_representation(film)

    def from_row(self, row):
        """A row of LIST_COLUMNS, written out as the declared fields write the film it is
        (tests/test_api_films.py compares them): DRF's field machinery cost the list more
        than its query, and the row, no model instances."""
        slug = row["slug"]
        published = row["advisory__status"] == Advisory.Status.PUBLISHED
        return {
            "slug": slug,
            "title": row["title"],
            "year": row["year"],
            "url": self._urls["page"](slug),
            "api_url": self._urls["api"](slug),
            "age": row["rating__age"],
            "stars": row["advisory__stars"] if published else None,
            "one_liner": row["advisory__one_liner"] if published else None,
            "scores": (
                {key: row[column] for key, column in RATING_COLUMNS} if row["rating__source"] else None
            ),
            "advisory_source": row["rating__source"],
            "community_advisory": _community_of_row(row),
        }

    @functools.cached_property
    def _urls(self):
        request = self.context["request"]
        return {
            "page": for_slugs(lambda slug: request.build_absolute_uri(reverse("films:detail", args=[slug]))),
            "api": for_slugs(
                lambda slug: drf_reverse("api:film-detail", kwargs={"slug": slug}, request=request)
            ),
        }


# A film of the list as a row of values (pages.api.views): FilmSerializer.from_row.
COMMUNITY = "community_advisory__"
LIST_COLUMNS = [
    "pk",  # for FilmList: a search's page is read by id
    "slug",
    "title",
    "year",
    "advisory__status",
    "advisory__stars",
    "advisory__one_liner",
    "rating__source",
    "rating__age",
    *(f"rating__{category.value}" for category in Category),
    *(f"{COMMUNITY}{name}" for name in ["contributors", "parents", "teens", "is_shown", "age", "age_counts"]),
    *(f"{COMMUNITY}{category.value}" for category in Category),
    *(f"{COMMUNITY}{category.value}_spread" for category in Category),
]


# Each category's key with its columns in a row, worked out once rather than for every film.
RATING_COLUMNS = [(category.value, f"rating__{category.value}") for category in Category]
COMMUNITY_COLUMNS = [
    (category.value, f"{COMMUNITY}{category.value}", f"{COMMUNITY}{category.value}_spread")
    for category in Category
]
AGE_KEYS = [str(age) for age in range(MIN_AGE, MAX_AGE + 1)]


def _community_of_row(row):
    """CommunityAdvisorySerializer's figures from a row: null without a member's rating."""
    if not row[f"{COMMUNITY}contributors"]:
        return None
    return {
        "contributors": row[f"{COMMUNITY}contributors"],
        "parents": row[f"{COMMUNITY}parents"],
        "teens": row[f"{COMMUNITY}teens"],
        "is_shown": row[f"{COMMUNITY}is_shown"],
        "age": row[f"{COMMUNITY}age"],
        "age_counts": dict(zip(AGE_KEYS, row[f"{COMMUNITY}age_counts"], strict=False)),
        "categories": {
            key: {"median": row[median], "spread": row[spread]} for key, median, spread in COMMUNITY_COLUMNS
        },
    }


class AlternativeSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="film.slug", help_text="The suggested film's slug.")
    title = serializers.CharField(source="film.title", help_text="The suggested film's title.")
    year = serializers.IntegerField(source="film.year", help_text="The suggested film's year.")
    url = serializers.SerializerMethodField(help_text="The suggested film's page on the site.")

    class Meta:
        model = Alternative
        fields = ["slug", "title", "year", "reason", "url"]
        read_only_fields = fields
        extra_kwargs = {"reason": {"help_text": "Why our editors suggest it."}}

    @extend_schema_field(serializers.URLField())
    def get_url(self, alternative):
        return page_url(self, alternative.film)


class AdvisorySerializer(serializers.Serializer):
    age = serializers.IntegerField(help_text=AGE_HELP)
    stars = serializers.IntegerField(help_text=STARS_HELP)
    one_liner = serializers.CharField(help_text=ONE_LINER_HELP)
    parents_need_to_know = serializers.CharField(help_text="What parents need to know.")
    story = serializers.CharField(help_text="What the story is.")
    is_it_any_good = serializers.CharField(help_text="Whether the film is any good, and why.")
    published_at = serializers.DateTimeField(help_text="When the advisory was first published.")
    scores = serializers.SerializerMethodField(
        help_text="The seven category scores with notes, keyed by category."
    )
    prompts = serializers.SerializerMethodField(help_text="Questions families can talk about.")
    alternatives = AlternativeSerializer(many=True, help_text="Films our editors suggest instead, or next.")

    @extend_schema_field(RatingsSerializer)
    def get_scores(self, advisory):
        return {r.category: {"score": r.score, "note": r.note} for r in advisory.ordered_ratings()}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_prompts(self, advisory):
        return [prompt.text for prompt in advisory.prompts.all()]


class CertificateSerializer(serializers.Serializer):
    """A certificate as films.certificates shows it: the site's country first (REELWISE_COUNTRY)."""

    system = serializers.ChoiceField(choices=Certificate.System.choices, help_text="The rating board.")
    country = serializers.CharField(source="region", help_text="The board's country or region: `US`, `UK`…")
    rating = serializers.CharField(source="label", help_text="The board's rating: `PG-13`, `15`…")
    reason = serializers.CharField(help_text="The board's reason, when it gives one.")
    age = serializers.IntegerField(
        allow_null=True,
        help_text="The age the rating admits from (0 for all ages); null for a rating we do not know.",
    )
    legal = serializers.BooleanField(
        allow_null=True,
        help_text="Whether that age is a legal limit (true) or advice (false); null if unknown.",
    )
    meaning = serializers.CharField(help_text="What the rating means, in a sentence.")


class CreditSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.name", help_text="The person's name.")

    class Meta:
        model = Credit
        fields = ["role", "person", "character", "note", "billing"]
        read_only_fields = fields
        extra_kwargs = {
            "role": {"help_text": "What they did on the film."},
            "character": {"help_text": "Cast only: who they play."},
            "note": {"help_text": "What kind of credit: `screenplay`, `novel`…"},
            "billing": {"help_text": "Billing order within the role, from 0."},
        }


class TriviaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Trivia
        fields = ["text", "is_spoiler"]
        read_only_fields = fields
        extra_kwargs = {
            "text": {"help_text": "A fact about the film or its making."},
            "is_spoiler": {"help_text": "True when the item gives the story away."},
        }


class RoleFiguresSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many of their reviews are published.")
    median_age = serializers.IntegerField(
        allow_null=True,
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        help_text="The median age they recommend (halves rounded up); null without reviews.",
    )
    mean_stars = serializers.FloatField(
        allow_null=True,
        min_value=1,
        max_value=5,
        help_text="Their mean stars, to one decimal; null without reviews.",
    )
    age_counts = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        help_text=f"How many of them recommend each age, for every age from {MIN_AGE} to {MAX_AGE}.",
    )


class CommunitySerializer(serializers.Serializer):
    parent = RoleFiguresSerializer(help_text="What parents say.")
    teen = RoleFiguresSerializer(help_text="What teens say.")


def _names(help_text):
    return serializers.StringRelatedField(many=True, help_text=help_text)


class FilmDetailSerializer(FilmSummaryFields, AdvisorySourceFields):
    """A film with its facts, credits, trivia and published advisory."""

    genres = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug", help_text="Genre slugs, as the `genre` filter takes."
    )
    countries = _names("Countries of production.")
    languages = _names("Spoken languages.")
    studios = _names("Production companies.")
    distributors = _names("Distributors.")
    certificates = CertificateSerializer(
        source="certificates_for_display", many=True, help_text="Official ratings by rating boards."
    )
    credits = serializers.SerializerMethodField(
        help_text="Who made it and who is in it: directors, writers, producers, cast… each in billing order."
    )
    trivia = TriviaSerializer(many=True, help_text="Trivia; spoilers are flagged.")
    advisory = serializers.SerializerMethodField(help_text=f"Our editors' advisory. {NO_ADVISORY}")
    community = serializers.SerializerMethodField(
        help_text="What parents and teens say, counted from their published reviews."
    )

    class Meta(FilmSummaryFields.Meta):
        fields = [
            *FilmSummaryFields.Meta.fields,
            "runtime",
            "synopsis",
            "genres",
            "countries",
            "languages",
            "studios",
            "distributors",
            "released_theatrical",
            "released_home",
            "imdb_id",
            "certificates",
            "credits",
            "trivia",
            "advisory",
            "advisory_source",
            "community_advisory",
            "community",
        ]
        read_only_fields = fields
        extra_kwargs = {
            **FilmSummaryFields.Meta.extra_kwargs,
            "runtime": {"help_text": "Running time in minutes."},
            "synopsis": {"help_text": "A short synopsis in our own words."},
            "released_theatrical": {"help_text": "First release in cinemas."},
            "released_home": {"help_text": "First release at home or on streaming."},
            "imdb_id": {"help_text": "The film's IMDb id, such as `tt1334260`."},
        }

    @extend_schema_field(CreditSerializer(many=True))
    def get_credits(self, film):
        position = {role: i for i, role in enumerate(Credit.Role.values)}
        credits = sorted(film.credits.all(), key=lambda c: (position[c.role], c.billing, c.pk))
        return CreditSerializer(credits, many=True).data

    @extend_schema_field(AdvisorySerializer(allow_null=True))
    def get_advisory(self, film):
        advisory = film.published_advisory
        return AdvisorySerializer(advisory, context=self.context).data if advisory else None

    @extend_schema_field(CommunitySerializer)
    def get_community(self, film):
        return summary_for(film)
