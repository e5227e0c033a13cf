"""A real SMTP server (aiosmtpd) on loopback that keeps every message it accepts."""
from __future__ import annotations

import asyncio
import email
import socket
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


@dataclass
class Delivery:
    """One message as the server accepted it: envelope and parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return self.message["Message-ID"]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, catcher: MailCatcher):
        self.catcher = catcher

    async def handle_DATA(self, server, session, envelope):
        with self.catcher.lock:
            self.catcher.started += 1
        # A slow server: the client waits for the reply after the final dot,
        # the moment in which a killed sender leaves the outcome unknown.
        if self.catcher.delay:
            await asyncio.sleep(self.catcher.delay)
        if self.catcher.reply:
            return self.catcher.reply
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=default_policy)
        with self.catcher.lock:
            self.catcher.deliveries.append(
                Delivery(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class MailCatcher:
    """Start/stop an SMTP server on a fixed loopback port and collect deliveries."""

    def __init__(self, delay: float = 0.0):
        self.port = free_port()
        self.delay = delay
        # Set to e.g. "451 Try again later" to refuse every message with that reply.
        self.reply: str | None = None
        self.deliveries: list[Delivery] = []
        # Messages whose data has arrived, counted before the (slow) reply: a client
        # killed now never sees the reply, and aiosmtpd drops the message with the
        # connection, as a real mail server does before it has queued a message.
        self.started = 0
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        """Return the messages delivered to `address`, in arrival order."""
        with self.lock:
            return [d.message for d in self.deliveries if address in d.rcpt_tos]

    def message_ids(self) -> list[str]:
        """Return the Message-ID of every delivery (duplicates kept)."""
        with self.lock:
            return [d.message_id for d in self.deliveries]

    def wait_for(self, count: int, timeout: float = 10.0, started: bool = False) -> None:
        """Wait until at least `count` messages have arrived (or, `started`, begun to)."""
        deadline = time.monotonic() + timeout
        while (self.started if started else len(self.deliveries)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.deliveries)} of {count} messages arrived")
            time.sleep(0.02)
