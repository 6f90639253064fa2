"""Honour cards in the back office. Operators, venues, tariffs and benefits are
configuration saved through their services (``services.venues``): each save is checked,
audited and bumps the reference-data cache, so the next swipe at a gate reads the change. A
price changes by a new tariff from a day (the open one is closed the day before), so a
tariff once saved is only read here. The registry, certificates, cards, swipes, the ledger,
the pool and the settlements change only through their services (each checked and audited),
so they are read-only here. Their signing keys are core's (purpose ``cards``), shown read-only
by core's back office, only their public half."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import transaction

from onething.core.admin import ServiceSavedAdmin
from onething.core.adminbase import ReadOnlyAdmin
from onething.core.errors import DomainError, ValidationFailed
from onething.core.forms import problems_on
from onething.core.permissions import Actor, actor_for

from .models import (
    Benefit,
    Certificate,
    Gate,
    Honoree,
    HonourCard,
    HonourLevel,
    IssuanceBatch,
    LedgerEntry,
    Operator,
    PoolTopUp,
    Reconciliation,
    Settlement,
    SubsidyPool,
    Swipe,
    Tariff,
    Venue,
)
from .services.venues import (
    BENEFIT_FIELDS,
    benefit_save,
    operator_save,
    tariff_set,
    venue_save,
)


class _Rehearsal(Exception):
    """Ends a save made only to hear the service's checks (its transaction rolled back)."""


class ConfigurationAdmin(ServiceSavedAdmin):
    """A configuration row saved through its service: every subclass defines
    ``write(actor, obj)``, which saves ``obj`` (the form's unsaved instance) by the service
    and returns the saved row (checked when the class is made). The form runs the same
    write first in a transaction that is rolled back, so each of the service's problems
    shows beside its field and nothing is written until all is right."""

    FIELD_OF_PROBLEM = {"operator_code": "operator", "venue_code": "venue"}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not callable(getattr(cls, "write", None)):
            raise TypeError(f"{cls.__name__} must define write(actor, obj)")

    def service_save(self, request, form, formsets):
        return self.write(actor_for(request.user), form.instance)

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        owner, actor = self, actor_for(request.user)

        class CheckedByService(base):
            def _post_clean(self):
                super()._post_clean()  # the instance now holds the cleaned values
                if not self.errors:
                    owner.rehearse(self, actor)

        return CheckedByService

    def rehearse(self, form: forms.ModelForm, actor: Actor) -> None:
        try:
            with transaction.atomic():
                self.write(actor, form.instance)
                raise _Rehearsal
        except _Rehearsal:
            pass
        except ValidationFailed as error:
            problems_on(form, error, self.FIELD_OF_PROBLEM)
        except DomainError as error:
            form.add_error(None, error.message)


@admin.register(Operator)
class OperatorAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "kind"]

    def write(self, actor: Actor, obj: Operator) -> Operator:
        return operator_save(actor=actor, code=obj.code, name=obj.name, kind=obj.kind)


@admin.register(Venue)
class VenueAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "operator", "area"]
    list_filter = ["operator", "area"]

    def write(self, actor: Actor, obj: Venue) -> Venue:
        return venue_save(
            actor=actor,
            code=obj.code,
            name=obj.name,
            operator_code=obj.operator.code,
            area=obj.area,
        )


@admin.register(Tariff)
class TariffAdmin(ConfigurationAdmin):
    key_field = ""
    list_display = ["venue", "price_fen", "valid_from", "valid_to"]
    list_filter = ["venue"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def write(self, actor: Actor, obj: Tariff) -> Tariff:
        return tariff_set(
            actor=actor,
            venue_code=obj.venue.code,
            price_fen=obj.price_fen,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
        )


class BenefitForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=Benefit._meta.get_field("levels").verbose_name,
        choices=HonourLevel.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Benefit
        fields = BENEFIT_FIELDS


@admin.register(Benefit)
class BenefitAdmin(ConfigurationAdmin):
    key_field = ""
    form = BenefitForm
    list_display = [
        "name",
        "venue",
        "kind",
        "discount_percent",
        "funded_by",
        "visit_cap_fen",
        "daily_cap",
        "valid_from",
    ]
    list_filter = ["venue", "kind", "funded_by"]

    def write(self, actor: Actor, obj: Benefit) -> Benefit:
        return benefit_save(
            actor=actor,
            name=obj.name,
            venue_code=obj.venue.code,
            levels=list(obj.levels),
            kind=obj.kind,
            discount_percent=obj.discount_percent,
            funded_by=obj.funded_by,
            visit_cap_fen=obj.visit_cap_fen,
            daily_cap=obj.daily_cap,
            monthly_cap=obj.monthly_cap,
            voice_prompt=obj.voice_prompt,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            benefit_id=obj.pk,
        )


@admin.register(Honoree)
class HonoreeAdmin(ReadOnlyAdmin):
    list_display = ["person", "level", "title", "year", "status"]
    list_filter = ["level", "status"]


@admin.register(HonourCard)
class HonourCardAdmin(ReadOnlyAdmin):
    list_display = ["number", "transit_number", "honoree", "batch", "status", "issued_at"]
    list_filter = ["status", "batch"]
    search_fields = ["number", "transit_number"]


@admin.register(Swipe)
class SwipeAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "gate",
        "venue",
        "allowed",
        "reason",
        "service",
        "bill_fen",
        "discount_fen",
        "funded_by",
        "amount_fen",
    ]
    list_filter = ["allowed", "venue", "funded_by"]


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
