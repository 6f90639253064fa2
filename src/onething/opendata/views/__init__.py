"""The open-data platform's pages: the catalogue, a dataset's page with its downloads,
and the officer's upload page."""

from .catalogue import catalogue
from .dataset import dataset_page, download, template
from .upload import upload

__all__ = ["catalogue", "dataset_page", "download", "template", "upload"]
