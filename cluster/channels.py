"""The cluster's socket.io channel: the project's guarded channel, with its rooms shared through
Redis so that every Rasa server can reach every visitor's socket.

Rasa emits a bot message to the socket.io room named after the conversation. With several Rasa
servers the socket lives on one of them only, yet a message for it can be produced on another
(a staff message appended through the HTTP API with `output_channel=socketio`, say).
python-socketio's AsyncRedisManager publishes every emit on a Redis channel; each server delivers
it to the sockets it holds. Set SOCKETIO_REDIS_URL (and SOCKETIO_REDIS_CHANNEL to keep several
clusters on one Redis apart); cluster/credentials.yml names this class.
"""
from __future__ import annotations

import logging
import os

from socketio import AsyncServer

from clinic_assistant.rasa_plugins.channels import GuardedSocketIOInput
from cluster.json_redis_manager import JsonOnlyAsyncRedisManager

logger = logging.getLogger(__name__)

SOCKETIO_REDIS_URL = "SOCKETIO_REDIS_URL"
SOCKETIO_REDIS_CHANNEL = "SOCKETIO_REDIS_CHANNEL"
DEFAULT_CHANNEL = "clinic-socketio"


def share_rooms_through_redis(sio: AsyncServer, url: str, channel: str = DEFAULT_CHANNEL) -> JsonOnlyAsyncRedisManager:
    """Makes `sio` publish its emits on Redis and deliver the ones of every server.

    Rasa builds its AsyncServer itself, with the in-process manager; python-socketio initializes
    a manager only on the first connection, so it can still be replaced here.
    """
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"{SOCKETIO_REDIS_URL} must be a Redis URL such as redis://127.0.0.1:6379/0, got {url!r}.")
    if sio.manager_initialized:
        raise RuntimeError("the socket.io client manager is already in use and cannot be replaced")
    manager = JsonOnlyAsyncRedisManager(url, channel=channel, logger=logger)
    manager.set_server(sio)
    sio.manager = manager
    logger.info("socket.io rooms are shared through Redis (channel %s)", channel)
    return manager


class ClusterSocketIOInput(GuardedSocketIOInput):
    def blueprint(self, on_new_message):
        url = os.environ.get(SOCKETIO_REDIS_URL, "").strip()
        if not url:
            raise ValueError(f"{SOCKETIO_REDIS_URL} is not set: the cluster's socket.io channel needs Redis.")
        blueprint = super().blueprint(on_new_message)
        share_rooms_through_redis(self.sio, url, os.environ.get(SOCKETIO_REDIS_CHANNEL, "").strip() or DEFAULT_CHANNEL)
        return blueprint
