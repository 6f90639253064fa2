"""Honour cards in the back office. Operators, venues, tariffs and benefits are
configuration, audited on every save. The registry, certificates, cards, swipes, the ledger,
the pool and the settlements change only through their services (each checked and
audited), so they are read-only here; signing keys show only their public half."""

from django.contrib import admin

from onething.core.admin import AuditedAdmin
from onething.core.adminbase import ReadOnlyAdmin

from .models import (
    Benefit,
    Certificate,
    Gate,
    Honoree,
    HonourCard,
    IssuanceBatch,
    LedgerEntry,
    Operator,
    PoolTopUp,
    Reconciliation,
    Settlement,
    SigningKey,
    SubsidyPool,
    Swipe,
    Tariff,
    Venue,
)


@admin.register(Operator)
class OperatorAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind"]


@admin.register(Venue)
class VenueAdmin(AuditedAdmin):
    list_display = ["code", "name", "operator"]
    list_filter = ["operator"]


@admin.register(Tariff)
class TariffAdmin(AuditedAdmin):
    list_display = ["venue", "price_fen", "valid_from", "valid_to"]


@admin.register(Benefit)
class BenefitAdmin(AuditedAdmin):
    list_display = ["name", "venue", "kind", "discount_percent", "daily_cap", "valid_from"]


@admin.register(Honoree)
class HonoreeAdmin(ReadOnlyAdmin):
    list_display = ["person", "level", "title", "year", "status"]
    list_filter = ["level", "status"]


@admin.register(HonourCard)
class HonourCardAdmin(ReadOnlyAdmin):
    list_display = ["number", "transit_number", "honoree", "batch", "status", "issued_at"]
    list_filter = ["status", "batch"]
    search_fields = ["number", "transit_number"]


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ["kid", "public_key", "created_at", "retired_at"]
    exclude = ["private_key_cipher"]


@admin.register(Swipe)
class SwipeAdmin(ReadOnlyAdmin):
    list_display = ["at", "gate", "venue", "allowed", "reason", "amount_fen"]
    list_filter = ["allowed", "venue"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["booked_on", "operator", "venue", "amount_fen", "corrects"]
    list_filter = ["operator"]


@admin.register(Settlement)
class SettlementAdmin(ReadOnlyAdmin):
    list_display = ["operator", "month", "status", "swipes", "amount_fen"]
    list_filter = ["status", "operator"]


for model in (Certificate, Gate, IssuanceBatch, SubsidyPool, PoolTopUp, Reconciliation):
    admin.site.register(model, ReadOnlyAdmin)
