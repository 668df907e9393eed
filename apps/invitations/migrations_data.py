"""Helpers shared by the data migration and the setup code (the case type must exist in tests that
flush the database, e.g. transactional tests)."""

from __future__ import annotations


def ensure_case_type():
    import importlib

    from apps.casework.models import CaseType

    mod = importlib.import_module("apps.invitations.migrations.0002_case_type")
    case_type, _ = CaseType.objects.get_or_create(code=mod.CASE_TYPE["code"], defaults=mod.CASE_TYPE)
    return case_type
