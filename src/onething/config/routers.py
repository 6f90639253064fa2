"""Sending the figures' reads to a PostgreSQL streaming replica (``DATABASE_REPLICA_URL``).

The roll-ups the figures read (and only those reads) go to the ``replica`` database when
one is configured: a dashboard's aggregates then cost the primary nothing. They may lag
the primary by the replica's delay (a second or so), which a figure can bear; every write,
and every read a service makes to decide something, stays on the primary."""

from __future__ import annotations

from django.conf import settings

# the roll-ups read by the public figures, the supervisors' pages and the figures API
FIGURES_MODELS = frozenset({"cases.casetally", "cases.caseduetally"})


def has_replica() -> bool:
    return "replica" in settings.DATABASES


class FiguresReplicaRouter:
    def db_for_read(self, model, **hints):
        if has_replica() and model._meta.label_lower in FIGURES_MODELS:
            return "replica"
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
