"""Which pages and GET endpoints each role reaches, found — not typed: the URL
configuration's routes (a route with parameters takes the first link to it found on the
role's other pages), and the OpenAPI document's GET operations (a path with parameters
takes the value from the first item of the list above it)."""

from __future__ import annotations

import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

SKIP_PAGES = ("admin/", "logout/", "i18n/", "static/", "api/", "healthz", "bench/")
SKIP_API = ("/export", "/open-data/", "/openapi", "/docs")
HREF = re.compile(r'href="(/[^"#?]*)')


class Client:
    """A session against the app (cookies, CSRF), standard library only."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, timeout: float = 60) -> tuple[int, str, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=timeout) as answer:
                body = answer.read().decode(errors="replace")
                return answer.status, body, time.perf_counter() - started
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), time.perf_counter() - started
        except TimeoutError:  # counted as a failure, at the time it took
            return 599, "", time.perf_counter() - started

    def sign_in(self, username: str, password: str) -> bool:
        self.get("/login/")
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base + "/login/", data=data, headers={"Referer": self.base + "/login/"}
        )
        try:
            with self.opener.open(request, timeout=30):
                pass
        except urllib.error.HTTPError:
            return False
        return any(c.name == "sessionid" for c in self.jar)


@dataclass
class Routes:
    pages: list[str] = field(default_factory=list)
    api: list[str] = field(default_factory=list)


def _patterns() -> list[tuple[str, re.Pattern]]:
    """Every route of the URL configuration: (its text, its regex)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, prefix_text: str, prefix_regex: str) -> None:
        for p in patterns:
            text = prefix_text + str(p.pattern)
            regex = prefix_regex + p.pattern.regex.pattern.lstrip("^").rstrip("$").removesuffix(
                r"\Z"
            )
            if isinstance(p, URLResolver):
                walk(p.url_patterns, text, regex)
            elif isinstance(p, URLPattern):
                found.append((text, re.compile("^/" + regex + "$")))

    walk(get_resolver().url_patterns, "", "")
    return found


def discover(client: Client, role: str | None) -> Routes:
    routes = Routes()
    patterns = [(text, regex) for text, regex in _patterns() if not text.startswith(SKIP_PAGES)]
    plain = [text for text, regex in patterns if "<" not in text and "(?P" not in regex.pattern]
    links: set[str] = set()
    for text in plain:
        path = "/" + text
        status, body, _t = client.get(path)
        if status == 200:
            routes.pages.append(path)
            links |= set(HREF.findall(body))
    for text, regex in patterns:
        if text in plain:
            continue
        sample = next((link for link in sorted(links) if regex.match(link)), None)
        if sample:
            status, _body, _t = client.get(sample)
            if status == 200:
                routes.pages.append(sample)
    routes.api = _api(client)
    return routes


def _api(client: Client) -> list[str]:
    status, body, _t = client.get("/api/openapi.json")
    if status != 200:
        return []
    spec = json.loads(body)
    out = []
    lists: dict[str, list] = {}
    for path, operations in sorted(spec.get("paths", {}).items()):
        if "get" not in operations or any(s in path for s in SKIP_API):
            continue
        if "{" not in path:
            status, body, _t = client.get(path)
            if status == 200:
                out.append(path)
                try:
                    data = json.loads(body)
                except ValueError:
                    continue
                lists[path.rstrip("/")] = (
                    data.get("items", data) if isinstance(data, dict) else data
                )
            continue
        head, param = path.split("{", 1)
        name = param.split("}", 1)[0]
        items = lists.get(head.rstrip("/"))
        if not items or not isinstance(items, list) or not isinstance(items[0], dict):
            continue
        first = items[0]
        value = first.get(name) or first.get("number") or first.get("code") or first.get("id")
        if value is None:
            continue
        concrete = path.replace("{" + name + "}", urllib.parse.quote(str(value)), 1)
        if "{" in concrete:
            continue
        status, _body, _t = client.get(concrete)
        if status == 200:
            out.append(concrete)
    return out
