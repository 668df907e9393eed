"""Reading expense standards and rule parameters from CSV or Excel, into a preview an administrator
confirms. Nothing here writes: :mod:`apps.regulations.services` applies a confirmed preview."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from . import engine
from .defaults import CATCH_ALL_GROUPS

MAX_ROWS = 5000


class ImportFileError(ValueError):
    """The file cannot be read at all (shown to the user as it is)."""


STANDARD_HEADERS = {
    "country": ("country", "iso2", "国家", "国家（地区）", "国家(地区)", "国家或地区"),
    "city_group": ("city_group", "城市组", "城市", "地区"),
    "cities": ("cities", "城市列表", "包含城市"),
    "currency": ("currency", "币种", "币别"),
    "lodging": ("lodging", "住宿费", "住宿费标准", "住宿费限额"),
    "meals": ("meals", "伙食费", "伙食费标准"),
    "incidentals": ("incidentals", "公杂费", "公杂费标准"),
    "valid_from": ("valid_from", "生效日期", "执行日期"),
    "citation": ("citation", "依据", "来源"),
}
RULE_HEADERS = {
    "rule_id": ("rule_id", "规则编号"),
    "enabled": ("enabled", "启用"),
    "severity": ("severity", "级别"),
    "params": ("params", "参数"),
    "message_zh": ("message_zh", "提示（中文）"),
    "message_en": ("message_en", "提示（英文）"),
    "citation": ("citation", "依据"),
}


def read_table(data: bytes, filename: str) -> list[dict]:
    """Rows of the first sheet (xlsx) or of a CSV file (UTF-8, with or without BOM, or GB18030),
    as {header: text}."""
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")):
        try:
            from openpyxl import load_workbook

            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(_("无法读取 Excel 文件：%(err)s") % {"err": exc}) from exc
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        wb.close()
        if not rows:
            return []
        headers = [str(h).strip() if h is not None else "" for h in rows[0]]
        out = []
        for r in rows[1 : MAX_ROWS + 2]:
            if r is None or all(v in (None, "") for v in r):
                continue
            out.append({headers[i]: _cell(v) for i, v in enumerate(r) if i < len(headers) and headers[i]})
        return out
    if name.endswith(".csv") or not name:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(_("CSV 文件编码无法识别（请用 UTF-8）。"))
        reader = csv.DictReader(io.StringIO(text))
        out = []
        for i, row in enumerate(reader):
            if i > MAX_ROWS:
                break
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            out.append(
                {(k or "").strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in row.items()}
            )
        return out
    raise ImportFileError(_("只支持 .csv 或 .xlsx 文件。"))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _pick(row: dict, aliases: tuple[str, ...]) -> str | None:
    for a in aliases:
        if a in row:
            return row[a]
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(str(text).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value < 0 or value >= Decimal("1e10"):
        return None
    return value.quantize(Decimal("0.01"))


def split_cities(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[、,，;；/|]", text or "") if c.strip()]


def _country_index():
    from apps.reference.models import Country

    index = {}
    for c in Country.objects.all().only("iso2", "iso3", "name_zh", "name_en", "name_zh_full"):
        for key in (c.iso2, c.iso3, c.name_zh, c.name_en, c.name_zh_full):
            if key:
                index[key.strip().casefold()] = c.iso2
    return index


def parse_standards(data: bytes, filename: str) -> dict:
    """Preview of an expense-standards file: rows to add, to update, unchanged, and rejected with
    reasons. Duplicates are detected by (country, city group, valid from)."""
    from .models import ExpenseStandard

    rows = read_table(data, filename)
    if not rows:
        raise ImportFileError(_("文件中没有数据行。"))
    missing = [
        key
        for key in ("country", "city_group", "currency", "lodging", "meals", "incidentals", "valid_from")
        if _pick(rows[0], STANDARD_HEADERS[key]) is None
    ]
    if missing:
        raise ImportFileError(
            _(
                "缺少列：%(cols)s（第一行须为表头：country, city_group, currency, lodging, meals, incidentals, "  # noqa: E501
                "valid_from，可选 cities, citation）"
            )
            % {"cols": ", ".join(missing)}
        )
    countries = _country_index()
    existing = {
        (s.country.iso2, s.city_group, s.valid_from.isoformat()): s
        for s in ExpenseStandard.objects.select_related("country")
    }
    preview = {"add": [], "update": [], "unchanged": [], "rejected": []}
    seen = set()
    for lineno, raw in enumerate(rows, start=2):
        if not any(
            (_pick(raw, STANDARD_HEADERS[k]) or "").strip() for k in ("lodging", "meals", "incidentals")
        ):
            continue  # a row of the template not filled in (no amount at all)
        reasons = []
        country_text = (_pick(raw, STANDARD_HEADERS["country"]) or "").strip()
        iso2 = countries.get(country_text.casefold())
        if not iso2:
            reasons.append(_("未知的国家（地区）：%(c)s") % {"c": country_text or "（空）"})
        group = (_pick(raw, STANDARD_HEADERS["city_group"]) or "").strip()
        if not group:
            reasons.append(_("城市组为空（其余城市请填“其他”，全国统一请填“全境”）"))
        currency = (_pick(raw, STANDARD_HEADERS["currency"]) or "").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            reasons.append(_("币种须为三位字母代码（如 USD）：%(c)s") % {"c": currency or "（空）"})
        amounts = {}
        for key, label in (("lodging", _("住宿费")), ("meals", _("伙食费")), ("incidentals", _("公杂费"))):
            text = (_pick(raw, STANDARD_HEADERS[key]) or "").strip()
            value = _decimal(text)
            if value is None:
                reasons.append(
                    _("%(label)s不是有效的非负数：%(v)s") % {"label": label, "v": text or "（空）"}
                )
            amounts[key] = value
        date_text = (_pick(raw, STANDARD_HEADERS["valid_from"]) or "").strip()
        try:
            valid_from = dt.date.fromisoformat(date_text[:10])
        except ValueError:
            valid_from = None
            reasons.append(_("生效日期须为 YYYY-MM-DD：%(v)s") % {"v": date_text or "（空）"})
        cities_text = _pick(raw, STANDARD_HEADERS["cities"])
        if cities_text is not None and cities_text.strip():
            cities = split_cities(cities_text)
        elif group in CATCH_ALL_GROUPS or group.casefold() in CATCH_ALL_GROUPS:
            cities = []
        else:
            cities = split_cities(group)
        key = (iso2, group, valid_from.isoformat() if valid_from else "")
        if not reasons and key in seen:
            reasons.append(_("与文件中前面的行重复（国家、城市组、生效日期相同）"))
        if reasons:
            preview["rejected"].append({"line": lineno, "raw": raw, "reasons": [str(r) for r in reasons]})
            continue
        seen.add(key)
        row = {
            "line": lineno,
            "country": iso2,
            "country_text": country_text,
            "city_group": group,
            "cities": cities,
            "currency": currency,
            "lodging": str(amounts["lodging"]),
            "meals": str(amounts["meals"]),
            "incidentals": str(amounts["incidentals"]),
            "valid_from": valid_from.isoformat(),
            "citation": (_pick(raw, STANDARD_HEADERS["citation"]) or "").strip()[:300],
        }
        current = existing.get(key)
        if current is None:
            preview["add"].append(row)
        elif (
            list(current.cities or []) == cities
            and current.currency == currency
            and current.lodging == amounts["lodging"]
            and current.meals == amounts["meals"]
            and current.incidentals == amounts["incidentals"]
            and current.citation == row["citation"]
        ):
            preview["unchanged"].append(row)
        else:
            row["before"] = {
                "currency": current.currency,
                "lodging": str(current.lodging),
                "meals": str(current.meals),
                "incidentals": str(current.incidentals),
            }
            preview["update"].append(row)
    return preview


def _bool(text: str) -> bool | None:
    t = str(text).strip().casefold()
    if t in ("1", "true", "yes", "y", "是", "启用", "on"):
        return True
    if t in ("0", "false", "no", "n", "否", "停用", "off"):
        return False
    return None


def parse_rules(data: bytes, filename: str, pack) -> dict:
    """Preview of a rule-parameter file for a draft pack: rows to update, unchanged, rejected."""
    rows = read_table(data, filename)
    if not rows:
        raise ImportFileError(_("文件中没有数据行。"))
    if _pick(rows[0], RULE_HEADERS["rule_id"]) is None:
        raise ImportFileError(_("缺少列：rule_id（第一行须为表头：rule_id, enabled, severity, params）"))
    settings = {r.rule_id: r for r in pack.rules.all()}
    preview = {"update": [], "unchanged": [], "rejected": []}
    seen = set()
    for lineno, raw in enumerate(rows, start=2):
        reasons = []
        rule_id = (_pick(raw, RULE_HEADERS["rule_id"]) or "").strip()
        setting = settings.get(rule_id)
        if setting is None:
            reasons.append(_("规则包中没有此规则：%(r)s") % {"r": rule_id or "（空）"})
        elif rule_id in seen:
            reasons.append(_("与文件中前面的行重复"))
        row = {"line": lineno, "rule_id": rule_id}
        enabled_text = _pick(raw, RULE_HEADERS["enabled"])
        if enabled_text not in (None, ""):
            enabled = _bool(enabled_text)
            if enabled is None:
                reasons.append(_("enabled 须为 true/false：%(v)s") % {"v": enabled_text})
            row["enabled"] = enabled
        severity = (_pick(raw, RULE_HEADERS["severity"]) or "").strip()
        if severity:
            severity = {"阻断": "blocking", "提醒": "warning"}.get(severity, severity)
            if severity not in engine.RULE_SEVERITIES:
                reasons.append(_("级别须为 blocking 或 warning：%(v)s") % {"v": severity})
            row["severity"] = severity
        params_text = _pick(raw, RULE_HEADERS["params"])
        if params_text is not None:
            text = params_text.strip()
            try:
                params = None if text in ("", "null") else json.loads(text)
            except json.JSONDecodeError as exc:
                reasons.append(_("参数不是有效的 JSON：%(msg)s") % {"msg": exc.msg})
            else:
                if setting is not None:
                    reasons.extend(str(e) for e in engine.validate_params(rule_id, params))
                row["params"] = params
        for field in ("message_zh", "message_en", "citation"):
            value = _pick(raw, RULE_HEADERS[field])
            if value not in (None, ""):
                row[field] = value
        if reasons:
            preview["rejected"].append({"line": lineno, "raw": raw, "reasons": [str(r) for r in reasons]})
            continue
        seen.add(rule_id)
        changed = {k: v for k, v in row.items() if k not in ("line", "rule_id") and getattr(setting, k) != v}
        if changed:
            row["before"] = {k: getattr(setting, k) for k in changed}
            preview["update"].append(row)
        else:
            preview["unchanged"].append(row)
    return preview


def export_rules(pack, fmt: str = "csv") -> tuple[bytes, str]:
    """(file bytes, content type) of the pack's rule parameters."""
    header = ["rule_id", "enabled", "severity", "params", "message_zh", "message_en", "citation"]
    rows = [
        [
            r.rule_id,
            "true" if r.enabled else "false",
            r.severity,
            "null" if r.params is None else json.dumps(r.params, ensure_ascii=False),
            r.message_zh,
            r.message_en,
            r.citation,
        ]
        for r in pack.rules.order_by("order", "rule_id")
    ]
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = f"v{pack.version}"
        ws.append(header)
        for r in rows:
            ws.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


