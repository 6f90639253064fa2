"""Intake reads the catalogue and the routing through the reference-data cache; a change
of the catalogue or the organisation is seen by the next submission."""

from onething.catalog.models import ServiceItem
from onething.catalog.selectors import intake_item, route
from onething.catalog.services import catalogue_import_rows, export_row
from onething.core import refdata
from onething.core.models import Region
from onething.core.permissions import SYSTEM

ITEM = "320200-SSDJ-001"


def test_a_catalogue_change_is_seen_by_the_next_intake(city, django_assert_max_num_queries):
    first = intake_item(ITEM)
    with django_assert_max_num_queries(0):  # cached: no statement
        assert intake_item(ITEM).name == first.name
    row = export_row(ServiceItem.objects.get(code=ITEM))
    row["name"] = "个体工商户设立登记（新）"
    row["materials"] = row["materials"][:2]
    version = refdata.version()
    catalogue_import_rows(actor=SYSTEM, rows=[row])
    assert refdata.version() > version
    changed = intake_item(ITEM)
    assert changed.name == "个体工商户设立登记（新）"
    assert len(changed.materials.all()) == 2


def test_routing_is_cached_until_the_organisation_changes(city, django_assert_max_num_queries):
    item, town = intake_item(ITEM), Region.objects.get(code="320211102")
    department, _center = route(item, town)
    with django_assert_max_num_queries(0):
        assert route(item, town)[0].pk == department.pk
    refdata.bump()  # what every organisation service does on a change
    with django_assert_max_num_queries(5) as seen:
        assert route(item, town)[0].pk == department.pk
    assert len(seen.captured_queries) > 0  # read again
