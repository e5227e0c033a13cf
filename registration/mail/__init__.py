"""E-mail: render outbox rows (text + HTML + .ics) and deliver them over SMTP.

- `render.render_message(db, row, now)`: an outbox row as an EmailMessage in the
  recipient's language (needs an app context).
- `sender.send_pending(...)`: claim, send and record due messages; safe with
  several senders and after a crash.
- `delivery_status.outbox_health(db, now)`: failed messages and the oldest
  pending one's wait, for the admin page and the health check.
- `ics.build_invitation(...)`: calendar invitations, also for the .ics download.

Operations and guarantees: docs/mail.md.
"""