TEMPLATE_HEADERS = [
    "国家（地区）",
    "城市组",
    "包含城市",
    "币种",
    "住宿费限额",
    "伙食费",
    "公杂费",
    "生效日期",
    "依据",
]


def standards_template(*, countries, standards) -> bytes:
    """An Excel template of the whole expense-standards table: one row per destination country and city
    group, filled with the rows on file (``standards``) and empty for the countries without one
    (``countries``); rows left without amounts are skipped on import."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = _("开支标准")
    ws.append(TEMPLATE_HEADERS)
    by_country: dict[str, list] = {}
    for s in standards:
        by_country.setdefault(s.country.iso2, []).append(s)
    for c in countries:
        rows = by_country.get(c.iso2) or [None]
        for s in rows:
            if s is None:
                ws.append([c.name_zh, "全境", "", "", None, None, None, None, ""])
                continue
            ws.append(
                [
                    c.name_zh,
                    s.city_group,
                    "、".join(s.cities or []),
                    s.currency,
                    s.lodging,
                    s.meals,
                    s.incidentals,
                    s.valid_from,
                    s.citation,
                ]
            )
    widths = [18, 22, 30, 8, 12, 10, 10, 12, 48]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEEEEE")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center")
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=7):
        for cell in row:
            cell.number_format = "#,##0.00"
    for (cell,) in ws.iter_rows(min_row=2, min_col=8, max_col=8):
        cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    notes = wb.create_sheet(_("填写说明"))
    for line in (
        _(
            "每行一个国家（地区）的一个城市组；同一国家不同城市标准不同的，分行填写，其余城市填“其他”，全国统一填“全境”。"
        ),
        _("包含城市：用“、”分隔，中英文名均可（如：东京、Tokyo）；城市组为“全境”或“其他”时留空。"),
        _("币种：三位字母代码（如 USD、EUR、JPY）。住宿费为每人每晚限额，伙食费、公杂费为每人每天。"),
        _("生效日期：YYYY-MM-DD。国家、城市组、生效日期相同的行视为同一条，导入时更新。"),
        _("依据：文件名称和文号，例如 财行〔2017〕434号。"),
        _(
            "未填金额的行导入时跳过；已有的行为 2014 年标准（财行〔2013〕516号），住宿费已经财行〔2017〕434号调整。"  # noqa: E501
        ),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
