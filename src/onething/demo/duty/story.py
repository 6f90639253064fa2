"""The seed's story (seed 003, "住下来"), once and only here: on his duty night of
7 December 2021, 陶郁峻, 申港街道党工委书记, visits 申浦村; 韩宝祥 and other villagers
suggest reusing the old planning hall (老规划馆) in 春申公园, idle for years because of an
air monitoring device. The suggestion becomes an appeal of 带班值班, dispatched the next
morning to 申港街道办事处, which asks for more time to bring in 省环保集团 and 江阴市生态环境局;
a month later the monitoring point is settled and the answer given; 韩宝祥 is called back
(非常满意); the hall's conversion into a parent-child reading space (亲子公益文化阅读空间)
becomes the office's project, its works starting in mid-January 2022."""

from __future__ import annotations

import datetime as dt
import random

from onething.appeals.services.extensions import extension_decide, extension_request
from onething.appeals.services.flow import appeal_accept, appeal_dispatch, appeal_reply
from onething.appeals.services.followup import appeal_follow_up
from onething.appeals.services.projects import milestone_record, project_create
from onething.core import clock
from onething.core.generate import mobile
from onething.core.models import Role, User
from onething.core.permissions import Actor, actor_for

from ..timeline import SHANGHAI, at, workdays_after
from . import data
from .common import visited

LEADER = "leader.shengang"
DAY = data.STORY_VISIT["at"].date()
LAST_STEP = data.STORY_MILESTONES[-1][2]


def _account(**lookup) -> Actor:
    return actor_for(User.objects.filter(**lookup).order_by("id").first())


def make(town: data.Town) -> str:
    """The visit and its suggestion's whole life, each step by the account that takes it
    (the 12345 dispatcher, the office's officer, the city's supervisor); the appeal's
    number."""
    dispatcher = _account(username="dispatcher")
    supervisor = _account(username="supervisor")
    officer = _account(role=Role.OFFICER, department__code=town.office)
    moment = data.STORY_VISIT["at"].replace(tzinfo=SHANGHAI)
    fields = {k: v for k, v in data.STORY_VISIT.items() if k != "at"}
    demand = {**data.STORY_DEMAND, "contact_phone": mobile(random.Random(DAY.toordinal()))}
    visit = visited(LEADER, moment, moment + dt.timedelta(minutes=110), demands=[demand], **fields)
    number = visit.demands.get().appeal_number
    with clock.frozen(at(workdays_after(DAY, 1), 9, 5)):
        appeal_dispatch(
            actor=dispatcher,
            number=number,
            department_code=town.office,
            note="带班值班夜访中群众提出的建议，请街道牵头研究",
        )
    with clock.frozen(at(workdays_after(DAY, 1), 10)):
        appeal_accept(actor=officer, number=number)
    asked, days, reason = data.STORY_EXTENSION
    with clock.frozen(at(asked, 16)):
        extension = extension_request(
            actor=officer, number=number, working_days=days, reason=reason
        )
    with clock.frozen(at(workdays_after(asked, 1), 9, 30)):
        extension_decide(
            actor=supervisor, extension_id=extension.pk, approve=True, note="同意，请按期答复"
        )
    replied, text = data.STORY_REPLY
    with clock.frozen(at(replied, 16)):
        appeal_reply(actor=officer, number=number, text=text)
    rated, rating, comment = data.STORY_RATING
    with clock.frozen(at(rated, 10)):
        project = project_create(
            actor=officer,
            number=number,
            name=data.STORY_PROJECT,
            planned={stage: planned for stage, planned, _done in data.STORY_MILESTONES},
        )
    with clock.frozen(at(rated, 15)):
        appeal_follow_up(actor=dispatcher, number=number, rating=rating, comment=comment)
    for stage, _planned, done in data.STORY_MILESTONES:
        if done is not None:
            with clock.frozen(at(done, 17)):
                milestone_record(actor=officer, project_id=project.pk, stage=stage, done_on=done)
    return number
