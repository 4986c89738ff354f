"""SQLite's writers take turns through a lock beside the database (config/sqlite): a writer
waits while another's transaction is open, goes as soon as it ends, and gives up with
"database is locked" after the connection's timeout, as SQLite's own wait does."""

import fcntl
import threading
import time

import pytest
from django.db import OperationalError, connection
from django.db.utils import ConnectionHandler

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's writers only")


@pytest.fixture
def wrappers(tmp_path, django_db_blocker):
    """Connections to one database file of their own, as two processes of the site open it."""
    settings = {
        **connection.settings_dict,
        "NAME": str(tmp_path / "db.sqlite3"),
        "OPTIONS": {**connection.settings_dict["OPTIONS"], "timeout": 0.5},
        "TEST": {},
    }
    handler = ConnectionHandler({"default": settings, "first": dict(settings), "second": dict(settings)})
    with django_db_blocker.unblock():
        yield handler
        handler.close_all()


def begin(wrapper):
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def commit(wrapper):
    wrapper.commit()
    wrapper.set_autocommit(True)


def turn_is_taken(wrapper):
    """Whether a writer holds the lock beside the database now."""
    with open(f"{wrapper.settings_dict['NAME']}.writers") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


def in_thread(work):
    outcome = {}

    def run():
        started = time.monotonic()
        try:
            outcome["result"] = work()
        except Exception as error:  # noqa: BLE001 (what the test looks at)
            outcome["error"] = error
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_writer_waits_for_the_open_transaction_and_goes_when_it_ends(wrappers):
    first = wrappers["first"]
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n integer)")
    begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    assert turn_is_taken(first)

    def second_writer():
        second = wrappers["second"]
        begin(second)
        with second.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2)")
            cursor.execute("SELECT n FROM t ORDER BY n")
            rows = cursor.fetchall()
        commit(second)
        return rows

    thread, outcome = in_thread(second_writer)
    time.sleep(0.15)
    assert thread.is_alive()  # waiting for its turn
    commit(first)
    thread.join(5)

    assert outcome["result"] == [(1,), (2,)]  # it wrote after the first, and saw its row
    assert not turn_is_taken(first)
    assert 0.15 <= outcome["seconds"] < 0.45  # gone when the first ended, not at its timeout


def test_a_writer_gives_up_after_its_timeout_and_the_next_goes_after_a_rollback(wrappers):
    first = wrappers["first"]
    begin(first)

    def second_writer():
        begin(wrappers["second"])

    thread, outcome = in_thread(second_writer)
    thread.join(5)
    assert isinstance(outcome["error"], OperationalError)
    assert "database is locked" in str(outcome["error"])
    assert outcome["seconds"] >= 0.5

    first.rollback()
    first.set_autocommit(True)
    thread, outcome = in_thread(lambda: (begin(wrappers["second"]), commit(wrappers["second"])))
    thread.join(5)
    assert "error" not in outcome and outcome["seconds"] < 0.2


@pytest.mark.django_db
def test_the_remembered_question_mark_form_of_a_statement_is_djangos_and_runs():
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper

    from config.sqlite.base import REMEMBERED_SQL_LENGTH, CursorWrapper, _with_question_marks

    short = "SELECT %s AS a, '100%%' AS b WHERE 1 = %s"
    long = "SELECT 1 WHERE 'x' IN (" + ", ".join(["%s"] * 2000) + ")"
    assert len(long) > REMEMBERED_SQL_LENGTH
    with connection.cursor() as wrapped:
        cursor = wrapped.cursor
        assert isinstance(cursor, CursorWrapper)
        for sql, remembered in [(short, 1), (long, 0)]:
            hits = _with_question_marks.cache_info().hits
            for _ in range(2):
                assert cursor.convert_query(sql) == SQLiteCursorWrapper.convert_query(cursor, sql)
            assert _with_question_marks.cache_info().hits - hits == remembered
        assert cursor.convert_query("SELECT %(a)s", param_names=["a"]) == "SELECT :a"

        wrapped.execute(short, [5, 1])
        assert wrapped.fetchone() == (5, "100%")
