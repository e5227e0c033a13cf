"""What an operator does to the database file itself: back it up, and rebuild it after a purge.

Plain functions on an Engine, no Flask; the `db backup` and `person purge*` commands call them.
"""
