"""The institute world builds, and its accounts see what their role allows."""

from onething.core.permissions import get_visible  # noqa: F401
from onething.training.models import Cohort, CreditAgreement


def test_the_world_builds(inst):
    assert Cohort.objects.get(code="2025S").tracks.count() == 3
    assert CreditAgreement.objects.filter(university=inst.lzu).count() == 1
    assert inst.staff.department_id == inst.institute.department_id
