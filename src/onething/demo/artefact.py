"""The demo city built once and copied: a SQLite file, or a PostgreSQL template database.

An artefact is named by a key: the migrations, the demo's code and data, the installed
calendar data and the day it is made on (a live layer is relative to that day). Two kinds:
``base`` (the configuration alone: the small world most tests start from) and ``full``
(with the seeds' history and the live layer: the demo's figures). The full one is the
base one copied and loaded further. Building happens in a child process (``python -m
onething migrate`` and ``demo``), so the building process's own database settings are
untouched; a lock keeps two test sessions from building the same artefact.

Tests take a copy (``copy_for_tests``): a file copy, or ``CREATE DATABASE … TEMPLATE``,
which takes a second where loading the demo takes a minute or two."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import onething

from .timeline import live_today

SRC = Path(onething.__file__).resolve().parent
KINDS = ("base", "full")
KEEP = 3  # artefacts of each kind kept (older keys are removed)


def key(kind: str) -> str:
    """What the artefact depends on, hashed: the code that builds it (migrations, the demo,
    and every app's models, rules, services and selectors it runs through: a change to a
    service changes the city it makes), data, the calendar package, and the day it is made
    on (the live layer, and a planned benefit's start, are relative to it)."""
    if kind not in KINDS:
        raise ValueError(f"kind is one of {KINDS}")
    digest = hashlib.sha256()
    files = sorted(p for p in SRC.rglob("*") if p.suffix in (".py", ".json") and _builds(p))
    for path in files:
        digest.update(str(path.relative_to(SRC)).encode())
        digest.update(path.read_bytes())
    for label, path in _installed_migrations():
        digest.update(label.encode())
        digest.update(path.read_bytes())
    digest.update(version("chinesecalendar").encode())
    digest.update(kind.encode())
    digest.update(live_today().isoformat().encode())
    return digest.hexdigest()[:16]


# what a demo build never runs: pages, the API, the admin, URLs
_PAGES = {"views", "templates", "static", "locale", "admin"}


def _builds(path: Path) -> bool:
    parts = path.relative_to(SRC).parts
    name = parts[-1]
    return not (
        _PAGES & set(parts[:-1])
        or name.startswith(("api", "admin", "urls"))
        or "__pycache__" in parts
    )


def _installed_migrations() -> list[tuple[str, Path]]:
    """The migrations of the installed apps that are not ours (Django's, axes', the task
    queue's): adding such an app, or upgrading one, changes the database too."""
    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if folder.is_dir() and SRC not in folder.resolve().parents:
            found += [(f"{config.label}/{p.name}", p) for p in sorted(folder.glob("*.py"))]
    return found


def _run(args: list[str], database_url: str, history: bool) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ONETHING_DEMO_HISTORY": "1" if history else "0",
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "onething.config.test_settings"
        ),
    }
    subprocess.run([sys.executable, "-m", "onething", *args], env=env, check=True)


def _load(database_url: str, *, migrate: bool, history: bool) -> None:
    if migrate:
        _run(["migrate", "--noinput", "-v", "0"], database_url, history)
    _run(["demo", "--quiet"], database_url, history)


# --- SQLite ----------------------------------------------------------------------------


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (its WAL checkpointed first)."""
    import sqlite3

    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    with sqlite3.connect(target) as dst:
        dst.execute("PRAGMA journal_mode=WAL")


def sqlite_artefact(kind: str, folder: Path) -> Path:
    """The artefact's file, built if missing."""
    path = folder / f"demo-{kind}-{key(kind)}.sqlite3"
    with _file_lock(folder / f"demo-{kind}.lock"):
        if not path.exists():
            building = path.with_suffix(f".building-{os.getpid()}")
            if kind == "full":
                _sqlite_copy(sqlite_artefact("base", folder), building)
                _load(f"sqlite:///{building}", migrate=False, history=True)
            else:
                building.unlink(missing_ok=True)
                _load(f"sqlite:///{building}", migrate=True, history=False)
            _sqlite_copy(building, path)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{building}{suffix}").unlink(missing_ok=True)
            _prune(sorted(folder.glob(f"demo-{kind}-*.sqlite3")), path)
    return path


def _prune(existing: list[Path], keep: Path) -> None:
    old = sorted((p for p in existing if p != keep), key=lambda p: p.stat().st_mtime)
    for path in old[: max(0, len(old) - (KEEP - 1))]:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


# --- PostgreSQL ------------------------------------------------------------------------


def _pg_connect(settings: dict):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        autocommit=True,
    )


def _pg_url(settings: dict, name: str) -> str:
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{at}{host}{port}/{name}"


def _pg_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _pg_create(cursor, name: str, template: str | None = None) -> None:
    from psycopg import sql

    cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    cursor.execute(statement)


def postgres_artefact(kind: str, settings: dict) -> str:
    """The artefact's database name (a template), built if missing."""
    name = f"onething_demo_{kind}_{key(kind)}"
    with _pg_connect(settings) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [f"onething-demo-{kind}"])
        try:
            if not _pg_exists(cursor, name):
                building = f"{name}_building"
                if kind == "full":
                    _pg_create(cursor, building, template=postgres_artefact("base", settings))
                    _load(_pg_url(settings, building), migrate=False, history=True)
                else:
                    _pg_create(cursor, building)
                    _load(_pg_url(settings, building), migrate=True, history=False)
                from psycopg import sql

                cursor.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(building), sql.Identifier(name)
                    )
                )
                cursor.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s "
                    "ORDER BY oid",
                    [f"onething_demo_{kind}_%", name],
                )
                old = [r[0] for r in cursor.fetchall() if not r[0].endswith("_building")]
                for stale in old[: max(0, len(old) - (KEEP - 1))]:
                    _pg_drop(cursor, stale)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [f"onething-demo-{kind}"])
    return name


def _pg_drop(cursor, name: str) -> None:
    from psycopg import sql

    cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- copies for tests ------------------------------------------------------------------


def copy_for_tests(kind: str, settings: dict, name: str) -> str:
    """A fresh copy of the ``kind`` artefact for the database ``settings`` describe, named
    ``name`` (a path for SQLite, a database name for PostgreSQL); the name to use."""
    engine = settings["ENGINE"]
    if engine.endswith("sqlite3"):
        target = Path(name)
        _sqlite_copy(sqlite_artefact(kind, target.parent / "demo-cache"), target)
        return str(target)
    if engine.endswith("postgresql"):
        template = postgres_artefact(kind, settings)
        with _pg_connect(settings) as conn, conn.cursor() as cursor:
            _pg_create(cursor, name, template=template)
        return name
    raise ValueError(f"no artefact for {engine}")


def drop_copy(settings: dict, name: str) -> None:
    engine = settings["ENGINE"]
    if engine.endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    elif engine.endswith("postgresql"):
        with _pg_connect(settings) as conn, conn.cursor() as cursor:
            _pg_drop(cursor, name)


def cache_folder() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "demo-cache"


def sqlite_path(kind: str) -> Path:
    """Build (if needed) the SQLite artefact of ``kind`` in var/demo-cache/."""
    return sqlite_artefact(kind, cache_folder())


def clear() -> None:
    """Remove every SQLite artefact (PostgreSQL's are dropped by their keys aging)."""
    shutil.rmtree(cache_folder(), ignore_errors=True)
