"""The SQL of a film list's page, composed once per shape of its filters rather than per request.

Composing a page's query costs more than running it: for browse or the API list with an age
and two bounds, the ORM took 2.7 ms of a request's 9 to build and compile the query, and
SQLite 0.3 ms to run it. Two requests whose filters differ only in their values (age_max=8
and age_max=10) run the same SQL with other parameters. So the first composes it with a
stand-in for each value (a number or a text no filter could be given, see `stand_in`), notes
where each stand-in lands among the SQL's parameters, and keeps the SQL, that map and the
columns' converters; later requests put their own values in those places and run it.

Only filters whose value goes whole into one or more parameters are stood in for (VALUED).
A filter whose value changes the SQL itself (has_advisory, ordering) is part of the shape.
A list with any other filter (a search, `suits`) is composed as before, and so is a shape
where a stand-in did not come back among the parameters: the filter did something with its
value besides passing it on, and the map would be wrong.
"""

import contextlib
import json
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import JSONField

import prepared

# The filters whose value is passed to the database as it is, and the ones that shape the SQL.
# A filter belongs in VALUED only if its SQL is the same whatever its value (no branch on the
# value): tests/test_composed_pages.py compares the kept SQL with freshly composed SQL for
# each. A filter in neither set leaves its lists composed on every request, as before.
VALUED = {
    "age_max",
    "year_min",
    "year_max",
    "genre",
    "mpa",
    "source",
    "positive_messages_min",
    "role_models_min",
    "violence_max",
    "sex_max",
    "language_max",
    "consumerism_max",
    "drinking_max",
}
SHAPING = {"has_advisory", "ordering"}
KEPT = 128  # shapes of page kept per process (2 KB or so each), the least recently used dropped first


def stand_in(name, value):
    """A value for filter `name` that no request can give and no SQL has of its own: a number
    past every bound (ages, scores and years are all under 2,101) and yet within the smallest
    column's range, which PostgreSQL's smallint sets at 32,767 (past it, Django drops a
    condition that must hold, or answers none without asking); or a text with a NUL."""
    if isinstance(value, int):
        return 30_001 + 100 * sorted(VALUED).index(name)
    return f"\x00reelwise:{name}"


def shape(filterset):
    """What decides a page's SQL: the filters given, with the value of the SHAPING ones; None
    if one of them is neither VALUED nor SHAPING, or the filters are unbound or not valid."""
    if not filterset.is_bound or not filterset.is_valid():
        return None
    data = filterset.form.cleaned_data
    given = {name: value for name, value in data.items() if value not in (None, "", [])}
    if not set(given) <= VALUED | SHAPING:
        return None
    return tuple(
        sorted((name, _hashable(value) if name in SHAPING else None) for name, value in given.items())
    )


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


class Composed:
    """One shape's SQL, the place of each filter's value among its parameters, and how its rows
    become dicts (the columns' names and Django's converters, as values() applies them)."""

    def __init__(self, queryset, stand_ins):
        self.db = queryset.db
        compiler = queryset.query.get_compiler(self.db)
        self.sql, params = compiler.as_sql()
        by_stand_in = {value: name for name, value in stand_ins.items()}
        # Each parameter: (the filter whose value it is, else None; the parameter as composed).
        self.params = [(_stand_in_for(param, by_stand_in), param) for param in params]
        placed = {name for name, _ in self.params if name is not None}
        self.complete = placed == set(stand_ins)
        query = queryset.query
        self.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        fields = [select[0] for select in compiler.select[: compiler.col_count]]
        # [(column, (converters, expression))], as SQLCompiler.apply_converters reads them; the
        # compiler itself, and the query it holds, are not kept. The JSON columns apart: a
        # row's are decoded together (_converted).
        converters = compiler.get_converters(fields)
        self.json = [position for position, (functions, _) in converters.items() if _plain_json(functions)]
        self.converters = [
            (position, kept) for position, kept in converters.items() if position not in self.json
        ]

    def sql_with_params(self, values):
        """The SQL and its parameters for the filters' `values` ({name: value})."""
        return self.sql, [
            param if name is None else _like(param, values[name]) for name, param in self.params
        ]

    def rows(self, values):
        """The rows for the filters' `values`, as values() would give them."""
        rows = prepared.run(connections[self.db], *self.sql_with_params(values))
        if self.converters or self.json:
            rows = _converted(rows, self.converters, self.json, connections[self.db])
        names = self.names
        return [dict(zip(names, row, strict=False)) for row in rows]


def _plain_json(functions):
    """Whether a column's converters are a JSONField's decoding alone, with json's own decoder."""
    if len(functions) != 1:
        return False
    field = getattr(functions[0], "__self__", None)
    return isinstance(field, JSONField) and field.decoder is None and functions[0] == field.from_db_value


