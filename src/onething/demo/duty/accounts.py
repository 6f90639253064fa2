"""The accounts night duty's demo starts from in every city (the base one too): the towns'
leaders (role ``leader``, the town as their region, their names as the accounts' names)
and an officer for each town office that answers demands and has none yet."""

from __future__ import annotations

from collections.abc import Callable

from onething.core.models import Department, Region, Role, User
from onething.core.permissions import SYSTEM
from onething.core.services.accounts import account_create

from ..base import DEMO_PASSWORD
from . import data


def load_setup(log: Callable[[str], None]) -> list[dict]:
    accounts, made = [], 0
    for town in data.TOWNS:
        region = Region.objects.filter(code=town.code).first()
        if region is None:
            continue
        for leader in town.leaders:
            if not User.objects.filter(username=leader.username).exists():
                account_create(
                    actor=SYSTEM,
                    username=leader.username,
                    password=DEMO_PASSWORD,
                    role=Role.LEADER,
                    first_name=leader.name,
                    region=region,
                )
                made += 1
            accounts.append(
                {
                    "role": Role.LEADER.value,
                    "username": leader.username,
                    "password": DEMO_PASSWORD,
                    "note": f"{leader.post} {leader.name} (带班值班)",
                }
            )
    for code, username in data.OFFICES_STAFFED.items():
        department = Department.objects.filter(code=code).first()
        if department is None or User.objects.filter(username=username).exists():
            continue
        if User.objects.filter(role=Role.OFFICER, department=department).exists():
            continue
        account_create(
            actor=SYSTEM,
            username=username,
            password=DEMO_PASSWORD,
            role=Role.OFFICER,
            department=department,
        )
        made += 1
    log(f"night duty: {made} new accounts (towns' leaders, town offices' officers)")
    return accounts[:1]  # the demo's printed accounts: 陶郁峻 of 申港街道
