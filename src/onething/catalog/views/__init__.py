"""Pages of the catalogue: browse and search the services, one item, and the workbook of
the whole catalogue (download for staff, upload for administrators)."""

from .pages import item, items
from .transfer import catalogue_export, catalogue_import

__all__ = ["catalogue_export", "catalogue_import", "item", "items"]
