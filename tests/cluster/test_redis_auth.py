"""The cluster's Redis carries socket.io messages that python-socketio 5.9 trusts (docs/security.md,
5): nobody without the password may publish there, while the Rasa servers, with it, go on working."""
from __future__ import annotations

import pytest
import redis

from .client import Visitor, is_answer


def test_the_clusters_redis_refuses_a_publish_without_the_password(cluster, urls):
    if not cluster.config.own_redis:
        pytest.skip("CLUSTER_REDIS_URL names a Redis this test does not manage")
    outsider = redis.Redis(host="127.0.0.1", port=cluster.config.redis_port, socket_timeout=3)
    with pytest.raises(redis.AuthenticationError):
        outsider.publish(f"{cluster.config.redis_namespace}-socketio", b"anything")
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(host="127.0.0.1", port=cluster.config.redis_port, password="guess").ping()

    # With the password (the servers' own URL), socket.io through Redis still works end to end.
    visitor = Visitor(urls["balancer"])
    try:
        visitor.say("is it addictive")
        visitor.wait_for(is_answer("utter_faq/addiction"))
    finally:
        visitor.close()
