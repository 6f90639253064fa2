"""The demo city's live layer holds 督办 notices made through the service: the supervisor
sees them, one still awaits its answer past its answer-by time, one is answered."""

import pytest

from onething.cases.models import CaseUrge
from onething.cases.selectors.urges import urges_list, urges_overdue

pytestmark = pytest.mark.demo_city


def test_the_demo_has_supervision_notices(city):
    supervisor = city.actor("supervisor")
    urges = list(urges_list(supervisor))
    assert len(urges) == CaseUrge.objects.count() >= 2
    statuses = {u.status for u in urges}
    assert {"open", "answered"} <= statuses
    assert all(u.case_state in ("overdue", "warning") for u in urges)
    assert list(urges_overdue(supervisor))  # one is past its answer-by time
    # the supervisor's home counts those awaiting an answer; the case page shows them
    home = city.client("supervisor").get("/").content.decode()
    assert 'data-testid="count-urges"' in home
    page = city.client("supervisor").get(f"/cases/{urges[0].case.number}/").content.decode()
    assert 'data-testid="urges"' in page
