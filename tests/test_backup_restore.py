"""`backup` copies a consistent snapshot while writes go on; `restore` brings it back."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection

from films.models import Film
from tests.factories import AdvisoryFactory

pytestmark = pytest.mark.django_db(transaction=True)


def keep_writing(stop, written):
    """Add films one after another until told to stop, recording each committed one."""
    try:
        n = 0
        while not stop.is_set():
            Film.objects.create(title=f"Written under load {n:05d}", year=2001)
            written.append(n)
            n += 1
    finally:
        close_old_connections()
        connection.close()


def test_a_backup_taken_under_load_restores_to_a_consistent_snapshot(tmp_path):
    AdvisoryFactory.create_batch(3)
    before = set(Film.objects.values_list("title", flat=True))
    stop, written = threading.Event(), []
    writer = threading.Thread(target=keep_writing, args=(stop, written))
    writer.start()
    while len(written) < 20:
        pass
    written_before_backup = len(written)

    call_command("backup", str(tmp_path / "reelwise.backup"), verbosity=0)

    stop.set()
    writer.join()
    assert len(written) > written_before_backup  # the writer was still going
    Film.objects.all().delete()

    call_command("restore", str(tmp_path / "reelwise.backup"), verbosity=0)

    titles = set(Film.objects.values_list("title", flat=True))
    assert before <= titles
    under_load = sorted(t for t in titles if t.startswith("Written under load"))
    # A consistent snapshot holds a gap-free prefix of the writes, at least those done before it.
    assert under_load == [f"Written under load {n:05d}" for n in range(len(under_load))]
    assert written_before_backup <= len(under_load) <= len(written)


def test_restoring_a_file_that_is_not_a_backup_fails_and_changes_nothing(tmp_path):
    AdvisoryFactory()
    bogus = tmp_path / "not-a-backup"
    bogus.write_text("this is not a database")

    with pytest.raises(CommandError):
        call_command("restore", str(bogus), verbosity=0)

    assert Film.objects.count() == 1


def test_restoring_a_missing_file_names_it(tmp_path):
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore", str(tmp_path / "missing"), verbosity=0)
