"""Who sees what of the open-data platform: everyone, signed in or not. The catalogue,
its fields, the releases (number, date, rows; never who uploaded them), their rows and
the download counts are public by nature; what a department may publish is checked by
the services (its own officers only)."""

from onething.core.permissions import EVERYTHING, scope_rule

from .models import Dataset, DatasetField, DownloadTally, Release, ReleaseRow

for _model in (Dataset, DatasetField, Release, ReleaseRow, DownloadTally):
    scope_rule(_model)(lambda actor: EVERYTHING)
