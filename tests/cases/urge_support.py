"""Cases for the 督办 tests: late (overdue or in warning) or on time, made through the API
with the platform's clock moved back, and a supervisor of another region."""

from __future__ import annotations

import datetime as dt

from onething.core import clock
from onething.core.models import Region, Role
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create
from tests import files

from .conftest import FORM, ITEM


def case_accepted(api, *, days_ago: int, item: str = ITEM) -> str:
    """张伟's application (胡埭镇) submitted and accepted ``days_ago`` days ago: for the
    default item (promised 1 working day) overdue after a few days, in warning today."""
    with clock.frozen(clock.now() - dt.timedelta(days=days_ago)):
        zhang = api("zhangwei")
        if item == ITEM:
            ids = zhang.uploads("id-card", "application-form", "premises-proof")
            form = FORM
        else:  # 社会保障卡申领: promised 10 working days
            ids = [zhang.upload("id-card").json()["id"]]
            ids.append(zhang.upload("photo", "photo.png", files.png()).json()["id"])
            form = {"phone": "13800001234"}
        answer = zhang.post("/api/cases", {"item_code": item, "form": form, "materials": ids})
        assert answer.status_code == 201, answer.content
        number = answer.json()["number"]
        accepted = api("clerk.hudai").post(f"/api/cases/{number}/accept")
        assert accepted.status_code == 200, accepted.content
    return number


def supervisor_of(username: str, region_code: str):
    """A supervisor account for another region (the demo has the city's only)."""
    return account_create(
        actor=SYSTEM,
        username=username,
        password=None,
        role=Role.SUPERVISOR,
        region=Region.objects.get(code=region_code),
    )
