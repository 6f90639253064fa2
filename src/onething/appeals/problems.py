"""Field problems of what is typed about appeals: pure checks (no ORM), shared by the
services that write and the selectors whose filters are checked."""

from __future__ import annotations

from django.utils.translation import gettext as _

from onething.core.errors import FieldProblem, ValidationFailed


def text_problem(
    field: str, value: str | None, limit: int, required: str | None = None
) -> FieldProblem | None:
    """A text of at most ``limit`` characters; when ``required`` (the message) is given it
    must not be blank."""
    if not (value or "").strip():
        return FieldProblem(field, "required", required) if required else None
    if len(value) > limit:
        return FieldProblem(field, "max_length", _("At most %(n)s characters.") % {"n": limit})
    return None


def choice_problem(field: str, value, allowed) -> FieldProblem | None:
    """``value`` must be one of ``allowed``."""
    if value in allowed:
        return None
    return FieldProblem(
        field, "choice", _("Choose one of: %(c)s.") % {"c": ", ".join(map(str, allowed))}
    )


def refuse_if(problems: list[FieldProblem | None]) -> None:
    """One 422 listing every problem found (``None`` entries are no problem)."""
    found = [p for p in problems if p is not None]
    if found:
        raise ValidationFailed(found)


def text_problems(title: str, text: str) -> list[FieldProblem | None]:
    """An appeal's title (at most 100 characters) and text (5 to 2000)."""
    problems = [text_problem("title", title, 100, _("Give the appeal a title."))]
    described = text_problem("text", text, 2000, _("Describe the matter."))
    if described is None and len((text or "").strip()) < 5:
        described = FieldProblem("text", "min_length", _("At least 5 characters."))
    return [*problems, described]
