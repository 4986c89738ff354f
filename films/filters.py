"""The film filters: one FilterSet for the browse page and the API.

Every filter that reads an advisory reads only published ones: a draft's age and scores
never decide what the public sees.
"""

import re

import django_filters
from django import forms
from django.db.models import Case, Exists, F, OuterRef, Q, When

from advisories.models import MAX_AGE, MAX_SCORE, MIN_AGE, Advisory, Category, ContentRating
from films.models import FIRST_FILM_YEAR, LAST_FILM_YEAR, Certificate, Film

MPA_RATINGS = ["G", "PG", "PG-13", "R", "NC-17"]
PUBLISHED = Q(advisory__status=Advisory.Status.PUBLISHED)


def sort_value(name):
    """A field to order by; an advisory's field counts only when it is published, so that a
    draft's age, stars or old publication date never moves its film."""
    if name.startswith("advisory__"):
        return Case(When(PUBLISHED, then=F(name)))
    return F(name)


class WholeNumberField(forms.IntegerField):
    """An integer written as plain ASCII digits: Django's own field also takes "2.0" and
    other scripts' digits, which the API's schema (type integer) does not."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not re.fullmatch(r"-?[0-9]+", value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IntegerFilter(django_filters.NumberFilter):
    field_class = WholeNumberField


class ScoreFilter(IntegerFilter):
    """`violence_max=2`: films whose published advisory scores violence at most 2.
    The positive categories take `_min` instead: `role_models_min=3`."""

    def __init__(self, category):
        self.category = category
        word = "at least" if category.is_positive else "at most"
        super().__init__(
            lookup_expr="gte" if category.is_positive else "lte",
            min_value=0,
            max_value=MAX_SCORE,
            label=f"{category.label}: {word}",
            help_text=f"Films whose published advisory scores {category.label} {word} this (0-5).",
        )

    def filter(self, qs, value):
        if value is None:
            return qs
        rated = ContentRating.objects.filter(
            advisory__film=OuterRef("pk"),
            category=self.category,
            **{f"score__{self.lookup_expr}": value},
        )
        return qs.filter(PUBLISHED).filter(Exists(rated))


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Orders with films lacking the value (no advisory) last, on SQLite and PostgreSQL
    alike, and breaks ties by title so that pages never overlap."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            descending = param.startswith("-")
            field = sort_value(self.param_map[param.lstrip("-")])
            ordering.append(field.desc(nulls_last=True) if descending else field.asc(nulls_last=True))
        return qs.order_by(*ordering, "title", "pk")


class FilmFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="title",
        lookup_expr="icontains",
        label="Title",
        help_text="Part of the title, in any case.",
        max_length=200,
    )
    age_max = IntegerFilter(
        method="filter_age_max",
        label="Suits age",
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        help_text=f"Films whose advisory age is at most this ({MIN_AGE}-{MAX_AGE}).",
    )
    genre = django_filters.CharFilter(
        field_name="genres__slug",
        label="Genre",
        max_length=60,
        help_text="A genre's slug, such as `drama`. An unknown genre matches nothing.",
    )
    mpa = django_filters.ChoiceFilter(
        method="filter_mpa",
        label="MPA rating",
        choices=[(r, r) for r in MPA_RATINGS],
        help_text="The MPA certificate: " + ", ".join(MPA_RATINGS) + ".",
    )
    year_min = IntegerFilter(
        field_name="year",
        lookup_expr="gte",
        label="From year",
        min_value=FIRST_FILM_YEAR,
        max_value=LAST_FILM_YEAR,
        help_text="Released in or after this year.",
    )
    year_max = IntegerFilter(
        field_name="year",
        lookup_expr="lte",
        label="To year",
        min_value=FIRST_FILM_YEAR,
        max_value=LAST_FILM_YEAR,
        help_text="Released in or before this year.",
    )
    has_advisory = django_filters.ChoiceFilter(
        method="filter_has_advisory",
        choices=[("true", "With an advisory"), ("false", "Without an advisory")],
        empty_label="Any",
        label="Has an advisory",
        help_text="`true`: only films with a published advisory; `false`: only films without.",
    )
    positive_messages_min = ScoreFilter(Category.POSITIVE_MESSAGES)
    role_models_min = ScoreFilter(Category.ROLE_MODELS)
    violence_max = ScoreFilter(Category.VIOLENCE)
    sex_max = ScoreFilter(Category.SEX)
    language_max = ScoreFilter(Category.LANGUAGE)
    consumerism_max = ScoreFilter(Category.CONSUMERISM)
    drinking_max = ScoreFilter(Category.DRINKING)
    ordering = NullsLastOrderingFilter(
        fields=[
            ("advisory__published_at", "newest"),
            ("title", "title"),
            ("year", "year"),
            ("advisory__age", "age"),
            ("advisory__stars", "stars"),
        ],
        field_labels={
            "advisory__published_at": "Newest advisory",
            "title": "Title",
            "year": "Year",
            "advisory__age": "Age",
            "advisory__stars": "Stars",
        },
        label="Order by",
        help_text="newest, title, year, age or stars; a leading `-` reverses "
        "(`-newest` is newest first, `-stars` best first).",
    )

    class Meta:
        model = Film
        fields = []

    def filter_age_max(self, qs, name, value):
        return qs.filter(PUBLISHED, advisory__age__lte=value)

    def filter_mpa(self, qs, name, value):
        certified = Certificate.objects.filter(
            film=OuterRef("pk"), system=Certificate.System.MPA, rating=value
        )
        return qs.filter(Exists(certified))

    def filter_has_advisory(self, qs, name, value):
        return qs.filter(PUBLISHED) if value == "true" else qs.exclude(PUBLISHED)

    @property
    def qs(self):
        queryset = super().qs
        ordered = self.is_bound and self.is_valid() and self.form.cleaned_data.get("ordering")
        return queryset if ordered else queryset.order_by(*DEFAULT_ORDER)


# Without an ordering: newest advisories first, then films without one by title.
DEFAULT_ORDER = [sort_value("advisory__published_at").desc(nulls_last=True), "title", "pk"]
