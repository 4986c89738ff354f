"""Django's Redis cache backend, keeping its Redis clients instead of making one per call,
and keeping chosen keys in this process's memory, kept current by Redis itself.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call, and redis-py's
constructor fills a table of about 170 response callbacks each time: measured here, a third
of a millisecond per call, more than the round trip to Redis itself. A `redis.Redis` takes a
connection from its pool for each command, so one per server can serve every call and every
thread.

`get_many_tracked(keys, prefix)` is `get_many` answered from memory: the page cache asks for
its generations on every hit, and the answer rarely changes. It uses Redis's server-assisted
client-side caching (CLIENT TRACKING, broadcasting mode, RESP3 on one connection). redis-py's
own client-side cache needs Redis 7.4; Debian's is 7.0, which has tracking, so this is the
same mechanism in a few lines: see Tracker.

`count(key, seconds)` adds to a counter that expires, in one round trip: the API's rate
limits (config/throttling.py).
"""

import contextlib
import logging
import os
import threading

from django.core.cache.backends import redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class Tracker:
    """This process's copies of the keys under one prefix, forgotten the moment Redis says
    one changed.

    One RESP3 connection per process does both jobs: it reads the keys this process does not
    hold yet (MGET), and it has asked Redis (`CLIENT TRACKING ON BCAST PREFIX p`) to push an
    invalidation whenever any key under the prefix is written, by any client, or flushed.
    Redis sends a write's invalidation before it answers the writer, and on this one
    connection every push arrives in order with the replies. So before answering from
    memory, the tracker reads whatever pushes are waiting on the socket (a poll, not a round
    trip), and a value read by MGET is current up to the pushes that follow it. A value in
    memory is therefore never older than what the writer was told it wrote.

    Without a working connection (Redis restarting, a fork) it holds nothing, and every read
    goes to Redis as before.
    """

    MAX_KEYS = 100_000

    def __init__(self, pool, prefix):
        self.connection_class = pool.connection_class
        # The pool's parser speaks RESP2; tracking on one connection needs RESP3's pushes.
        self.connection_kwargs = {
            k: v for k, v in pool.connection_kwargs.items() if k not in ("protocol", "parser_class")
        }
        self.prefix = prefix
        self.values = {}
        self.connection = None
        self.pid = None
        self.lock = threading.Lock()

    def get_many(self, keys, fetch):
        """{key: raw value} for the keys Redis has (raw: as stored, before unpickling);
        `fetch(missing)` answers without tracking when the connection cannot be had."""
        with self.lock:
            try:
                self._connect()
                self._read_pushes()
                missing = [key for key in keys if key not in self.values]
                if missing:
                    self.connection.send_command("MGET", *missing)
                    # Pushes that arrive first are handled first (by _invalidated): the reply
                    # already shows those writes.
                    for key, value in zip(missing, self.connection.read_response(), strict=True):
                        self.values[key] = value
                    if len(self.values) > self.MAX_KEYS:
                        self.values.clear()
                found = {key: self.values[key] for key in keys}
            except (RedisError, OSError) as error:
                log.warning("Redis tracking unavailable (%s); reading without it", error)
                self._drop()
                return {key: value for key, value in fetch(keys).items() if value is not None}
        return {key: value for key, value in found.items() if value is not None}

    def _connect(self):
        if self.connection is not None and self.pid == os.getpid():
            return
        self.values.clear()  # a forked child must not trust its parent's copies
        connection = self.connection_class(**self.connection_kwargs, protocol=3)
        connection.connect()
        connection._parser.set_invalidation_push_handler(self._invalidated)
        connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self.prefix)
        if connection.read_response() not in (b"OK", "OK"):
            raise RedisError("CLIENT TRACKING was refused")
        self.connection, self.pid = connection, os.getpid()

    def _read_pushes(self):
        while self.connection.can_read(timeout=0):
            self.connection.read_response(push_request=True, timeout=0)

    def _invalidated(self, message):
        keys = message[1]
        if keys is None:  # FLUSHDB or FLUSHALL
            self.values.clear()
            return
        for key in keys:
            self.values.pop(key.decode() if isinstance(key, bytes) else key, None)

    def _drop(self):
        self.values.clear()
        if self.connection is not None:
            with contextlib.suppress(RedisError, OSError):
                self.connection.disconnect()
        self.connection = None


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._trackers = {}
        self._trackers_lock = threading.Lock()

    def get_many_tracked(self, keys, prefix):
        """get_many() for keys that all start with `prefix`, answered from this process's
        memory while Redis has not reported a write under the prefix (see Tracker)."""
        keys = list(keys)
        tracker = self._tracker(prefix)
        redis_keys = {self.make_and_validate_key(key): key for key in keys}
        loads = self._cache._serializer.loads
        raw = tracker.get_many(list(redis_keys), self._fetch_raw)
        return {redis_keys[key]: loads(value) for key, value in raw.items()}

    def count(self, key, seconds):
        """Add one to `key`'s count, which starts at its first addition and lasts `seconds`:
        (the count, the seconds left), in one round trip. MULTI makes the three commands one,
        so the count cannot expire between its creation and its addition (it would then
        never expire)."""
        key = self.make_and_validate_key(key)
        pipeline = self._cache.get_client(write=True).pipeline(transaction=True)
        pipeline.set(key, 0, ex=seconds, nx=True)
        pipeline.incr(key)
        pipeline.ttl(key)
        _, counted, left = pipeline.execute()
        return counted, max(left, 1)

    def _fetch_raw(self, redis_keys):
        values = self._cache.get_client(write=False).mget(redis_keys)
        return dict(zip(redis_keys, values, strict=True))

    def _tracker(self, prefix):
        tracker = self._trackers.get(prefix)
        if tracker is None:
            with self._trackers_lock:
                tracker = self._trackers.get(prefix)
                if tracker is None:
                    pool = self._cache._get_connection_pool(write=False)
                    tracker = Tracker(pool, self.make_and_validate_key(prefix))
                    self._trackers[prefix] = tracker
        return tracker
