"""CVE-2025-61765: a pickle published on the cluster's socket.io Redis channel must not be loaded."""
from __future__ import annotations

import asyncio
import json
import pickle

from cluster.json_redis_manager import JsonOnlyAsyncRedisManager, decode_message

EXECUTED = []


class Boom:
    def __reduce__(self):
        return (EXECUTED.append, ("pwned",))


def test_pickle_payload_is_refused():
    assert decode_message(pickle.dumps({"method": "emit", "x": Boom()})) is None
    assert EXECUTED == []


def test_json_message_is_accepted():
    assert decode_message(json.dumps({"method": "emit", "event": "bot_uttered"}).encode()) == {
        "method": "emit",
        "event": "bot_uttered",
    }
    assert decode_message(b"[1, 2]") is None


def test_listen_drops_pickles_and_publish_writes_json():
    manager = JsonOnlyAsyncRedisManager.__new__(JsonOnlyAsyncRedisManager)
    manager.channel = "c"
    manager.logger = __import__("logging").getLogger("test")
    published = []

    class FakeRedis:
        async def publish(self, channel, payload):
            published.append(payload)

    manager.redis = FakeRedis()

    async def raw_listen(self):
        yield pickle.dumps({"method": "emit", "x": Boom()})
        yield json.dumps({"method": "emit"}).encode()

    async def run():
        await manager._publish({"method": "emit", "room": "r"})
        original = JsonOnlyAsyncRedisManager.__mro__[1]._listen
        JsonOnlyAsyncRedisManager.__mro__[1]._listen = raw_listen
        try:
            return [m async for m in manager._listen()]
        finally:
            JsonOnlyAsyncRedisManager.__mro__[1]._listen = original

    got = asyncio.run(run())
    assert got == [{"method": "emit"}]
    assert json.loads(published[0]) == {"method": "emit", "room": "r"}
    assert EXECUTED == []
