"""What GET /metrics exposes, in the Prometheus text format (prometheus_client).

Figures read from the database at each scrape (the same in every worker):

- `kursportal_requests{state="confirmed"}`: requests per state
- `kursportal_outbox_pending`: messages waiting to be delivered
- `kursportal_outbox_oldest_pending_seconds`: how long the oldest has waited (0: none)
- `kursportal_outbox_failed`: messages given up on (`flask outbox retry`)

Counted where it happens, per process:

- `kursportal_sign_in_failures_total{reason="expired"}`: sign-in links refused
  (invalid, expired, used), accounts no longer active, single sign-on refusals.
  Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR (an empty
  folder, cleared at service start) so the counts of all workers are added up.
"""
from __future__ import annotations

import os
from datetime import datetime

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from ..db import make_read_session_factory
from ..mail.delivery_status import failed_count, oldest_undelivered_age
from ..queries.service_status import outbox_pending, requests_per_state

__all__ = ["CONTENT_TYPE_LATEST", "SIGN_IN_FAILURES", "render_metrics", "sign_in_failed"]

SIGN_IN_FAILURES = Counter("kursportal_sign_in_failures", "Sign-ins refused, by reason.",
                           ["reason"])


def sign_in_failed(reason: str) -> None:
    """Count one refused sign-in (`reason`: invalid, expired, used, inactive, sso, sso_unknown_user)."""
    SIGN_IN_FAILURES.labels(reason=reason).inc()


class DatabaseCollector(Collector):
    """The figures read from the database at scrape time."""

    def __init__(self, engine, now: datetime):
        self.engine, self.now = engine, now

    def collect(self):
        with make_read_session_factory(self.engine)() as db:
            states = requests_per_state(db)
            pending = outbox_pending(db)
            age = oldest_undelivered_age(db, self.now)
            failed = failed_count(db)
        requests = GaugeMetricFamily("kursportal_requests", "Requests per state.", labels=["state"])
        for state, count in states.items():
            requests.add_metric([state], count)
        yield requests
        yield GaugeMetricFamily("kursportal_outbox_pending", "E-mail messages waiting to be delivered.",
                                value=pending)
        yield GaugeMetricFamily("kursportal_outbox_oldest_pending_seconds",
                                "Seconds the oldest undelivered message has waited (0: none).",
                                value=0 if age is None else age.total_seconds())
        yield GaugeMetricFamily("kursportal_outbox_failed",
                                "Messages given up on (flask outbox retry queues them again).",
                                value=failed)


def render_metrics(engine, now: datetime) -> bytes:
    """The metrics page: this process's counters (all workers' in multiprocess mode) and the database's."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ProcessCounters())
    registry.register(DatabaseCollector(engine, now))
    return generate_latest(registry)


class _ProcessCounters(Collector):
    """This process's own counters (the sign-in failures), without the default process metrics."""

    def collect(self):
        yield from SIGN_IN_FAILURES.collect()

