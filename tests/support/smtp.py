"""A real SMTP server (aiosmtpd) on a free local port, for the tests of what the assistant e-mails."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller

from clinic_assistant.launcher import free_port


@contextmanager
def smtp_server(handler) -> Iterator[int]:
    """Runs `handler` (an aiosmtpd handler) behind a server on 127.0.0.1; yields its port."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()
