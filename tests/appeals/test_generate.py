"""The city-scale appeal generator: a small run on the base city — appeals of every
channel and type over the months, most answered and closed, the latest open, a few late;
numbered apart from the services'; answered with their replies, the published ones on the
public board; the roll-ups rebuilt equal a recount and feed the
figures; bad sizes refused."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from onething.appeals.generate import appeals_generate
from onething.appeals.models import Appeal, Reply
from onething.appeals.selectors import appeal_figures, board_list
from onething.appeals.services.tallies import appeal_tallies_differences


def test_a_small_run_makes_plausible_appeals_and_keeps_the_roll_ups(city):
    before = appeal_figures(None)["overall"]["total"]
    report = appeals_generate(appeals=1500, months=12, seed=7, chunk=400)
    assert report.appeals == 1500
    made = Appeal.objects.filter(number__startswith=f"GA{report.run}-")
    assert made.count() == 1500
    channels = Counter(made.values_list("channel", flat=True))
    assert set(channels) >= {"hotline", "platform", "web"} and channels["hotline"] > 600
    statuses = Counter(made.values_list("status", flat=True))
    assert statuses["closed"] / 1500 > 0.8 and statuses["replied"] > 0
    late = made.filter(replied_on_time=False).count()
    assert 0 < late < 0.1 * 1500
    assert not made.filter(first_replied_at__lt=models_received()).exists()
    # every answered appeal has its reply; the public board shows the published ones
    # answered in public, through the flag the reply service keeps
    answered = made.filter(first_replied_at__isnull=False)
    assert report.replies == answered.count() == Reply.objects.filter(appeal__in=made).count()
    public = Reply.objects.filter(appeal__in=made, public=True, appeal__publish=True)
    on_board = made.filter(on_board=True)
    assert on_board.count() == public.count() > 0.6 * answered.count()
    assert set(board_list().filter(pk__in=made).values_list("pk", flat=True)) == set(
        on_board.values_list("pk", flat=True)
    )
    # requesters: the platform's are enterprises, most others people
    assert made.filter(channel="platform", enterprise__isnull=False).exists()
    assert made.filter(person__isnull=False).count() > 0.4 * 1500
    assert appeal_tallies_differences() == []
    assert appeal_figures(None)["overall"]["total"] == before + 1500


def models_received():
    from django.db.models import F

    return F("received_at")


def test_the_command_refuses_bad_sizes(city):
    with pytest.raises(CommandError):
        call_command("generate", "--appeals", "0")
    with pytest.raises(CommandError):
        call_command("generate")