def _converted(rows, converters, json_columns, connection):
    """The rows with each column's converters applied, as SQLCompiler.apply_converters, but
    a row's JSON columns read with one json.loads: the API list's eight columns of community
    figures were 192 calls a page of 24 films, each through JSONField.from_db_value."""
    for row in rows:
        row = list(row)
        if json_columns:
            texts = [row[position] for position in json_columns]
            try:
                decoded = json.loads("[" + ",".join("null" if text is None else text for text in texts) + "]")
                if len(decoded) != len(texts):  # a text such as "1, 2" that is no one value
                    raise ValueError(texts)
            except (ValueError, TypeError):  # as JSONField: what is not JSON stays as it is
                decoded = [_json_or_text(text) for text in texts]
            for position, value in zip(json_columns, decoded, strict=True):
                row[position] = value
        for position, (functions, expression) in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        yield row


def _json_or_text(text):
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def values(filterset):
    """The values of `filterset`'s VALUED filters, by name."""
    return {name: value for name, value in filterset.form.cleaned_data.items() if name in VALUED}


def _stand_in_for(param, by_stand_in):
    """The filter whose stand-in `param` is, if any."""
    if isinstance(param, (int, str)) and not isinstance(param, bool):
        return by_stand_in.get(param)
    return None


def _like(stand_in, value):
    """`value` as the stand-in was passed: on PostgreSQL, Django passes a smallint column's
    number as psycopg's Int2, so that the comparison is smallint's own."""
    kind = type(stand_in)
    return value if kind is int or kind is str else kind(value)


class Shapes:
    """The Composed of each shape seen, the most recently used KEPT."""

    def __init__(self):
        self._composed = OrderedDict()

    def rows(self, filterset, key, compose):
        """The rows of `compose(films)` for `filterset`'s values, where `compose` makes the page's
        values() queryset from the films a filterset chose and `key` says which page of which
        list that is. Without a shape, compose(filterset.qs) is run as it is."""
        the_shape = shape(filterset)
        if the_shape is None:
            return list(compose(filterset.qs))
        composed = self._kept((the_shape, key), lambda: self._compose(filterset, compose))
        if not composed.complete:
            return list(compose(filterset.qs))
        return composed.rows(values(filterset))

    def rows_by_id(self, rows, ids):
        """The rows of `rows` (a values() queryset with "pk") for the films `ids`, in that order
        (a search's page): its SQL composed once per number of ids and set of columns, with
        -1, -2... standing in for the ids, which no film has."""
        key = ("by id", rows.query.values_select, len(ids))
        stand_ins = {index: -1 - index for index in range(len(ids))}
        composed = self._kept(key, lambda: Composed(rows.filter(pk__in=list(stand_ins.values())), stand_ins))
        found = composed.rows(dict(enumerate(ids))) if composed.complete else rows.filter(pk__in=ids)
        by_id = {row["pk"]: row for row in found}
        return [by_id[pk] for pk in ids if pk in by_id]

    def _kept(self, key, compose):
        """The Composed kept under `key`, else compose()'s, kept."""
        composed = self._composed.get(key)
        if composed is None:
            composed = compose()
            self._composed[key] = composed
            if len(self._composed) > KEPT:
                self._composed.popitem(last=False)
        else:
            with contextlib.suppress(KeyError):  # dropped meanwhile by another thread (runserver's)
                self._composed.move_to_end(key)
        return composed

    def kept(self, filterset):
        """{key: Composed} kept for `filterset`'s shape."""
        the_shape = shape(filterset)
        kept = self._composed.items()
        return {key: composed for (kept_shape, key, *_), composed in kept if kept_shape == the_shape}

    def _compose(self, filterset, compose):
        stand_ins = {
            name: stand_in(name, value)
            for name, value in filterset.form.cleaned_data.items()
            if name in VALUED and value not in (None, "", [])
        }
        stand_in_filterset = type(filterset)(
            filterset.data, queryset=filterset.queryset, request=filterset.request
        )
        stand_in_filterset.is_valid()
        stand_in_filterset.form.cleaned_data = {**filterset.form.cleaned_data, **stand_ins}
        try:
            return Composed(compose(stand_in_filterset.qs), stand_ins)
        except EmptyResultSet:  # a filter that can match nothing, known before asking the database
            return NOT_COMPOSED

    def clear(self):
        self._composed.clear()


class NotComposed:
    """A shape whose SQL is composed for each request."""

    complete = False


NOT_COMPOSED = NotComposed()
shapes = Shapes()
