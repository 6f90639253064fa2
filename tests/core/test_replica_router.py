"""With a replica configured, the figures' roll-ups are read from it and everything else
(every write, every read a service decides on) stays on the primary."""

from onething.cases.models import Case, CaseDueTally, CaseTally
from onething.config import routers
from onething.core.models import AuditEntry


def test_the_figures_read_from_the_replica_and_nothing_else(monkeypatch):
    monkeypatch.setattr(routers, "has_replica", lambda: True)
    router = routers.FiguresReplicaRouter()
    assert router.db_for_read(CaseTally) == router.db_for_read(CaseDueTally) == "replica"
    assert router.db_for_read(Case) is None and router.db_for_read(AuditEntry) is None
    assert router.db_for_write(CaseTally) == "default"
    assert router.allow_migrate("replica", "cases") is False
    assert router.allow_migrate("default", "cases") is True


def test_without_a_replica_everything_stays_on_the_primary():
    assert routers.has_replica() is False
    assert routers.FiguresReplicaRouter().db_for_read(CaseTally) is None
