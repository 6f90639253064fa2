"""Security headers: a Content-Security-Policy that runs no inline script on every page (and
no page that needs one), HSTS behind a TLS proxy, and API answers with personal data kept
out of caches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "onething"


def test_every_page_carries_a_policy_without_inline_script(city):
    answer = city.client("clerk.hudai").get("/")
    policy = answer["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_no_template_has_an_inline_script_or_handler():
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
    handler = re.compile(r"\son[a-z]+=\"", re.I)
    found = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        found += [f"{template.name}: inline script" for _ in inline.finditer(text)]
        found += [f"{template.name}: {m.group(0).strip()}" for m in handler.finditer(text)]
    assert found == []


@pytest.mark.parametrize("path", ["/figures/", "/api/docs"])
def test_pages_that_draw_with_scripts_load_them_from_files(city, path):
    html = city.client("supervisor").get(path).content.decode()
    assert "<script>" not in html


def test_hsts_only_behind_a_tls_proxy(settings, city):
    assert settings.SECURE_HSTS_SECONDS == 0  # plain HTTP (make run, tests): no HSTS
    settings.SECURE_HSTS_SECONDS = 31_536_000
    answer = city.client().get("/", secure=True)
    assert answer["Strict-Transport-Security"].startswith("max-age=31536000")


def test_answers_to_a_signed_in_caller_are_kept_out_of_caches(city):
    from onething.core.models import User
    from onething.core.services.accounts import token_issue

    private = city.client("clerk.hudai").get("/api/people")
    assert private.status_code == 200 and private["Cache-Control"] == "no-store, private"
    page = city.client("clerk.hudai").get("/people/")
    assert page["Cache-Control"] == "no-store, private"
    public = city.client().get("/api/catalog/items")
    assert "no-store" not in public.get("Cache-Control", "")
    user = User.objects.get(username="gate.metro01")
    _token, secret = token_issue(actor=city.actor("admin"), user=user, name="headers test")
    answer = city.client().get("/api/gate/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 200, answer.content
    assert answer["Cache-Control"] == "no-store, private"
