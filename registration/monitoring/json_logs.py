"""JSON log lines (LOG_FORMAT=json): one object per line for a log collector (journald, Loki, ELK).

    {"time": "2027-01-05T09:00:00.123Z", "level": "INFO", "logger": "registration.requests",
     "message": "GET /me 200", "method": "GET", "path": "/me", "status": 200, "duration_ms": 4.1}

Every record of the service (and gunicorn's, when it logs through the root
logger) goes through the formatter; a request line is logged per request.
Query strings are left out: sign-in and decision links carry tokens.
"""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timezone

from flask import Flask, g, request

REQUEST_LOG = logging.getLogger("registration.requests")
_EXTRA = ("method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, timezone.utc)
                .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        line.update({key: getattr(record, key) for key in _EXTRA if hasattr(record, key)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def use_json_logs(app: Flask) -> None:
    """Log every record as JSON to standard error, and one line per request."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    app.logger.handlers[:] = []  # propagate to the root's JSON handler
    app.before_request(_start_clock)
    app.after_request(_log_request)


def _start_clock() -> None:
    g.request_started = time.perf_counter()


def _log_request(response):
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
    REQUEST_LOG.info("%s %s %s", request.method, request.path, response.status_code,
                     extra={"method": request.method, "path": request.path,
                            "status": response.status_code, "duration_ms": duration})
    return response
