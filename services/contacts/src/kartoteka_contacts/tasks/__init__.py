"""Celery tasks of the contacts service (queue `contacts`)."""

from kartoteka_contacts.tasks.app import app

__all__ = ["app"]
