"""Pelican plugins of the Kursportal site."""
