"""Template filters for documents: ``{{ value|tr:lang }}`` picks the language of a ``{"zh", "en"}`` pair;
``{{ iso_date|doc_date:lang }}`` writes a date as 2026年12月7日 / 7 December 2026."""

import datetime

from django import template

register = template.Library()

MONTHS = ("January February March April May June July August September October November December").split()


@register.filter
def tr(value, lang="zh"):
    if isinstance(value, dict) and ("zh" in value or "en" in value):
        return value.get(lang) or value.get("zh") or value.get("en") or ""
    return value


@register.filter
def doc_date(value, lang="zh"):
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if lang == "en":
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


@register.simple_tag(takes_context=True)
def latest_document(context, case, kind):
    """``{% latest_document trip "trips.approval" as doc %}``: the newest version of a case's document
    of ``kind`` that the signed-in user may see, or None."""
    from apps.documents.selectors import latest_document as latest

    request = context.get("request")
    if request is None or case is None:
        return None
    return latest(user=request.user, case=case, kind=kind)


@register.filter
def latin(value):
    """The value if it has no Chinese characters, else "" (free text typed in Chinese stays out of an
    English document rather than making it half Chinese)."""
    text = str(value or "")
    return "" if any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text) else text
