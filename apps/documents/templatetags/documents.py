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
