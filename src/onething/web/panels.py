"""The moves a person may make now on a record's page (an event, a project, a batch, a
rectification): one panel a move, each a small form posting to the move's address, shown by
the one template web/_move_panels.html. Which moves are allowed comes from the record's
lifecycle (the app's selector); a refused form is shown again with its problems, even when
its move is no longer allowed (a page left open while someone else moved the record).
``move_posted`` answers a move's form the one way: done, back to the record's page with a
message; refused inputs, the page again with every problem beside its input (422); a stage
that does not allow the move (any more), back to the page's moves with the reason."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from onething.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from onething.core.forms import problems_on


@dataclass(frozen=True)
class Panel:
    name: str  # the move
    title: str
    button: str
    hint: str
    form: forms.Form
    url: str  # where the form posts
    multipart: bool = False  # the form sends files
    secondary: bool = False  # a quieter button: a move that cannot be undone, or goes back
    after: str = ""  # a template shown below the inputs (e.g. web/_kept_photos.html)


def move_panels(
    allowed: Iterable[str],
    bound: Mapping[str, forms.Form] | None,
    moves: Mapping[str, Sequence[Any]],
    *,
    url: Callable[[str], str],
    form: Callable[[str], forms.Form] | None = None,
    hint: Callable[[str], Any] | None = None,
    multipart: Collection[str] = (),
    secondary: Collection[str] = (),
    after: Mapping[str, str] | None = None,
) -> list[Panel]:
    """The panels of the ``allowed`` moves that ``moves`` describes (move → title, button,
    hint and, unless ``form`` makes the move's form, its form class), then those of the
    refused forms in ``bound`` whose move is no longer allowed. A new form's ids start with
    its move, as every panel sits on one page. ``url`` gives a move's address, ``hint`` a
    hint of the record's own (None: the one of ``moves``)."""
    bound = bound or {}
    after = after or {}
    allowed = [move for move in allowed if move in moves]
    panels = []
    for move in allowed + [m for m in bound if m in moves and m not in allowed]:
        title, button, text, *form_class = moves[move]
        own_hint = hint(move) if hint is not None else None
        panels.append(
            Panel(
                name=move,
                title=str(title),
                button=str(button),
                hint=str(own_hint if own_hint is not None else text),
                form=bound.get(move)
                or (form(move) if form is not None else form_class[0](auto_id=f"{move}-%s")),
                url=url(move),
                multipart=move in multipart,
                secondary=move in secondary,
                after=after.get(move, ""),
            )
        )
    return panels


def move_posted(
    request: HttpRequest,
    move: str,
    form: forms.Form,
    *,
    check: Callable[[], Any],
    perform: Callable[[dict[str, Any]], str | tuple[str, str]],
    url: str,
    refused: Callable[[dict[str, forms.Form]], HttpResponse],
    renames: dict[str, str] | None = None,
) -> HttpResponse:
    """Answer the form of ``move`` posted from a record's page (at ``url``): ``check`` the
    lifecycle first (PermissionDenied 403 for a role the move is not for; a Conflict for a
    stage it does not leave), then the form; ``perform`` the move with its cleaned data and
    say the message it answers (or the message and the page to go to, when the move made
    another record). The service's problems go beside the inputs (``renames``:
    a service field → the form's input) and ``refused`` shows the page again with the form
    bound; a stage that does not allow the move (any more: 409) goes back to the page's
    moves with the reason."""
    try:
        check()
        if form.is_valid():
            done = perform(form.cleaned_data)
            message, to = done if isinstance(done, tuple) else (done, url)
            messages.success(request, message)
            return redirect(to)
    except ValidationFailed as error:
        problems_on(form, error, renames)
    except (NotFound, PermissionDenied):
        raise
    except DomainError as error:  # 409: the record's stage does not allow it (any more)
        messages.error(request, error.message)
        return redirect(url + "#moves")
    return refused({move: form})
