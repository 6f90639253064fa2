"""Who applies online, for whom and where (``online_applicant``): one rule for a case's item
and a one-thing bundle. No database: the actor carries their person with its region, and
no enterprise or region code is named."""

from types import SimpleNamespace

import pytest

from onething.cases.services.applicants import online_applicant
from onething.core.errors import ValidationFailed
from onething.core.models import Person, Region
from onething.core.permissions import Actor


def _applicant():
    home = Region(code="320211102", name="胡埭镇")
    person = Person(pk=7, name="张伟", region=home)
    return Actor(user_id=1, role="applicant", person_id=7, person=person), person, home


@pytest.mark.parametrize("audience", ["person", "both"])
def test_by_default_the_applicant_applies_in_their_home_region(audience):
    actor, person, home = _applicant()
    applied_for = SimpleNamespace(name="个体工商户设立登记", audience=audience)
    assert online_applicant(actor, applied_for, enterprise_id=None, region_code="") == (
        person,
        None,
        home,
    )


@pytest.mark.parametrize("name", ["个体工商户变更登记", "企业股权变更一件事"])
def test_an_item_or_a_bundle_for_enterprises_needs_one_named(name):
    actor, _person, _home = _applicant()
    applied_for = SimpleNamespace(name=name, audience="enterprise")
    with pytest.raises(ValidationFailed) as refused:
        online_applicant(actor, applied_for, enterprise_id=None, region_code="")
    (problem,) = refused.value.problems
    assert (problem.field, problem.rule) == ("enterprise_id", "required")
    assert name in problem.message
