"""Django's migrate, which first brings a database made before accounts had its own app up
to date with that move.

Such a database has the User table (reviews_user) from the reviews app's first migration,
and every migration that points at the user (the admin's, the API tokens', ours) is
recorded as applied. Those now depend on accounts 0001, which would create that table:
Django would refuse the history as inconsistent. The table is there, so 0001 is recorded
as applied, as `migrate --fake accounts 0001` would.
"""

from django.core.management.commands import migrate
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

MOVED_FROM = ("reviews", "0001_initial")
MOVED_TO = ("accounts", "0001_initial")


def record_the_move(connection):
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = recorder.applied_migrations()
    if MOVED_FROM in applied and MOVED_TO not in applied:
        recorder.record_applied(*MOVED_TO)
        return True
    return False


class Command(migrate.Command):
    def handle(self, *args, **options):
        if record_the_move(connections[options["database"]]) and options["verbosity"] >= 1:
            self.stdout.write("Recorded accounts.0001_initial as applied: the user table is already there.")
        return super().handle(*args, **options)
