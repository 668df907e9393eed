"""Helpers shared by the data migration and test/demo setup (the case types must exist in tests that
flush the database)."""

from __future__ import annotations


def ensure_case_types():
    import importlib

    from apps.casework.models import CaseType

    mod = importlib.import_module("apps.partners.migrations.0002_case_types_and_roles")
    return {
        spec["code"]: CaseType.objects.get_or_create(code=spec["code"], defaults=spec)[0]
        for spec in mod.CASE_TYPES
    }
