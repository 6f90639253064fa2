"""The appeals programme night visits file their demands under (带班值班): made by the
duty migration and ensured again by the configuration a city is loaded with (the demo's
setup), so a database emptied and reloaded still has it."""

from __future__ import annotations

from django.db import transaction

from onething.appeals.selectors import programmes_list
from onething.appeals.services.directory import programme_save
from onething.core.permissions import SYSTEM

from ..rules import PROGRAMME

NAME = "带班值班"
DESCRIPTION = (
    "党政主要领导带班值班制度：镇（街道）党政主要领导每周至少2次在办公驻地“住下来”，"
    "夜访群众、实地问民意、解民忧；夜访中群众提出的诉求和建议逐件转为诉求，"
    "按派单、办理、回复、回访的流程办到有答复。"
)


@transaction.atomic
def duty_programme_ensure() -> None:
    """The programme 带班值班, made if missing (its name and description as configured
    are kept when it exists)."""
    if not programmes_list(SYSTEM).filter(code=PROGRAMME).exists():
        programme_save(actor=SYSTEM, code=PROGRAMME, name=NAME, description=DESCRIPTION)
