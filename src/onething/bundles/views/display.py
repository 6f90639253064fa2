"""How the one-thing pages put things in words: the step graph (which steps run in
parallel, what waits for what), durations, and the promised time in parallel against one
after the other. Pure: given steps already loaded, no query of their own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..rules import MISSING, provided
from ..specs import specs_of

STATE_CLASSES = {
    # step statuses
    "waiting": "neutral",
    "started": "warning",
    "approved": "approved",
    "denied": "denied",
    "stopped": "denied",
    "withdrawn": "neutral",
    # run statuses
    "running": "warning",
    "concluded": "approved",
}


def state_class(status: str) -> str:
    return STATE_CLASSES.get(status, "neutral")


def listing(names: Sequence[str]) -> str:
    return "、".join(names)


def duration(value: dt.timedelta | None) -> str:
    """A span for people: days and hours, hours and minutes, or minutes."""
    if value is None:
        return "—"
    seconds = max(int(value.total_seconds()), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("%(d)s d %(h)s h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s h %(m)s min") % {"h": hours, "m": minutes}
    return _("%(m)s min") % {"m": minutes}


def _name(step) -> str:
    return step.item.name


def _ref_label(ref: str, steps: dict, titles: dict[str, str]) -> str:
    parts = ref.split(".")
    if parts[0] == "form":
        return titles.get(parts[1], parts[1])
    producer = steps.get(parts[1])
    if producer is None:
        return ref
    label = next(
        (o.get("label") or o["name"] for o in producer.outputs if o.get("name") == parts[2]),
        parts[2],
    )
    return _("%(output)s from %(step)s") % {"output": label, "step": _name(producer)}


def dag_sentences(steps: Sequence, *, milestone: str = "", titles: dict | None = None):
    """The graph of a bundle's steps in words, in the order things happen: what starts at
    once (in parallel), what starts after what (and what it is given), what is reviewed in
    parallel but concludes after another step or the milestone, what is checked."""
    titles = titles or {}
    by_key = {s.key: s for s in steps}
    specs = specs_of(steps)
    sentences: list[str] = []
    first = [s for s in steps if not s.after]
    if len(first) > 1:
        sentences.append(
            _("On submission, %(n)s steps start at once and run in parallel: %(steps)s.")
            % {"n": len(first), "steps": listing([_name(s) for s in first])}
        )
    elif first:
        sentences.append(_("On submission, %(step)s starts.") % {"step": _name(first[0])})
    for step in steps:
        if step.after:
            given = sorted(provided(specs, step.key))
            labels = []
            for dep in step.after:
                labels += [
                    o.get("label") or o["name"]
                    for o in by_key[dep].outputs
                    if o.get("name") in given
                ]
            text = _("%(step)s starts when %(deps)s is approved.") % {
                "step": _name(step),
                "deps": listing([_name(by_key[d]) for d in step.after if d in by_key]),
            }
            if labels:
                text += " " + _("It is given %(what)s, so you do not enter it.") % {
                    "what": listing(labels)
                }
            sentences.append(text)
        if step.concludes_after:
            sentences.append(
                _(
                    "%(step)s is reviewed in parallel from the start, but concludes only "
                    "after %(deps)s is approved."
                )
                % {
                    "step": _name(step),
                    "deps": listing(
                        [_name(by_key[d]) for d in step.concludes_after if d in by_key]
                    ),
                }
            )
        if step.waits_for_milestone:
            sentences.append(
                _("%(step)s is reviewed in advance and concludes after “%(m)s”.")
                % {"step": _name(step), "m": milestone or _("the milestone")}
            )
        for check in step.checks:
            left = _ref_label(check.get("left", ""), by_key, titles)
            if check.get("rule") == "equals":
                right = _ref_label(check.get("right", ""), by_key, titles)
                text = _("Before %(step)s concludes, %(l)s must agree with %(r)s.")
                sentences.append(text % {"step": _name(step), "l": left, "r": right})
            else:
                text = _("Before %(step)s concludes, %(l)s must be there.")
                sentences.append(text % {"step": _name(step), "l": left})
    return sentences


@dataclass(frozen=True)
class Promise:
    parallel: int  # working days along the longest chain of waiting
    relay: int  # working days one after the other (接力跑)


def promised(steps: Sequence) -> Promise:
    """The promised working days of the bundle run in parallel (a step starts when what it
    starts after is done and finishes no earlier than what it concludes after), against
    the same items applied for one after the other."""
    by_key = {s.key: s for s in steps}
    finish: dict[str, int] = {}

    def done(key: str, trail: frozenset = frozenset()) -> int:
        if key in finish:
            return finish[key]
        if key in trail or key not in by_key:  # a cycle cannot be saved; unknown: nothing
            return 0
        step, trail = by_key[key], trail | {key}
        start = max((done(d, trail) for d in step.after), default=0)
        own = start + step.item.promised_days
        finish[key] = max([own, *(done(d, trail) for d in step.concludes_after)])
        return finish[key]

    return Promise(
        parallel=max((done(k) for k in by_key), default=0),
        relay=sum(s.item.promised_days for s in steps),
    )


def working_days(n: int) -> str:
    return ngettext("%(n)s working day", "%(n)s working days", n) % {"n": n}


def shown(value) -> str:
    return "—" if value is MISSING or value in (None, "") else str(value)
