"""一件事赋码: the city's coding rule for one-things, pure."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem

# 一件事赋码: YJS-<issuing region code, 6 digits>-<QY enterprise | GR citizen>-<3-digit sequence>
CODE = re.compile(r"^YJS-(\d{6})-(QY|GR)-(\d{3})$")
AUDIENCE_LETTERS = {"enterprise": "QY", "person": "GR"}


def bundle_code_problems(code: str, audience: str) -> list[FieldProblem]:
    match = CODE.match(code or "")
    if match is None:
        return [
            FieldProblem(
                "code",
                "format",
                _(
                    "A one-thing code reads YJS-<region code>-<QY or GR>-<3 digits>, "
                    "e.g. YJS-320200-QY-001."
                ),
            )
        ]
    if AUDIENCE_LETTERS.get(audience) != match.group(2):
        return [
            FieldProblem(
                "code",
                "audience",
                _("The code's audience letters must be %(l)s for this audience.")
                % {"l": AUDIENCE_LETTERS.get(audience, "?")},
            )
        ]
    return []
