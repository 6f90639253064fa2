"""URLs of the union finance pages and the honoree's rides."""

from django.urls import path

from . import figures, pool, rides, settlements

urlpatterns: list = [
    path("honour/pool/", pool.pool_page, name="honour-pool"),
    path("honour/pool/top-up/", pool.pool_top_up_page, name="honour-pool-top-up"),
    path("honour/pool/threshold/", pool.pool_threshold_page, name="honour-pool-threshold"),
    path("honour/ledger/", pool.ledger_page, name="honour-ledger"),
    path("honour/settlements/", settlements.settlements_page, name="honour-settlements"),
    path(
        "honour/settlements/prepare/",
        settlements.settlement_prepare_page,
        name="honour-settlement-prepare",
    ),
    path(
        "honour/settlements/<int:settlement_id>/",
        settlements.settlement_page,
        name="honour-settlement",
    ),
    path(
        "honour/settlements/<int:settlement_id>/approve/",
        settlements.settlement_approve_page,
        name="honour-settlement-approve",
    ),
    path(
        "honour/settlements/<int:settlement_id>/pay/",
        settlements.settlement_pay_page,
        name="honour-settlement-pay",
    ),
    path(
        "honour/settlements/<int:settlement_id>/reconcile/",
        settlements.reconcile_page,
        name="honour-settlement-reconcile",
    ),
    path(
        "honour/settlements/<int:settlement_id>/reconciliations/<int:reconciliation_id>/export/",
        settlements.reconciliation_export,
        name="honour-reconciliation-export",
    ),
    path("honour/figures/", figures.figures_page, name="honour-figures"),
    path("honour/rides/", rides.rides_page, name="honour-rides"),
]
