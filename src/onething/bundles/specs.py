"""From stored steps to the pure rules' specs."""

from __future__ import annotations

from .models import BundleStep
from .rules import StepSpec


def spec_of(step: BundleStep) -> StepSpec:
    return StepSpec(
        key=step.key,
        item_code=step.item.code,
        after=tuple(step.after or ()),
        concludes_after=tuple(step.concludes_after or ()),
        outputs=tuple(step.outputs or ()),
        checks=tuple(step.checks or ()),
        waits_for_milestone=step.waits_for_milestone,
    )


def specs_of(steps) -> dict[str, StepSpec]:
    return {s.key: spec_of(s) for s in steps}
