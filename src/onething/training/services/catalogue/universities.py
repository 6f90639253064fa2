"""Universities (985, overseas) and their registrars' accounts, written by the institute's
staff (the credit agreements are ``agreements``). One transaction and one audit entry
each; every problem at once (422); a create retried with its key is answered once."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem
from onething.core.models import Role, User
from onething.core.permissions import Actor
from onething.core.problems import refuse_if, text_problem
from onething.core.services.audit import audit_record, snapshot
from onething.core.services.idempotency import idempotent_create

from ...models import University, UniversityAccount
from ..common import clean_text, found_or_404, given, require_staff, unknown
from .common import catalogue_written

UNIVERSITY_FIELDS = ["name", "english_name", "country", "is_985", "overseas"]


def _university_problems(
    name: Any, english_name: Any, country: Any, university: University | None
) -> list[FieldProblem | None]:
    taken = University.objects.filter(name=clean_text(name))
    if university is not None:
        taken = taken.exclude(pk=university.pk)
    return [
        text_problem("name", name, 100, required=True)
        or (
            FieldProblem("name", "unique", _("This university is registered already."))
            if taken.exists()
            else None
        ),
        text_problem("english_name", english_name, 150),
        text_problem("country", country, 40, required=True),
    ]


@transaction.atomic
def university_create(
    *,
    actor: Actor,
    name: str,
    english_name: str = "",
    country: str = "中国",
    is_985: bool = False,
    overseas: bool = False,
    idempotency_key: str | None = None,
) -> University:
    """A university students come from (兰州大学, 985; 悉尼大学, overseas)."""
    require_staff(actor)
    problems = _university_problems(name, english_name, country, None)

    def create() -> University:
        refuse_if(problems)
        university = University.objects.create(
            name=name.strip(),
            english_name=clean_text(english_name),
            country=country.strip(),
            is_985=bool(is_985),
            overseas=bool(overseas),
        )
        return catalogue_written(actor, university, "training.university.create", UNIVERSITY_FIELDS)

    university, _created = idempotent_create(
        actor=actor,
        operation="training.university.create",
        key=idempotency_key,
        payload={"name": name, "country": country, "985": is_985, "overseas": overseas},
        model=University,
        create=create,
    )
    return university


def university_locked(actor: Actor, university_id: Any) -> University:
    require_staff(actor)
    return found_or_404(
        University.objects.all(), _("There is no such university."), pk=university_id
    )


@transaction.atomic
def university_update(
    *,
    actor: Actor,
    university_id: int,
    name: str | None = None,
    english_name: str | None = None,
    country: str | None = None,
    is_985: bool | None = None,
    overseas: bool | None = None,
) -> University:
    university = university_locked(actor, university_id)
    before = snapshot(university, UNIVERSITY_FIELDS)
    refuse_if(
        _university_problems(
            university.name if name is None else name,
            university.english_name if english_name is None else english_name,
            university.country if country is None else country,
            university,
        )
    )
    given(
        university,
        name=name,
        english_name=english_name,
        country=country,
        is_985=is_985,
        overseas=overseas,
    )
    return catalogue_written(
        actor, university, "training.university.update", UNIVERSITY_FIELDS, before
    )


@transaction.atomic
def university_account_link(
    *, actor: Actor, university_id: int, username: str
) -> UniversityAccount:
    """A registrar's sign-in (an account of role ``university``, made by an administrator)
    receives the transcripts issued to the university; one university per account."""
    university = university_locked(actor, university_id)
    user = User.objects.filter(username=clean_text(username)).first()
    problem = None
    if user is None or user.role != Role.UNIVERSITY:
        problem = unknown("account", _("No registrar's account has this username."))
    elif UniversityAccount.objects.filter(user=user).exists():
        problem = FieldProblem(
            "account", "unique", _("This account is linked to a university already.")
        )
    refuse_if([problem])
    link = UniversityAccount.objects.create(user=user, university=university)
    audit_record(
        actor=actor,
        action="training.university_account.link",
        subject=link,
        after={"university": university.pk, "user": user.pk},
    )
    return link


@transaction.atomic
def university_account_unlink(*, actor: Actor, account_id: int) -> None:
    require_staff(actor)
    link = found_or_404(
        UniversityAccount.objects.all(), _("There is no such account link."), pk=account_id
    )
    audit_record(
        actor=actor,
        action="training.university_account.unlink",
        subject=link,
        before={"university": link.university_id, "user": link.user_id},
    )
    link.delete()
