"""What the demo's stories share: the moment of each step, and one appeal's whole life
(intake, dispatch when no rule matched, acceptance, reply, follow-up) through the
services, each step at its own time."""

from __future__ import annotations

import datetime as dt
import random

from onething.appeals.models import Appeal
from onething.appeals.services.flow import appeal_accept, appeal_dispatch, appeal_reply
from onething.appeals.services.followup import appeal_follow_up
from onething.appeals.services.intake import appeal_submit
from onething.core import clock
from onething.core.permissions import SYSTEM
from onething.demo.appeals import data

from ...timeline import workdays_after

FALLBACK_DEPARTMENT = "WX-SJ"  # the dispatcher's choice when no routing rule matches
later = workdays_after


def reply_text(rng: random.Random, type_: str, title: str) -> str:
    return rng.choice(data.REPLY_TEMPLATES[type_]).format(title=title)


def submit(received: dt.datetime, **fields) -> Appeal:
    with clock.frozen(received):
        appeal = appeal_submit(actor=SYSTEM, received_at=received, **fields)
        if appeal.status == "received":  # no rule matched: the dispatcher decides
            appeal = appeal_dispatch(
                actor=SYSTEM, number=appeal.number, department_code=FALLBACK_DEPARTMENT
            )
    return appeal


def handle(appeal: Appeal, moment: dt.datetime) -> None:
    with clock.frozen(moment):
        appeal_accept(actor=SYSTEM, number=appeal.number)


def answer(appeal: Appeal, moment: dt.datetime, text: str) -> None:
    with clock.frozen(moment):
        appeal_reply(actor=SYSTEM, number=appeal.number, text=text)


def rate(appeal: Appeal, moment: dt.datetime, rating: int, comment: str = "") -> None:
    with clock.frozen(moment):
        appeal_follow_up(actor=SYSTEM, number=appeal.number, rating=rating, comment=comment)
