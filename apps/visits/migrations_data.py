"""Helpers shared by the data migration and setup code (the case type must exist in tests that flush
the database, e.g. transactional tests)."""

from __future__ import annotations


def ensure_case_type():
    import importlib

    from apps.casework.models import CaseType
    from apps.org.models import Division

    mod = importlib.import_module("apps.visits.migrations.0002_case_type_and_roles")
    case_type, _ = CaseType.objects.get_or_create(code=mod.CASE_TYPE["code"], defaults=mod.CASE_TYPE)
    if case_type.default_division_id is None:
        division = Division.objects.filter(code=mod.DEFAULT_DIVISION).first()
        if division is not None:
            CaseType.objects.filter(pk=case_type.pk, default_division__isnull=True).update(
                default_division=division
            )
            case_type.default_division = division
    return case_type
