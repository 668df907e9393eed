"""Configuration values that come from regulations: each a setting key, a sourced default and a citation.

An app lists its rules in its own ``conf.py`` (``apps.trips.conf``, ``apps.passports.conf``); an
administrator overrides a value in ``settings.WAIBAN`` under the same key, while the citation stays with
the default so that pages can show where a number comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Rule:
    key: str
    default: object
    citation: str

    @property
    def value(self):
        return getattr(settings, "WAIBAN", {}).get(self.key, self.default)
