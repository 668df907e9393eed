"""Every URL pattern of the project and every operation of the ninja API, found automatically."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name" (or the route when the pattern has no name)
    route: str
    name: str | None  # for reverse()


def _walk(patterns, prefix="", ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            namespace = p.namespace
            inner = f"{ns}:{namespace}" if ns and namespace else (namespace or ns)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = f"{ns}:{p.name}" if ns and p.name else p.name
            yield Pattern(key=name or route, route=route, name=name)


def pages(excluded_prefixes=()) -> list[Pattern]:
    seen = {}
    for pat in _walk(get_resolver().url_patterns):
        if pat.route.startswith(tuple(excluded_prefixes)):
            continue
        seen.setdefault(pat.key, pat)
    return list(seen.values())


def api_operations() -> list[tuple[str, str, str]]:
    """[(key "METHOD /api/path", method, path template)] from the OpenAPI schema."""
    from waiban.api import api

    schema = api.get_openapi_schema()
    out = []
    for path, ops in schema["paths"].items():
        for method in ops:
            if method.lower() in ("get", "post", "put", "patch", "delete"):
                out.append((f"{method.upper()} {path}", method.upper(), path))
    return out


def fill(path: str, kwargs: dict) -> str:
    def sub(m):
        name = m.group(1)
        if name not in kwargs:
            raise KeyError(f"no value for {{{name}}} in {path}")
        return str(kwargs[name])

    return re.sub(r"\{(\w+)(?::\w+)?\}", sub, path)
