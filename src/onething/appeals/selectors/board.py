"""The public board: published replies to enterprise messages and 微幸福 items, with
personal data masked, searchable. Anyone may read it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from onething.core.errors import NotFound
from onething.core.identity import mask_name

from .. import rules
from ..models import Appeal, AppealPhoto


@dataclass(frozen=True)
class BoardEntry:
    number: str
    type: str
    type_label: str
    programme: str
    category: str
    title: str
    text: str
    requester: str
    region: str
    received_at: object
    status: str
    status_label: str
    department: str
    replies: list[dict]
    rating: int | None


def _published() -> QuerySet[Appeal]:
    # on_board: published and publicly answered, kept by the reply (one indexed flag, so
    # the newest of millions are found without testing each appeal for a public reply)
    return Appeal.objects.filter(on_board=True).select_related(
        "programme", "category", "region", "department", "person", "enterprise"
    )


def board_list(*, q: str = "", programme: str = "", type: str = "") -> QuerySet[Appeal]:
    qs = _published()
    if q:
        # only what the board shows: its masked copy of the title and text (kept by the
        # reply that publishes the appeal), so that no search, whole number or a few of
        # its digits, tells whether a hidden number is there
        qs = qs.filter(Q(board_text__icontains=q) | Q(number=q))
    if programme:
        qs = qs.filter(programme__code=programme)
    if type:
        qs = qs.filter(type=type)
    return qs.order_by("-received_at", "-id")


def _requester(appeal: Appeal) -> str:
    if appeal.enterprise_id:
        name = appeal.enterprise.name
        return name[:2] + "*" * 4 + name[-4:] if len(name) > 6 else mask_name(name)
    if appeal.person_id:
        return mask_name(appeal.person.name)
    return mask_name(appeal.contact_name) if appeal.contact_name else ""


def board_entry(appeal: Appeal) -> BoardEntry:
    """An appeal as the public sees it: masked requester, masked numbers in the texts, only
    the public replies."""
    return BoardEntry(
        number=appeal.number,
        type=appeal.type,
        type_label=appeal.get_type_display(),
        programme=appeal.programme.name if appeal.programme_id else "",
        category=appeal.category.name,
        title=rules.mask_text(appeal.title),
        text=rules.mask_text(appeal.text),
        requester=_requester(appeal),
        region=appeal.region.name,
        received_at=appeal.received_at,
        status=appeal.status,
        status_label=str(rules.STATUS_LABELS[appeal.status]),
        department=appeal.department.name if appeal.department_id else "",
        replies=[
            {
                "round": r.round,
                "department": r.department.name,
                "text": rules.mask_text(r.text),
                "at": r.at,
            }
            for r in appeal.replies.filter(public=True).select_related("department")
        ],
        rating=appeal.rating,
    )


def board_photo(number: str, photo_id: int) -> AppealPhoto:
    """A photo of an appeal whose requester consented to publication (the board and the
    Open311 requests show it)."""
    photo = AppealPhoto.objects.filter(
        pk=photo_id, appeal__number=number, appeal__publish=True
    ).first()
    if photo is None:
        raise NotFound(_("No such photo of a published appeal."))
    return photo


def board_get(number: str) -> BoardEntry:
    appeal = _published().filter(number=number).first()
    if appeal is None:
        raise NotFound(_("No published appeal %(n)s.") % {"n": number})
    return board_entry(appeal)
