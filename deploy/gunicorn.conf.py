"""Gunicorn settings for Kursportal behind nginx; read by deploy/systemd/kursportal.service.

Under systemd the socket comes from kursportal.socket (socket activation), so no
`bind` is set here; elsewhere pass `--bind unix:/path/to.sock` or
`--bind 127.0.0.1:8001`. Command-line options override this file.
"""

# Workers are processes; each holds its own database connections. Four serve
# a programme of several hundred staff; raise it for more (WEB_CONCURRENCY also works).
workers = 4
# Requests are short (no uploads, no streaming): a worker stuck this long is restarted.
timeout = 30
graceful_timeout = 30
# Restart workers now and then so a slow leak in any library cannot grow for weeks.
max_requests = 2000
max_requests_jitter = 200

# nginx is the only client (the socket is reachable only by nginx's user). Only
# the one header it sets decides the scheme; gunicorn's other defaults
# (X-Forwarded-Ssl, X-Forwarded-Protocol) would come through from clients unchanged.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Log to stdout/stderr: systemd keeps it in the journal (journalctl -u kursportal).
accesslog = "-"
errorlog = "-"
# The client's address as nginx saw it (X-Forwarded-For), not the socket's.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms'
