"""Monitoring: the health check a load balancer asks, Prometheus metrics, JSON log lines.

- `health.py`: `check_health(engine, now)` -> `Health` (database reachable, migrations
  current, the oldest undelivered e-mail's age); GET /healthz answers with it.
- `metrics.py`: what GET /metrics exposes (requests per state, the outbox, failed
  deliveries, sign-in failures) through prometheus_client; `sign_in_failed(reason)`
  counts a refused sign-in where it happens.
- `json_logs.py`: `use_json_logs(app)` when LOG_FORMAT=json.

The routes are in `blueprints/monitoring.py`.
"""
