"""The film filters: one FilterSet for the browse page and the API.

Every filter that reads an age or a score reads the film's effective rating
(advisories.FilmRating): the editors' published advisory where there is one, else the
community's once enough members have rated the film. A draft's age and scores, and
unmoderated contributions, never decide what the public sees.
"""

import copy
import re

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.http import Http404
from django_filters.constants import EMPTY_VALUES

from advisories.models import MAX_AGE, MAX_SCORE, MIN_AGE, Advisory, Category, FilmRating
from families import verdicts
from families.models import Child
from films.models import ADVISORY_COPIES, FIRST_FILM_YEAR, LAST_FILM_YEAR, Certificate, Film, Genre
from films.search import search
from pages import catalog_store
from pages.widgets import NumberInput, SearchInput, Select

AGES = range(MIN_AGE, MAX_AGE + 1)
MAX_QUERY_LENGTH = 200
MPA_RATINGS = ["G", "PG", "PG-13", "R", "NC-17"]
PUBLISHED = Q(advisory__status=Advisory.Status.PUBLISHED)


class WholeNumberField(forms.IntegerField):
    """An integer written as plain ASCII digits: Django's own field also takes "2.0" and
    other scripts' digits, which the API's schema (type integer) does not."""

    widget = NumberInput

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not re.fullmatch(r"-?[0-9]+", value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ColumnFilter:
    """A filter on one column (`field_name` `lookup_expr` the value), which FilmFilterSet.where
    applies: through the column's index, or, newest first, checked on each film as it is read."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return self.parent.where(qs, self.field_name, self.lookup_expr, value)


class IntegerFilter(ColumnFilter, django_filters.NumberFilter):
    field_class = WholeNumberField


class ChoiceFilter(ColumnFilter, django_filters.ChoiceFilter):
    pass


def select(empty_label, choices):
    """A drop-down for a filter on the browse page: `empty_label` for no filter, then `choices`."""
    return Select(choices=[("", empty_label), *choices])


class BrowseForm(forms.Form):
    """The FilterSet's form as the browse page shows it: ids `f-<name>`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="f-%s", **kwargs)


class FormFields(dict):
    """A form class's fields by name. Each form deep-copies them to make them its own: every
    field, its widget, validators, messages and lists of choices, 0.25 ms a request. A request
    changes nothing of a filter's field but the choices of two widgets (`suits`, `genre`:
    FilmFilterSet.__init__), which it replaces rather than changes: those two are copied, with
    their widgets' own copies (a widget's attrs copied; pages.widgets.Select shares its
    choices), and every other field is the class's own, shared by every form."""

    PER_REQUEST = frozenset({"suits", "genre"})

    def __deepcopy__(self, memo):
        copies = dict(self)
        for name in self.PER_REQUEST & copies.keys():
            copies[name] = field = copy.copy(self[name])
            field.widget = copy.deepcopy(field.widget, memo)
        return copies


class ScoreFilter(IntegerFilter):
    """`violence_max=2`: films whose advisory (the editors', else the community's) scores
    violence at most 2. The positive categories take `_min` instead: `role_models_min=3`."""

    def __init__(self, category):
        self.category = category
        word = "at least" if category.is_positive else "at most"
        super().__init__(
            field_name=f"rating__{category.value}",
            lookup_expr="gte" if category.is_positive else "lte",
            min_value=0,
            max_value=MAX_SCORE,
            label=f"{category.label}: {word}",
            help_text=f"Films whose advisory (the editors', else the community's) scores "
            f"{category.label} {word} this (0-5).",
            widget=select("Any", [(score, str(score)) for score in range(MAX_SCORE + 1)]),
        )


class Unindexed(Func):
    """On SQLite, a column that no index may serve: SQL's unary plus, which SQLite documents as
    the way to keep a condition from choosing an index. Elsewhere, the column as it is.

    Newest first, the films with an advisory are read in that order from film_rating_rated_at_idx,
    and the rest from film_best_known_idx, and each film's age, scores, year or source is
    checked as it is read, so that a page of 24 costs the films up to it. Offered an index on
    the age, a category or the year, SQLite (which keeps no statistics unless ANALYZE is run)
    would rather read every match from that index and sort them all, for any page. PostgreSQL
    plans by its statistics, and plans worse without them: there the condition is left to use
    its index, or not."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(+%(expressions)s)", **extra_context)


COMPARISONS = {"exact": Exact, "lte": LessThanOrEqual, "gte": GreaterThanOrEqual}

# Columns that lead an index whose next column is newest first's own (rating__rated_at), so that
# newest first reads the films of one value in order from that index: the source, from
# film_rating_source_idx (source, rated_at, age, the scores, film), which also checks every
# bound in the index. Kept from Unindexed, SQLite read every rating of the source, or every
# film in the default order, and sorted them: browse with source=, age_max and two bounds took
# 8-34 ms of SQL a page at a million contributions, 0.3-1 ms read this way.
IN_ORDER = {"rating__source"}


class FilmOrderingFilter(django_filters.OrderingFilter):
    """Orders by a film fact (title, year) or by its published advisory (newest, age,
    stars). Ordering by an advisory lists only films that have a published one, which
    lets the database read the advisory indexes in order; ties go by title."""

    ADVISORY_FIELDS = {"advisory__published_at", "advisory__age"}

    def filter(self, qs, value):
        if not value:
            return qs
        fields = [self.get_ordering_value(param) for param in value]
        names = {field.lstrip("-") for field in fields}
        if names & self.ADVISORY_FIELDS:
            qs = qs.filter(PUBLISHED)
        # The film's own copies of its advisory's facts (stars: film_best_rated_idx's order)
        # are set exactly while the advisory is published.
        qs = qs.filter(**{f"{name}__isnull": False for name in names & set(ADVISORY_COPIES)})
        return qs.order_by(*fields, "title", "pk")


class Filters(dict):
    """A FilterSet's filters by name. Each FilterSet deep-copies them to make them its own;
    a shallow copy of each serves, as a request changes nothing of a filter but its parent,
    and saves copying every widget and list of choices on every request."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, declared in self.items():
            copies[name] = copy.copy(declared)
            if declared.method is not None:
                copies[name].method = declared.method  # calls the copy's parent, not the original's
        return copies


class FilmFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label="Title",
        help_text="Words of the title, in any order and case, with or without accents, punctuation "
        "or a leading article; a typo or two is forgiven, and a year narrows to it (titanic 1953). "
        "Without an ordering, the best matches come first.",
        max_length=MAX_QUERY_LENGTH,
        widget=SearchInput,
    )
    age_max = IntegerFilter(
        method="filter_age_max",
        label="Suits age",
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        help_text=f"Films whose advisory age (the editors', else the community's) is at most this "
        f"({MIN_AGE}-{MAX_AGE}).",
        widget=select("Any age", [(age, f"{age} and over" if age == MAX_AGE else age) for age in AGES]),
    )
    genre = django_filters.CharFilter(
        method="filter_genre",
        label="Genre",
        max_length=60,
        help_text="A genre's slug, such as drama. An unknown genre matches nothing.",
        widget=select("Any genre", []),  # the genres table's: FilmFilterSet.__init__
    )
    mpa = django_filters.ChoiceFilter(
        widget=Select,
        method="filter_mpa",
        label="MPA rating",
        choices=[(r, r) for r in MPA_RATINGS],
        help_text="The MPA certificate: " + ", ".join(MPA_RATINGS) + ".",
        empty_label="Any rating",
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
        widget=Select,
        method="filter_has_advisory",
        choices=[("true", "With an advisory"), ("false", "Without an advisory")],
        empty_label="Any film",
        label="Advisory",
        help_text="true: only films with a published advisory; false: only films without.",
    )
    source = ChoiceFilter(
        widget=Select,
        field_name="rating__source",
        label="Advisory by",
        choices=FilmRating.Source.choices,
        empty_label="Editors or community",
        help_text="editors: only films our editors have reviewed; community: only films whose "
        "advisory comes from the community's ratings (our editors have none yet).",
    )
    # A bound per category (`violence_max`, `role_models_min`...) follows, from Category.
    suits = IntegerFilter(
        method="filter_suits",
        label="Fine for",
        min_value=1,
        max_value=2**63 - 1,  # a BigAutoField id: larger numbers are refused, not sent to the database
        widget=select("Any child", []),  # the signed-in parent's children: FilmFilterSet.__init__
        help_text="The id of one of your children (signed-in parents): only the films whose "
        "advisory keeps to that child's limits and age (the community's where our editors have "
        "none, unless the family page says otherwise). Anyone else's child is a 404.",
    )
    ordering = FilmOrderingFilter(
        widget=Select,
        fields=[
            ("advisory__published_at", "newest"),
            ("sort_title", "title"),
            ("year", "year"),
            ("advisory__age", "age"),
            ("advisory_stars", "stars"),
        ],
        choices=[
            ("title", "Title, A to Z"),
            ("-title", "Title, Z to A"),
            ("-year", "Year, newest first"),
            ("year", "Year, oldest first"),
            ("age", "Youngest age first"),
            ("-age", "Oldest age first"),
            ("-stars", "Best rated first"),
            ("stars", "Lowest rated first"),
            ("-newest", "Newest advisory first"),
            ("newest", "Oldest advisory first"),
        ],
        empty_label="Best match, or newest advisory first",
        label="Sort by",
        help_text="newest, title, year, age or stars; a leading - reverses "
        "(-newest is newest first, -stars best first). Ordering by newest, age or stars "
        "lists only films with a published advisory. Without it: with q, the best matches "
        "first; else the newest advisories first, then films without one, the best known first.",
    )

    class Meta:
        model = Film
        fields = []
        form = BrowseForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A signed-in parent's children (one query; none, not even compiled, for anyone else), for `suits`.
        children = Child.objects.of(getattr(self.request, "user", AnonymousUser()))
        self.children = [] if children.query.is_empty() else list(children)
        self.form.fields["suits"].widget.choices = [
            ("", "Any child"),
            *((child.pk, str(child)) for child in self.children),
        ]
        # Read only if the form or a filter's description needs them (not by the API).
        self._genre_names = None
        self.form.fields["genre"].widget.choices = lambda: [("", "Any genre"), *self.genre_names().items()]

    def genre_names(self):
        """The genres, {slug: name} in the order of their names: read from the database once per
        catalogue generation, and kept in the shared cache meanwhile."""
        if self._genre_names is None:
            self._genre_names = catalog_store.stored("film-list:genres", _read_genre_names)
        return self._genre_names

    def get_form_class(self):
        """The form's class, made once rather than on every request: its fields are the same
        for everyone (the choices that are not, genres and children, are set on each form's
        own copy of its fields, in __init__)."""
        cls = type(self)
        if "form_class" not in cls.__dict__:
            cls.form_class = super().get_form_class()
            cls.form_class.base_fields = FormFields(cls.form_class.base_fields)
        return cls.form_class

    @classmethod
    def get_filters(cls):
        """The declared filters, with a ScoreFilter per category after `has_advisory`."""
        filters = Filters()
        for name, declared in super().get_filters().items():
            filters[name] = declared
            if name == "has_advisory":
                filters |= {category.bound_name: ScoreFilter(category) for category in Category}
        return filters

    def filter_age_max(self, qs, name, value):
        return self.where(qs, "rating__age", "lte", value)

    def where(self, qs, path, lookup, value):
        """`qs`, keeping the films whose `path` is `lookup` `value` ("rating__age", "lte", 10).
        In another order, or to count, the column's own index finds them (film_year_idx,
        film_rating_age_idx, frating_<category>_idx...). Newest first, FilmList reads the
        films in the order's own indexes and this is checked on each (see Unindexed), but for
        the source, whose index is in that order (IN_ORDER)."""
        if self.newest_first and path not in IN_ORDER:
            return qs.filter(COMPARISONS[lookup](Unindexed(F(path)), value))
        return qs.filter(**{f"{path}__{lookup}": value})

    def filter_genre(self, qs, name, value):
        # An EXISTS per film rather than a join, so that a list read in an index's order (newest
        # first, the best known, by title) checks each film's genres as it goes (the (film,
        # genre) index of films_film_genres) instead of reading the whole genre and sorting it.
        # The genre's id is a subquery of its own, so that PostgreSQL probes the index for each
        # film too: given the genre's slug inside the EXISTS, it hashes the whole genre first.
        genre = Genre.objects.filter(slug=value).order_by().values("pk")[:1]
        in_genre = Film.genres.through.objects.filter(film=OuterRef("pk"), genre=Subquery(genre))
        return qs.filter(Exists(in_genre))

    def filter_mpa(self, qs, name, value):
        # Drives the covering index certificate_rating_idx (system, rating, film).
        certified = Certificate.objects.filter(system=Certificate.System.MPA, rating=value)
        return qs.filter(pk__in=certified.values("film_id"))

    def filter_suits(self, qs, name, value):
        child = next((child for child in self.children if child.pk == value), None)
        if child is None:
            raise Http404("No such child in your family.")
        self.suits_child = child
        return qs.filter(verdicts.fine_for(child))

    def filter_q(self, qs, name, value):
        return search(qs, value)

    def filter_has_advisory(self, qs, name, value):
        # Film.advisory_published_at is set exactly when the film's advisory is published.
        return qs.filter(advisory_published_at__isnull=value != "true")

    @property
    def qs(self):
        """The chosen films: in the order asked for, by relevance for a search, else newest
        first (DEFAULT_ORDER). pages.film_list.FilmList reads them a page at a time."""
        queryset = super().qs
        return queryset.order_by(*DEFAULT_ORDER) if self.newest_first else queryset

    @property
    def newest_first(self):
        """Whether the list takes the default order: no ordering asked for, and no search."""
        if not self.is_bound:
            return True
        self.is_valid()  # cleans the form: a valid value stands even when another one is bad
        data = self.form.cleaned_data
        return not (data.get("ordering") or data.get("q"))


def _read_genre_names():
    return dict(Genre.objects.values_list("slug", "name"))


# Without an ordering or a search: films with an advisory (the editors' or the community's)
# first, the newest first (RATED_ORDER), then films without one, the best known first (the
# catalogue's vote count: UNRATED_ORDER). FilmList reads each part from its own index.
RATED_ORDER = ["-rating__rated_at", "-votes", "sort_title", "pk"]
UNRATED_ORDER = ["-votes", "sort_title", "pk"]
DEFAULT_ORDER = [F("rating__rated_at").desc(nulls_last=True), *UNRATED_ORDER]
