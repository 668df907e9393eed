from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from apps.audit.models import AuditEvent
from apps.core.errors import ServiceError
from apps.reference import calendar as wc
from apps.reference import services
from apps.reference.models import CalendarYear, Country, DictItem, DictType

pytestmark = pytest.mark.django_db


def test_services_refuse_users_without_reference_manage(clerk):
    with pytest.raises(PermissionDenied):
        services.country_update(country=Country.objects.get(iso2="JP"), by=clerk, data={"name_zh": "x"})
    with pytest.raises(PermissionDenied):
        services.calendar_year_create(year=2027, by=clerk)
    with pytest.raises(PermissionDenied):
        services.dict_item_save(by=clerk, dtype=DictType.objects.get(code="visa_status"), data={"code": "x"})
    with pytest.raises(PermissionDenied):
        services.calendar_day_save(by=None, data={"date": date(2026, 3, 3), "kind": "holiday"})
    assert not AuditEvent.objects.filter(action__startswith="reference.").exists()
    assert Country.objects.get(iso2="JP").name_zh == "日本"


def test_unpublishing_a_year_falls_back_to_weekends_and_is_audited(sysadmin):
    y = CalendarYear.objects.get(year=2026)
    assert not wc.is_working_day(date(2026, 2, 16))
    services.calendar_year_update(cal_year=y, by=sysadmin, data={"status": "not_published"})
    assert wc.is_working_day(date(2026, 2, 16))  # Monday, weekends only now
    assert not wc.year_status(2026).configured
    assert wc.calendar_warnings(date(2026, 1, 1), date(2026, 3, 1))
    event = AuditEvent.objects.get(action="reference.calendar_year_unpublish")
    assert event.changes["status"] == ["published", "not_published"]


def test_adding_a_day_to_a_year_not_yet_created_creates_it_unpublished(sysadmin):
    day = services.calendar_day_save(
        by=sysadmin, data={"date": date(2028, 1, 1), "kind": "holiday", "name": "元旦"}
    )
    assert day.year.year == 2028 and not day.year.is_published


def test_country_update_with_no_change_writes_nothing(sysadmin):
    jp = Country.objects.get(iso2="JP")
    services.country_update(country=jp, by=sysadmin, data={"name_zh": "日本"})
    assert not Country.objects.get(iso2="JP").is_customized
    assert not AuditEvent.objects.exists()
    with pytest.raises(ServiceError):
        services.country_update(country=jp, by=sysadmin, data={"name_en": "  "})


def test_renaming_updates_pinyin_order(sysadmin):
    services.country_update(country=Country.objects.get(iso2="MN"), by=sysadmin, data={"name_zh": "蒙古"})
    assert Country.objects.get(iso2="MN").sort_key == "meng gu"


def test_items_are_deactivated_not_deleted(sysadmin):
    item = DictItem.objects.get(type__code="visa_status", code="applied")
    services.dict_item_set_active(item=item, by=sysadmin, active=False)
    item.refresh_from_db()
    assert not item.is_active
    assert AuditEvent.objects.get(action="reference.dict_item_update").changes["is_active"] == [True, False]
