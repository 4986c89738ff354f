"""The API's rate limits count each client's requests in a window that opens at its first
request (config/throttling.py): on the tests' cache, and on a real redis-server in one
round trip that cannot leave a counter without its expiry."""

import time

import pytest
from django.core.cache import cache
from rest_framework.test import APIRequestFactory

from config import throttling
from config.redis_cache import RedisCache
from loadtest.servers import Redis

pytestmark = pytest.mark.engine_independent


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


def throttle(clock, rate="3/minute"):
    limit = throttling.AnonWindowThrottle()
    limit.rate = rate
    limit.num_requests, limit.duration = limit.parse_rate(rate)
    limit.timer = clock
    return limit


def allowed(limit, address="203.0.113.9"):
    request = APIRequestFactory().get("/api/v1/films/", REMOTE_ADDR=address)
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    return limit.allow_request(request, None)


def test_a_client_gets_its_rate_in_a_window_then_waits_for_the_window_to_end():
    cache.clear()
    clock = Clock()
    limit = throttle(clock)

    assert [allowed(limit) for _ in range(3)] == [True, True, True]
    clock.now += 20
    assert not allowed(limit)
    assert limit.wait() == pytest.approx(40)
    assert allowed(limit, address="198.51.100.7")  # another client counts on its own

    clock.now += 40
    assert allowed(limit)


@pytest.fixture(scope="module")
def redis_url():
    with Redis() as server:
        yield server.url


def test_on_redis_a_count_is_one_round_trip_shared_by_processes_and_always_expires(redis_url, monkeypatch):
    here, there = RedisCache(redis_url, {}), RedisCache(redis_url, {})
    here.clear()
    client = here._cache.get_client(write=True)
    pipeline_class = type(client.pipeline())
    execute = pipeline_class.execute
    sent = []

    def counting_execute(pipeline, *args, **kwargs):
        sent.append([command[0][0] for command in pipeline.command_stack])
        return execute(pipeline, *args, **kwargs)

    monkeypatch.setattr(pipeline_class, "execute", counting_execute)
    key = here.make_and_validate_key("client")

    assert here.count("client", 60) == (1, 60)
    assert there.count("client", 60)[0] == 2
    assert sent == [["SET", "INCRBY", "TTL"]] * 2  # one round trip each
    assert 0 < client.ttl(key) <= 60

    client.pexpire(key, 1)  # the window ends
    time.sleep(0.01)
    assert here.count("client", 60) == (1, 60)  # a new one opens, with its expiry
    assert 0 < client.ttl(key) <= 60


def test_the_throttle_counts_on_redis_when_the_cache_is_redis(redis_url, monkeypatch):
    backend = RedisCache(redis_url, {})
    backend.clear()
    monkeypatch.setattr(throttling, "cache", backend)
    limit = throttle(Clock(), rate="2/minute")

    assert [allowed(limit) for _ in range(3)] == [True, True, False]
    assert 0 < limit.wait() <= 60
