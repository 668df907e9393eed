"""Every write to rule packs and expense standards: permission check, change, audit record."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.audit.services import record
from apps.core.concurrency import check_unchanged
from apps.core.errors import ServiceError
from apps.core.permissions import require
from apps.core.services import model_update

from . import engine
from .models import CheckStamp, ExpenseStandard, RulePack, RuleSetting

MANAGE_PERM = "reference.manage"

RULE_FIELDS = (
    "enabled",
    "severity",
    "params",
    "title_zh",
    "title_en",
    "message_zh",
    "message_en",
    "citation",
    "notes",
)


def _rule_snapshot(setting: RuleSetting) -> dict:
    return {f: getattr(setting, f) for f in RULE_FIELDS}


def pack_create_draft(*, by, notes: str = "") -> RulePack:
    """A new draft version copied from the active pack (only one draft at a time)."""
    require(by, MANAGE_PERM)
    with transaction.atomic():
        draft = RulePack.objects.select_for_update().filter(status=RulePack.Status.DRAFT).first()
        if draft is not None:
            raise ServiceError(
                _("已有草稿 v%(version)s，请先编辑或启用它。") % {"version": draft.version},
                code="draft_exists",
            )
        active = RulePack.objects.filter(status=RulePack.Status.ACTIVE).first()
        version = (RulePack.objects.aggregate(m=Max("version"))["m"] or 0) + 1
        draft = RulePack.objects.create(
            name=active.name if active else _("规则包"),
            version=version,
            status=RulePack.Status.DRAFT,
            created_by=by,
            based_on=active,
            notes=notes,
        )
        if active is not None:
            RuleSetting.objects.bulk_create(
                RuleSetting(pack=draft, rule_id=r.rule_id, order=r.order, **_rule_snapshot(r))
                for r in active.rules.all()
            )
        record(
            action=AuditAction.REGULATIONS_PACK_DRAFT,
            target=draft,
            actor=by,
            extra={"based_on_version": active.version if active else None},
        )
    return draft


def validate_rule_values(*, rule_id: str, severity: str, params, message_zh: str, message_en: str) -> dict:
    """Field errors ({field: [messages]}) for a rule setting's values."""
    errors: dict[str, list[str]] = {}
    if severity not in engine.RULE_SEVERITIES:
        errors.setdefault("severity", []).append(_("级别必须是“阻断”或“提醒”。"))
    param_errors = engine.validate_params(rule_id, params)
    if param_errors:
        errors["params"] = [str(e) for e in param_errors]
    for field, text in (("message_zh", message_zh), ("message_en", message_en)):
        try:
            (text or "").format_map(engine._SafeDict())
        except (ValueError, IndexError, AttributeError):
            errors.setdefault(field, []).append(_("提示中的 {占位符} 格式有误（花括号不成对？）。"))
    return errors


def rule_setting_update(*, setting: RuleSetting, by, edit_token: str | None = None, **values) -> RuleSetting:
    """Change a rule setting of a draft pack. Values: any of RULE_FIELDS."""
    require(by, MANAGE_PERM)
    with transaction.atomic():
        check_unchanged(setting, edit_token)
        setting = RuleSetting.objects.select_for_update().select_related("pack").get(pk=setting.pk)
        if not setting.pack.is_draft:
            raise ServiceError(_("只能修改草稿规则包；请先从生效版本创建草稿。"), code="not_draft")
        unknown = sorted(set(values) - set(RULE_FIELDS))
        if unknown:
            raise ValueError(", ".join(unknown))
        model_update(
            instance=setting,
            fields=RULE_FIELDS,
            data=values,
            by=by,
            action=AuditAction.REGULATIONS_RULE_UPDATE,
            before_save=_check_rule,
            record_unchanged=True,
        )
    return setting


def _check_rule(setting: RuleSetting) -> None:
    errors = validate_rule_values(
        rule_id=setting.rule_id,
        severity=setting.severity,
        params=setting.params,
        message_zh=setting.message_zh,
        message_en=setting.message_en,
    )
    if errors:
        raise ServiceError("；".join(m for msgs in errors.values() for m in msgs), code="invalid")


def pack_activate(*, pack: RulePack, by) -> RulePack:
    """Activate a draft; the previously active pack is retired. Checks use the new version at once."""
    require(by, MANAGE_PERM)
    with transaction.atomic():
        pack = RulePack.objects.select_for_update().get(pk=pack.pk)
        if not pack.is_draft:
            raise ServiceError(_("只能启用草稿规则包。"), code="not_draft")
        previous = RulePack.objects.select_for_update().filter(status=RulePack.Status.ACTIVE).first()
        if previous is not None:
            previous.status = RulePack.Status.RETIRED
            previous.save(update_fields=["status", "updated_at"])
        model_update(
            instance=pack,
            data={"status": RulePack.Status.ACTIVE, "activated_at": timezone.now(), "activated_by": by},
            audit=("status",),
            by=by,
            action=AuditAction.REGULATIONS_PACK_ACTIVATE,
            extra={"retired_version": previous.version if previous else None},
        )
        CheckStamp.bump()
    return pack


# --------------------------------------------------------------------------------------------------
# Imports (preview rows come from apps.regulations.importers)
# --------------------------------------------------------------------------------------------------


def standards_import_apply(*, preview: dict, by, filename: str = "") -> dict:
    """Write the rows of a preview (``importers.parse_standards``): adds and updates. Returns counts."""
    require(by, MANAGE_PERM)
    from apps.reference.models import Country

    added = updated = 0
    with transaction.atomic():
        codes = {r["country"] for r in preview["add"] + preview["update"]}
        countries = {c.iso2: c for c in Country.objects.filter(iso2__in=codes)}
        for row in preview["add"] + preview["update"]:
            country = countries.get(row["country"])
            if country is None:
                continue
            values = {
                "cities": row["cities"],
                "currency": row["currency"],
                "lodging": row["lodging"],
                "meals": row["meals"],
                "incidentals": row["incidentals"],
                "citation": row["citation"],
            }
            _obj, created = ExpenseStandard.objects.update_or_create(
                country=country, city_group=row["city_group"], valid_from=row["valid_from"], defaults=values
            )
            added += created
            updated += not created
        CheckStamp.bump()
        record(
            action=AuditAction.REGULATIONS_STANDARDS_IMPORT,
            target=("regulations.expensestandard", ""),
            target_repr=filename[:200],
            actor=by,
            extra={"added": added, "updated": updated, "rejected": len(preview.get("rejected", []))},
        )
    return {"added": added, "updated": updated}


def rules_import_apply(*, pack: RulePack, preview: dict, by, filename: str = "") -> int:
    """Apply the rule rows of a preview (``importers.parse_rules``) to a draft pack."""
    require(by, MANAGE_PERM)
    changed = 0
    with transaction.atomic():
        pack = RulePack.objects.select_for_update().get(pk=pack.pk)
        if not pack.is_draft:
            raise ServiceError(_("只能向草稿规则包导入参数。"), code="not_draft")
        for row in preview["update"]:
            setting = pack.rules.filter(rule_id=row["rule_id"]).first()
            if setting is None:
                continue
            model_update(
                instance=setting,
                fields=("enabled", "severity", "params", "message_zh", "message_en", "citation"),
                data=row,
                audit=RULE_FIELDS,
                by=by,
                action=AuditAction.REGULATIONS_RULE_UPDATE,
                record_unchanged=True,
                extra={"import": filename[:200]},
            )
            changed += 1
    return changed
