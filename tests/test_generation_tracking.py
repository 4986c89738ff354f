"""The page cache's generations answered from each process's memory, kept current by Redis
(config.redis_cache.Tracker): a hit costs no round trip, and a bump made anywhere is seen
on the very next read. Each RedisCache below has connections of its own, as a separate
process would, against a real redis-server."""

import pytest
from django.test import override_settings

import pagecache
from config.redis_cache import RedisCache
from loadtest.servers import Redis

pytestmark = pytest.mark.engine_independent

PREFIX = "page-cache:generation:"
CATALOG = f"{PREFIX}catalog"
FILM = f"{PREFIX}film:up-2009"


@pytest.fixture(scope="module")
def redis_url():
    with Redis() as server:
        yield server.url


@pytest.fixture
def worker(redis_url):
    """A web worker's cache; a second one stands for another worker or the command line."""
    backend = RedisCache(redis_url, {})
    backend.clear()
    return backend


@pytest.fixture
def other(redis_url):
    return RedisCache(redis_url, {})


def commands_sent(backend, monkeypatch):
    """A list that fills with every command the worker's tracking connection sends."""
    tracker = backend._tracker(PREFIX)
    sent = []
    original = tracker.connection.send_command
    def send_command(*args, **kwargs):
        sent.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(tracker.connection, "send_command", send_command)
    return sent


def test_a_repeated_read_is_answered_from_memory_without_a_command(worker, other, monkeypatch):
    other.set(CATALOG, 1, None)
    other.set(FILM, 2, None)
    assert worker.get_many_tracked([CATALOG, FILM], PREFIX) == {CATALOG: 1, FILM: 2}
    sent = commands_sent(worker, monkeypatch)

    for _ in range(5):
        assert worker.get_many_tracked([CATALOG, FILM], PREFIX) == {CATALOG: 1, FILM: 2}

    assert sent == []


def test_a_write_by_another_client_is_seen_on_the_next_read(worker, other):
    other.set(CATALOG, 1, None)
    assert worker.get_many_tracked([CATALOG], PREFIX) == {CATALOG: 1}

    other.set(CATALOG, 2, None)
    assert worker.get_many_tracked([CATALOG], PREFIX) == {CATALOG: 2}
    other.delete(CATALOG)
    assert worker.get_many_tracked([CATALOG], PREFIX) == {}


def test_a_key_missing_when_first_read_is_seen_once_written(worker, other):
    assert worker.get_many_tracked([FILM], PREFIX) == {}

    other.set(FILM, 5, None)

    assert worker.get_many_tracked([FILM], PREFIX) == {FILM: 5}


def test_a_flush_forgets_every_copy(worker, other):
    other.set(CATALOG, 1, None)
    worker.get_many_tracked([CATALOG], PREFIX)

    other.clear()

    assert worker.get_many_tracked([CATALOG], PREFIX) == {}


def test_keys_outside_the_prefix_are_read_but_send_no_invalidations(worker, other, monkeypatch):
    other.set(CATALOG, 1, None)
    worker.get_many_tracked([CATALOG], PREFIX)
    tracker = worker._tracker(PREFIX)
    pushes = []
    monkeypatch.setattr(tracker, "_invalidated", lambda message: pushes.append(message))

    other.set("page-cache:page:abc", b"<html>", None)
    worker.get_many_tracked([CATALOG], PREFIX)

    assert pushes == []


def test_a_lost_connection_never_serves_an_old_copy(worker, other):
    other.set(CATALOG, 1, None)
    worker.get_many_tracked([CATALOG], PREFIX)
    client = other._cache.get_client(write=True)
    # Redis drops the worker's tracking connection; the write that follows cannot reach it.
    client.client_kill_filter(_type="normal", skipme=True)
    other.set(CATALOG, 2, None)

    assert worker.get_many_tracked([CATALOG], PREFIX) == {CATALOG: 2}
    assert worker.get_many_tracked([CATALOG], PREFIX) == {CATALOG: 2}  # and it tracks again
    other.set(CATALOG, 3, None)
    assert worker.get_many_tracked([CATALOG], PREFIX) == {CATALOG: 3}


def test_the_page_cache_reads_its_generations_through_the_tracker(worker, other, monkeypatch):
    monkeypatch.setattr(pagecache, "cache", worker)
    first = pagecache.generations("catalog", "film:up-2009")
    sent = commands_sent(worker, monkeypatch)

    assert pagecache.generations("catalog", "film:up-2009") == first
    assert sent == []
    monkeypatch.setattr(pagecache, "cache", other)
    pagecache.bump("film:up-2009")  # from another process: a command, an import, an editor's save
    monkeypatch.setattr(pagecache, "cache", worker)
    after = pagecache.generations("catalog", "film:up-2009")

    assert after[0] == first[0]
    assert after[1] != first[1]


@override_settings()
def test_without_redis_the_generations_come_from_the_shared_cache_as_before(settings):
    assert not hasattr(pagecache.cache, "get_many_tracked")  # the tests' own cache
    assert pagecache.generations("catalog") == pagecache.generations("catalog")
