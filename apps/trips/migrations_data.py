"""Helpers shared by the data migration and the setup code (the case type must exist in tests that
flush the database, e.g. transactional tests)."""

from __future__ import annotations


def ensure_case_type():
    import importlib

    from apps.casework.models import CaseType

    mod = importlib.import_module("apps.trips.migrations.0002_case_type_and_tiers")
    case_type, _ = CaseType.objects.get_or_create(code=mod.CASE_TYPE["code"], defaults=mod.CASE_TYPE)
    return case_type


def ensure_routes():
    """The approval routes (migration 0007), for tests that flush the database."""
    import importlib

    from .models import ApprovalRoute

    mod = importlib.import_module("apps.trips.migrations.0007_tripchain_routes")
    for row in mod.ROUTES:
        ApprovalRoute.objects.get_or_create(
            level=row["level"], defaults={**row, "unit_signature": True, "division_head_review": True}
        )
