"""The films a FilmFilterSet chose, read a page at a time: the browse page and the API list."""

import functools
import hashlib

from django.db.models import Count

from films import title_index
from pages import catalog_store, composed
from pages.filters import RATED_ORDER, UNRATED_ORDER


class FilmList:
    """The films of a FilmFilterSet, for a Paginator: count() and slices.

    The count is read from the cache when a request has already counted the same filters
    under the current catalog generation (pagecache.generations): every write a count depends
    on (films, genres, certificates, advisories, effective ratings) bumps that generation, so
    a stored count is exact. `suits` depends on a parent's child too, and is counted each time.

    Newest first (no ordering, no search) is read in two parts, each from an index in its own
    order, so that a page costs the films up to it rather than a sort of every film that
    matches: the films with an advisory, newest first (film_rating_rated_at_idx), then the
    films without one, the best known first (film_best_known_idx), the filters checked on
    each film as it is read (pages.filters.FilmFilterSet.where). The counts say where the
    first part ends, and whether there is a second.

    A search with no other filter and no ordering is read from type-ahead's copy of the
    titles (films/title_index.py), which finds the same films in the same order as the
    text index (tests/test_search.py compares them): the count is the number found, and a
    page is its films' rows by id, without composing the search's SQL.

    Every other page's SQL is composed once per shape of its filters (pages/composed.py), and
    run with each request's values: composing it cost more than running it.
    """

    def __init__(self, filterset, rows):
        """`filterset` chooses from the films alone (Film.objects.all()), so that a count joins
        only what the filters need; a page is read as rows of `rows`, a values() queryset of
        what it shows with the films' "pk", made once (resolving its columns costs more than
        copying it)."""
        self.filterset = filterset
        self.rows = rows
        self._counts = None
        q = _search_alone(filterset)
        self._found = title_index.current().search(q) if q is not None else None

    @functools.cached_property
    def films(self):
        return self.filterset.qs

    def count(self):
        return self.counts()[0]

    def counts(self):
        """(how many films, how many of them have an advisory), the second None unless the list
        is newest first."""
        if self._counts is None and self._found is not None:
            self._counts = len(self._found), None
        if self._counts is None:
            key = self._cache_key()
            self._counts = self._count() if key is None else catalog_store.stored(key, self._count)
        return self._counts

    def __getitem__(self, page):
        start, stop = page.start or 0, page.stop
        if self._found is not None:
            ids = self._found[start:stop]
            return composed.shapes.rows_by_id(self.rows, ids) if ids else []
        if not self.filterset.newest_first:
            return self._read(self._in_order, start, stop)
        total, rated = self.counts()
        films = []
        if start < rated:
            films += self._read(self._rated, start, min(stop, rated))
        if stop > rated and total > rated:
            films += self._read(self._unrated, max(start - rated, 0), stop - rated)
        return films

    def _read(self, part, start, stop):
        """The rows of films[start:stop] of one part of the list (_rated, _unrated, _in_order),
        its SQL composed once per shape of the filters (pages.composed)."""
        key = (part.__name__, self._columns, start, stop)
        return composed.shapes.rows(self.filterset, key, lambda films: part(films, start, stop))

    def _count(self):
        if self.filterset.newest_first:
            figures = self.films.aggregate(total=Count("pk"), rated=Count("rating"))
            return figures["total"], figures["rated"]
        return self.films.count(), None

    def _cache_key(self):
        data = self.filterset.form.cleaned_data if self.filterset.is_bound else {}
        if data.get("suits") is not None:
            return None
        filters = sorted((name, value) for name, value in data.items() if value not in (None, "", []))
        return f"film-list:count:{hashlib.sha256(repr(filters).encode()).hexdigest()}"

    def _in_order(self, films, start, stop):
        # A search's order is computed from each film's row (its relevance): its page is read
        # whole, with the rows' columns.
        if films.query.annotations:
            return films.values(*self._columns)[start:stop]
        # The page's ids first, in a subquery that reads only what the order and the filters
        # need (ordered by an advisory, the covering index advisory_status_stars_film_idx),
        # then the rows of those films alone: sorting whole rows to keep 24, SQLite read every
        # advisory and community figures in the order's first group, four times the work.
        ids = films.values("pk")[start:stop]
        return self.rows.filter(pk__in=ids).order_by(*films.query.order_by)

    @property
    def _columns(self):
        # Newest first and for a search, the columns are read with the page itself.
        return self.rows.query.values_select

    def _rated(self, films, start, stop):
        return films.filter(rating__isnull=False).order_by(*RATED_ORDER).values(*self._columns)[start:stop]

    def _unrated(self, films, start, stop):
        return films.filter(rating__isnull=True).order_by(*UNRATED_ORDER).values(*self._columns)[start:stop]


def _search_alone(filterset):
    """The query of a search with no other filter and no ordering, else None."""
    if not filterset.is_bound:
        return None
    filterset.is_valid()  # cleans the form: a bad value is left out, as the filters leave it
    chosen = {name for name, value in filterset.form.cleaned_data.items() if value not in (None, "", [])}
    return filterset.form.cleaned_data["q"] if chosen == {"q"} else None
