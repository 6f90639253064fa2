"""The city-scale swipe generator: a small run on the base city — rides at the gates over
the months, nearly all allowed with a ledger row at the venue's tariff, buses offline;
the roll-ups rebuilt equal a recount and feed the figures and the pool."""

from __future__ import annotations

from onething.cards.generate import swipes_generate
from onething.cards.models import LedgerEntry, Swipe
from onething.cards.selectors.figures import figures_public
from onething.cards.selectors.ledger import pool_status
from onething.cards.services.tallies import card_tallies_differences


def test_a_small_run_makes_rides_with_their_ledger_and_keeps_the_roll_ups(city):
    rides_before = figures_public()["swipes"]
    owed_before = pool_status()["accrued_fen"]
    report = swipes_generate(swipes=3000, months=6, seed=3, chunk=700)
    made = Swipe.objects.filter(swipe_id__startswith=f"GS{report.run}-")
    assert made.count() == 3000 and report.allowed == made.filter(allowed=True).count()
    assert 2800 < report.allowed < 3000
    ledger = LedgerEntry.objects.filter(swipe__in=made)
    assert ledger.count() == report.allowed
    assert made.filter(offline=True).exists() and made.filter(offline=False).exists()
    assert card_tallies_differences() == []
    assert figures_public()["swipes"] == rides_before + report.allowed
    owed = sum(ledger.values_list("amount_fen", flat=True))
    assert pool_status()["accrued_fen"] == owed_before + owed
