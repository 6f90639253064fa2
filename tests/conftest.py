"""Shared fixtures. Each test session runs on a copy of a demo artefact built once
(``onething.demo.artefact``: a SQLite file or a PostgreSQL template): the *base* city (its
configuration — regions, departments, centres, accounts, the catalogue, the directories:
a small world) for most tests, the *full* demo (with the seeds' history and the live
layer) for the tests marked ``demo_city``, which are about the demo's own figures. Every
test runs in a transaction rolled back at its end; transactional tests (threads, the live
server) reload the base city after the flush that follows each of them.

Browser tests need Debian's chromium (/usr/bin/chromium). Without it they are skipped with a
reason, unless ONETHING_REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
Tests marked ``postgres`` run only in the PostgreSQL pass of ``make test``.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.db import connection

CHROMIUM = os.environ.get("ONETHING_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("ONETHING_REQUIRE_BROWSER") == "1"
REQUIRE_POSTGRES = os.environ.get("ONETHING_REQUIRE_POSTGRES") == "1"


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    browser = CHROMIUM if shutil.which(CHROMIUM) else "none (browser tests skip)"
    return [f"onething: database={engine}, browser={browser}"]


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    has_browser = shutil.which(CHROMIUM) is not None
    if REQUIRE_BROWSER and not has_browser and any("browser" in i.keywords for i in items):
        raise pytest.UsageError(
            f"ONETHING_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)"
        )
    if REQUIRE_POSTGRES and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert on_postgres, "DATABASE_URL names PostgreSQL but Django is not using it"
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(
                pytest.mark.skip(reason="PostgreSQL semantics: runs in the PostgreSQL pass")
            )
        if "browser" in item.keywords and not has_browser:
            item.add_marker(
                pytest.mark.skip(reason=f"no browser at {CHROMIUM} (apt-get install chromium)")
            )


def _load_base():
    """The base city again, after a transactional test's flush emptied the database."""
    from onething.core.models import Region
    from onething.demo import build

    if not Region.objects.exists():
        build(lambda _line: None, history=False)


def _session_kind(session) -> str:
    """``full`` when the session runs a test about the demo's figures, else ``base``."""
    wanted = any("demo_city" in item.keywords for item in session.items)
    return "full" if wanted else "base"


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """The session's database: a fresh copy of the demo artefact it needs (built once per
    migrations, demo code and day), instead of migrating and loading for each session."""
    from django.db import connections

    from onething.demo import artefact

    settings = connections["default"].settings_dict
    original = settings["NAME"]
    if settings["ENGINE"].endswith("sqlite3"):
        name = settings.get("TEST", {}).get("NAME") or f"{original}.test-{os.getpid()}"
    else:
        name = f"test_{original}_{os.getpid()}"
    kind = _session_kind(request.session)
    with django_db_blocker.unblock():
        connections.close_all()
        copy = artefact.copy_for_tests(kind, settings, name)
        settings["NAME"] = copy
        connections["default"].close()
    yield
    with django_db_blocker.unblock():
        connections.close_all()
        settings["NAME"] = original
        artefact.drop_copy(settings, copy)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server", "transactional_city"} & set(request.fixturenames)
        or (marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(autouse=True)
def _audit_log_flushable(request):
    """A transactional test ends with a flush of every table, which the append-only audit
    log refuses; lift its triggers right before (post_migrate after the flush restores them)."""
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from onething.cards.dbtriggers import LEDGER
    from onething.core.dbtriggers import AUDIT_LOG

    AUDIT_LOG.uninstall(connection)
    LEDGER.uninstall(connection)  # the append-only swipe ledger, likewise


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: what one test cached of its own rolled-back
    writes (an entered schedule, a token) must not leak into the next."""
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def city(db):
    """The demo city's base (regions, organisations, people, accounts)."""
    _load_base()
    from tests import world

    return world.World()


@pytest.fixture
def transactional_city(transactional_db):
    """The demo city for a test that needs real commits (threads, live server): its base
    (reloaded after every flush)."""
    _load_base()
    from tests import world

    return world.World()


@pytest.fixture
def vendor():
    return connection.vendor


@pytest.fixture(scope="session")
def browser():
    """One chromium for the whole run (Playwright, Debian's chromium)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the live server's thread
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, transactional_city):
    """A fresh browser tab on the live server (``page.base`` is its URL), the demo loaded."""
    context = browser.new_context(
        locale="zh-CN", accept_downloads=True, viewport={"width": 1280, "height": 860}
    )
    tab = context.new_page()
    tab.set_default_timeout(15000)
    tab.base = live_server.url
    yield tab
    context.close()
