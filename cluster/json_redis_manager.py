"""A socket.io Redis manager that speaks JSON only (CVE-2025-61765).

python-socketio 5.9.0's AsyncRedisManager publishes with `pickle.dumps` and its listening task
tries `pickle.loads` on every message of the channel, so anyone who can publish on the cluster's
Redis runs code in every Rasa server. Rasa 3.6 pins python-socketio 5.x below the fixed release,
so the version cannot be upgraded here; this subclass closes the hole instead.

Compat note (private names of python-socketio 5.9.0 used here, re-read on any upgrade):
`AsyncRedisManager._publish`, `._listen`, `._redis_connect`, `.redis`, `.channel`,
`._get_logger`, and `AsyncPubSubManager._thread` (which passes dicts from `_listen` through
without unpickling).
"""
from __future__ import annotations

import json
from typing import Any

from socketio import AsyncRedisManager

try:  # the module python-socketio 5.9 itself uses
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover
    RedisError = OSError  # type: ignore[misc,assignment]


def decode_message(raw: Any) -> dict | None:
    """The message as a dict if it is a JSON object, else None (pickles and junk are refused)."""
    if isinstance(raw, (bytes, bytearray)):
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            return None
    if not isinstance(raw, str):
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) and "method" in data else None


class JsonOnlyAsyncRedisManager(AsyncRedisManager):
    name = "aioredis-json"

    async def _publish(self, data):
        payload = json.dumps(data)
        retry = True
        while True:
            try:
                if not retry:
                    self._redis_connect()
                return await self.redis.publish(self.channel, payload)
            except RedisError:
                if retry:
                    self._get_logger().error("Cannot publish to redis... retrying")
                    retry = False
                else:
                    self._get_logger().error("Cannot publish to redis... giving up")
                    break

    async def _listen(self):
        async for raw in super()._listen():
            data = decode_message(raw)
            if data is None:
                self._get_logger().warning("refused a non-JSON message on the socket.io Redis channel")
                continue
            yield data
