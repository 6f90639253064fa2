"""Settings for `make bench` (bench/bench_case_submit.py): the normal settings, plus the
bench URLconf that mounts the floor view at ``/bench/floor``. Never used in production."""

from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import DEBUG

if DEBUG:
    # DEBUG keeps every SQL query in memory and serves errors as pages: not what we measure.
    raise ImproperlyConfigured("The bench settings run with ONETHING_DEBUG off.")

ROOT_URLCONF = "onething.config.bench_urls"
