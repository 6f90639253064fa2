"""One-things in the back office.

A bundle and its steps are edited on one page (the steps inline) but never saved raw: the
page's data becomes a definition (the dict of ``bundle_row``), checked by
``bundle_problems`` — the rules of every other way in, the API and the .xlsx import: the
coding rule, a known item for every step, no cycle, checks reading only steps they depend
on, one form without conflicts — each problem shown beside its field or step, nothing
written; a good definition is written by ``bundle_save`` in one transaction with its audit
entry. The changelist downloads every definition as a workbook and imports one (the layout
of ``xlsx.py``), like the catalogue's.

Runs and their steps are read-only here: every change of a run goes through its services.

- ``forms``: the bundle's form, the steps' forms and formset (the definition's checks);
- ``bundles``: ``BundleAdmin``, with the workbook's export and import views;
- ``runs``: the read-only runs, run steps and pickups.

Importing the package registers them all."""

from .bundles import BundleAdmin, StepInline
from .forms import BundleForm, StepForm, StepsFormSet
from .runs import BundleRunAdmin, PickupAdmin, RunStepAdmin, RunStepInline

__all__ = [
    "BundleAdmin",
    "BundleForm",
    "BundleRunAdmin",
    "PickupAdmin",
    "RunStepAdmin",
    "RunStepInline",
    "StepForm",
    "StepInline",
    "StepsFormSet",
]
