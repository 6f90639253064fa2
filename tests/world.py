"""Handles on the demo city for tests: accounts by role, actors, API clients."""

from __future__ import annotations

from functools import cached_property

from django.test import Client

from onething.core.models import Person, Region, User
from onething.core.permissions import SYSTEM, Actor, actor_for


class World:
    system: Actor = SYSTEM

    def user(self, username: str) -> User:
        return User.objects.select_related(
            "service_center__region", "department__region", "region", "agent"
        ).get(username=username)

    def user_exists(self, username: str) -> bool:
        return User.objects.filter(username=username).exists()

    def actor(self, username: str) -> Actor:
        return actor_for(self.user(username))

    def client(self, username: str | None = None, language: str = "zh-hans") -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        if username:
            client.force_login(self.user(username))
        return client

    def region(self, code: str) -> Region:
        return Region.objects.get(code=code)

    def people_in(self, code: str):
        return Person.objects.filter(region__code=code).order_by("id")

    @cached_property
    def hudai_person(self) -> Person:
        return self.people_in("320211102").first()

    @cached_property
    def xueyan_person(self) -> Person:
        return self.people_in("320412114").first()
