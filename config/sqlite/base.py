"""SQLite, with writers that take turns promptly.

SQLite lets one transaction write at a time. A writer that finds the database busy sleeps
and tries again, each sleep longer than the last (SQLite's busy handler: 1, 2, 5... then
100 ms), so that one who has waited longest tries least often: under make bench's sixteen
writers most waited a few milliseconds and a few waited seconds, which wrk counted as
errors. Here each transaction (BEGIN IMMEDIATE, settings.py) first takes a lock on a file
beside the database (`<database>.writers`), which every process on the machine shares and
every waiting writer asks for each millisecond: the lock goes to one of them as soon as it
is free, so no writer waits for long while others come and go. Waiting gives up with
"database is locked" after the connection's timeout, as SQLite's own wait does. The kernel
releases the lock of a process that dies.

An in-memory database (the tests') has one process and needs no turns.
"""

import fcntl
import functools
import os
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

POLL_SECONDS = 0.001


# Longer statements (a bulk insert's) are converted each time, not remembered.
REMEMBERED_SQL_LENGTH = 4000


class CursorWrapper(base.SQLiteCursorWrapper):
    """Django's SQLite cursor, remembering each statement's "?" form: a hot read sends the
    same SQL on every request, and Django ran a regular expression over it every time (3 %
    of the uncached film page under make bench)."""

    def convert_query(self, query, *, param_names=None):
        if param_names is not None or len(query) > REMEMBERED_SQL_LENGTH:
            return super().convert_query(query, param_names=param_names)
        return _with_question_marks(query)


@functools.lru_cache(maxsize=512)
def _with_question_marks(query):
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class DatabaseWrapper(base.DatabaseWrapper):
    _turn = None  # the open lock file while this connection holds the writers' turn

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=CursorWrapper)

    def _start_transaction_under_autocommit(self):
        if self.is_in_memory_db():
            return super()._start_transaction_under_autocommit()
        self._take_turn()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_turn()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._end_turn()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_turn()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._end_turn()

    def _take_turn(self):
        path = f"{self.settings_dict['NAME']}.writers"
        turn = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        deadline = time.monotonic() + self.settings_dict["OPTIONS"].get("timeout", 5)
        while True:
            try:
                fcntl.flock(turn, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(turn)
                    raise OperationalError("database is locked") from None
                time.sleep(POLL_SECONDS)
        self._turn = turn

    def _end_turn(self):
        if self._turn is not None:
            turn, self._turn = self._turn, None
            os.close(turn)  # closing the file releases its lock
