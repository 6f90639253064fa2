"""The five-level rating (好差评 of a case, 回访 of an appeal): 5 非常满意 … 1 非常不满意.
Pure: the values and labels, and which ratings count as satisfied."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")  # 非常满意
    SATISFIED = 4, _("Satisfied")  # 满意
    BASICALLY_SATISFIED = 3, _("Basically satisfied")  # 基本满意
    DISSATISFIED = 2, _("Dissatisfied")  # 不满意
    VERY_DISSATISFIED = 1, _("Very dissatisfied")  # 非常不满意


SATISFIED_MIN = int(Rating.BASICALLY_SATISFIED)  # 基本满意 or better counts as satisfied


def is_rating(value: object) -> bool:
    """Whether ``value`` is one of the five ratings (a whole number 1 to 5)."""
    return isinstance(value, int) and value in Rating.values


def satisfied(rating: int) -> bool:
    """基本满意 or better."""
    return rating >= SATISFIED_MIN


def rating_label(rating: int | None) -> str:
    """非常满意 … 非常不满意 for 5 … 1 ('' for none)."""
    return str(Rating(rating).label) if is_rating(rating) else ""
