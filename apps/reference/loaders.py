"""Load the shipped reference data (countries, calendar, code lists) into the database.

Used by the data migrations (with historical models passed in) and by ``manage.py load_reference``.
Rows an administrator has changed (``is_customized``) are left alone unless ``force=True``.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .models import country_sort_key
from .seeds import CALENDAR_YEARS, DICTIONARIES, calendar_days

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRIES_CSV = DATA_DIR / "countries.csv"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)

    def __str__(self):
        text = f"created {self.created}, updated {self.updated}"
        if self.skipped:
            text += f", kept administrator's edits: {', '.join(self.skipped)}"
        return text


def read_countries_csv(path: Path = COUNTRIES_CSV) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = []
        for row in csv.DictReader(fh):
            rows.append(
                {
                    "iso2": row["iso2"].strip().upper(),
                    "iso3": row["iso3"].strip().upper(),
                    "numeric": row["numeric"].strip(),
                    "name_zh": row["name_zh"].strip(),
                    "name_zh_full": row["name_zh_full"].strip(),
                    "name_en": row["name_en"].strip(),
                    "name_en_full": row["name_en_full"].strip(),
                    "continent": row["continent"].strip(),
                    "latin_america": row["latin_america"].strip() == "1",
                    "kind": row["kind"].strip(),
                    "is_trip_destination": row["is_trip_destination"].strip() == "1",
                }
            )
        return rows


def load_countries(Country, *, force: bool = False) -> LoadResult:
    result = LoadResult()
    existing = {c.iso2: c for c in Country.objects.all()}
    for row in read_countries_csv():
        values = {**row, "sort_key": country_sort_key(row["name_zh"])}
        obj = existing.get(row["iso2"])
        if obj is None:
            Country.objects.create(**values)
            result.created += 1
            continue
        if obj.is_customized and not force:
            result.skipped.append(obj.iso2)
            continue
        changed = False
        for key, value in values.items():
            if getattr(obj, key) != value:
                setattr(obj, key, value)
                changed = True
        if force and obj.is_customized:
            obj.is_customized = False
            changed = True
        if changed:
            obj.save()
            result.updated += 1
    return result


def load_calendar(CalendarYear, CalendarDay, *, force: bool = False) -> LoadResult:
    result = LoadResult()
    for year, spec in CALENDAR_YEARS.items():
        cal = CalendarYear.objects.filter(year=year).first()
        if cal is not None and cal.is_customized and not force:
            result.skipped.append(str(year))
            continue
        if cal is None:
            cal = CalendarYear(year=year)
            result.created += 1
        else:
            result.updated += 1
        cal.status = "published"
        cal.source = spec["source"]
        cal.source_date = spec["source_date"]
        cal.notes = spec["notes"]
        cal.is_customized = False
        cal.revision = (cal.revision or 0) + 1
        cal.save()
        wanted = {d: (kind, name) for d, kind, name in calendar_days(year)}
        CalendarDay.objects.filter(year=cal).exclude(date__in=list(wanted)).delete()
        for d, (kind, name) in wanted.items():
            CalendarDay.objects.update_or_create(date=d, defaults={"kind": kind, "name": name, "year": cal})
    return result


def load_dictionaries(DictType, DictItem, *, force: bool = False) -> LoadResult:
    result = LoadResult()
    for code, (name, name_en, description, items) in DICTIONARIES.items():
        dtype, created = DictType.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "description": description, "is_builtin": True},
        )
        if created:
            result.created += 1
        elif force:
            DictType.objects.filter(pk=dtype.pk).update(
                name=name, name_en=name_en, description=description, is_builtin=True
            )
        for order, (item_code, label, label_en, note) in enumerate(items, start=1):
            item = DictItem.objects.filter(type=dtype, code=item_code).first()
            values = {"label": label, "label_en": label_en, "order": order * 10, "note": note}
            if item is None:
                DictItem.objects.create(type=dtype, code=item_code, **values)
                result.created += 1
            elif item.is_customized and not force:
                result.skipped.append(f"{code}.{item_code}")
            elif any(getattr(item, k) != v for k, v in values.items()) or item.is_customized:
                for k, v in values.items():
                    setattr(item, k, v)
                item.is_customized = False
                item.save()
                result.updated += 1
    return result


def load_all(*, force: bool = False, apps=None) -> dict[str, LoadResult]:
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    get = lambda name: apps.get_model("reference", name)  # noqa: E731
    return {
        "countries": load_countries(get("Country"), force=force),
        "calendar": load_calendar(get("CalendarYear"), get("CalendarDay"), force=force),
        "dictionaries": load_dictionaries(get("DictType"), get("DictItem"), force=force),
    }
