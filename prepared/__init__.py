"""Reads whose SQL the ORM composes once per process, then runs with each call's values.

On a hot page the ORM's cost is composing a query, not the database's answering it: on
the bench machine a parent's two children take SQLite 0.1 ms to find and Django 1 ms to
turn `Child.objects.filter(owner=user)` into SQL and back into objects. A read of fixed
shape, where only the values change, is declared once with a function that builds its
queryset from its arguments:

    CHILDREN = Prepared(lambda owner_id: Child.objects.filter(owner_id=owner_id))
    CHILDREN.objects(user.pk)      # model instances, as the queryset would give
    FIGURES.rows(film.pk)          # tuples, for a values_list() queryset

The first call builds the queryset with stand-in values and keeps its SQL, the place of
each argument among its parameters, and Django's converters for its columns (dates,
booleans: what the database returns raw); later calls, from any thread, only execute on
their own connection. One plan per database engine and number of arguments, whatever the
number of threads or connections (the development server makes a thread per request).

What may be prepared: a queryset whose SQL does not depend on the values. A stand-in must
reach the SQL's parameters as it was given: an equality on a number or a text column
does, an `__in` list, `icontains` (which wraps the text in %) or a value that picks a
different filter does not, and preparing such a read fails at once, not with wrong rows.
A queryset with prefetch_related() is refused: a prefetch is a query of its own, to
prepare as one. select_related() is fine: its instances are put together as Django's own
iterator does.

On PostgreSQL the kept SQL also runs as a prepared statement of the connection (`run`),
so that the server plans it once per connection rather than on every call: for a page's
films by id it spent 0.35 ms planning and 0.05 ms running. pages/composed.py runs its kept
SQL the same way.
"""

import functools

from django.db import connections
from django.db.models.query import get_related_populators

# Stand-ins for the arguments: numbers no real row has, and distinct from one another.
_STAND_IN = -7_300_000_000


def _stand_in(index):
    return _STAND_IN - index


class Prepared:
    def __init__(self, build, using="default"):
        self.build = build
        self.using = using
        self._plans = {}

    def rows(self, *args):
        """The rows as a values_list() queryset of `build(*args)` gives them: tuples."""
        plan = self._plan(len(args))
        return plan.execute(args, connections[self.using])

    def objects(self, *args):
        """Model instances, as iterating `build(*args)` gives them (annotations included)."""
        plan = self._plan(len(args))
        if plan.klass_info is None:
            raise ValueError("objects() reads a queryset of instances; rows() reads values")
        # As django.db.models.query.ModelIterable puts rows together.
        select, klass_info = plan.compiler.select, plan.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column.target.attname for column, _, _ in select[start:end]]
        populators = get_related_populators(klass_info, select, self.using)
        found = []
        for row in plan.execute(args, connections[self.using]):
            instance = plan.model.from_db(self.using, names, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in plan.compiler.annotation_col_map.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def _plan(self, count):
        connection = connections[self.using]
        key = (connection.vendor, count)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = _Plan(self.build(*map(_stand_in, range(count))), connection, count)
        return plan


class _Plan:
    """One queryset's SQL, where each argument goes among its parameters, and converters."""

    def __init__(self, queryset, connection, count):
        query = queryset.query
        if queryset._prefetch_related_lookups:
            raise ValueError("a prefetch is a query of its own: prepare it as one")
        compiler = query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        self.places = []
        used = set()
        for value in params:
            index = self._argument(value, count)
            self.places.append((index, value))
            if index is not None:
                used.add(index)
        if used != set(range(count)):
            missing = sorted(set(range(count)) - used)
            raise ValueError(
                f"argument(s) {missing} do not reach the SQL as given: this read cannot be prepared"
            )
        self.converters = compiler.get_converters([column for column, _, _ in compiler.select])
        self.compiler = compiler
        self.model = query.model
        # None for a values() or values_list() queryset.
        self.klass_info = compiler.klass_info if not query.values_select else None

    @staticmethod
    def _argument(value, count):
        for index in range(count):
            stand_in = _stand_in(index)
            if value == stand_in or value == str(stand_in):
                return index
        return None

    def execute(self, args, connection):
        params = [args[index] if index is not None else value for index, value in self.places]
        rows = run(connection, self.sql, params)
        if self.converters:
            rows = [tuple(row) for row in self.compiler.apply_converters(rows, self.converters)]
        return rows


def run(connection, sql, params):
    """The rows of `sql` with `params`, fetched. On PostgreSQL as a prepared statement: the
    first call on a connection prepares it (one round trip more, once), later calls send
    only the values. A migration that changes the type of a column such a statement reads
    makes PostgreSQL refuse it until the connection is renewed: restart the workers after
    migrating, as a deploy does. Elsewhere, and on PostgreSQL with PREPARED_STATEMENTS=0,
    as Django runs any query."""
    options = connection.settings_dict["OPTIONS"]
    if connection.vendor != "postgresql" or options.get("prepare_threshold") is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    from psycopg.types.numeric import Int8

    # psycopg sends a Python int as the smallest type that holds it, and keeps a statement
    # per set of types: ids either side of 32,767 would make a statement per mix. Django
    # passes a number that must stay small (a smallint column's) as Int2, which stays.
    params = [Int8(value) if type(value) is int else value for value in params]
    with _preparing_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _preparing_cursor(connection):
    """A cursor of `connection` that binds values on the server and prepares what it runs,
    wrapped as Django wraps its own cursors (query logging and counts, errors as Django's)."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_preparing_class()(connection.connection))


@functools.cache
def _preparing_class():
    # Imported here: psycopg is loaded only where PostgreSQL is used.
    from django.db.backends.postgresql.base import ServerBindingCursor
    from psycopg import ClientCursor

    class Preparing(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            super().execute(query, params, prepare=True, binary=binary)
            # psycopg keeps no text of a prepared statement's run; Django's query log (and
            # the tests' query counts) reads it here. Written out only when read.
            self._query = _Written(self.connection, query, params)
            return self

    class _Written:
        def __init__(self, connection, sql, params):
            self.connection, self.sql, self.params = connection, sql, params

        @property
        def query(self):
            return ClientCursor(self.connection).mogrify(self.sql, self.params).encode()

    return Preparing
