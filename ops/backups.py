"""Consistent copies of the database while the site serves, and bringing one back.

SQLite uses its online backup API, which copies a consistent snapshot page by page while
other connections keep reading and writing. PostgreSQL uses pg_dump (one consistent
snapshot in a single transaction) and pg_restore.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    pass


def backup(path, using="default"):
    """Write a consistent copy of the database to `path` (replaced atomically)."""
    path = Path(path)
    connection = connections[using]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(handle)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
        elif connection.vendor == "postgresql":
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}"], connection)
        else:
            raise BackupError(f"No backup method for {connection.vendor}.")
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return path


def restore(path, using="default"):
    """Replace the database's contents with the backup at `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file.")
    connection = connections[using]
    if connection.vendor == "sqlite":
        _sqlite_restore(connection, path)
    elif connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ],
            connection,
        )
    else:
        raise BackupError(f"No restore method for {connection.vendor}.")


def _sqlite_backup(connection, target):
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        with connection.wrap_database_errors:
            connection.connection.backup(destination, pages=1024)
        result = destination.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"The copy failed its integrity check: {result}")
    finally:
        destination.close()


def _sqlite_restore(connection, path):
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is not a sound SQLite database.")
        connection.ensure_connection()
        with connection.wrap_database_errors:
            source.backup(connection.connection, pages=1024)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an SQLite backup: {error}") from error
    finally:
        source.close()


def _run(command, connection):
    """Run pg_dump or pg_restore against the connection's database."""
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client).")
    settings = connection.settings_dict
    env = os.environ.copy()
    env.update(
        {
            key: str(value)
            for key, value in {
                "PGHOST": settings["HOST"],
                "PGPORT": settings["PORT"],
                "PGUSER": settings["USER"],
                "PGPASSWORD": settings["PASSWORD"],
                "PGDATABASE": settings["NAME"],
            }.items()
            if value
        }
    )
    # The program is pg_dump or pg_restore found on PATH; the arguments are ours, never user input.
    result = subprocess.run([program, *command[1:]], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
