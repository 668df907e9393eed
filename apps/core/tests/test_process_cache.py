"""Configuration rows cached per process (apps.core.process_cache): read once, forgotten when a row of the
watched model is saved or deleted here, and re-read after the time limit (other processes' changes)."""

import pytest

from apps.core import process_cache
from apps.core.process_cache import ProcessCache, cached_rows

pytestmark = pytest.mark.django_db


def test_values_are_kept_until_the_time_limit(monkeypatch):
    cache = ProcessCache("test.ttl", seconds=60)
    now = [1000.0]
    monkeypatch.setattr(process_cache.time, "monotonic", lambda: now[0])
    calls = []
    assert cache.get("k", lambda: calls.append(1) or "a") == "a"
    assert cache.get("k", lambda: calls.append(1) or "b") == "a"
    now[0] += 61  # another worker's change is seen within a minute
    assert cache.get("k", lambda: calls.append(1) or "c") == "c"
    assert len(calls) == 2


def test_a_saved_or_deleted_row_clears_the_cache(units, django_assert_num_queries):
    from apps.org.models import Unit

    def qs():  # a new queryset per request, as the filters build it
        return Unit.objects.filter(is_active=True).order_by("path").values_list("pk", "name")

    first = cached_rows(qs())
    with django_assert_num_queries(0):
        assert cached_rows(qs()) == first
    unit = Unit.objects.create(kind=Unit.Kind.CITY_DEPT, name="新设的局")
    assert (unit.pk, "新设的局") in cached_rows(qs())
    unit.name = "改名的局"
    unit.save()
    assert (unit.pk, "改名的局") in cached_rows(qs())
    assert cached_rows(Unit.objects.none().values_list("pk", "name")) == []


def test_attachment_kinds_follow_the_dictionary(login, django_assert_num_queries):
    from apps.casework.selectors import attachment_kinds
    from apps.reference.models import DictItem, DictType

    dict_type, _ = DictType.objects.get_or_create(code="attachment_kind", defaults={"name": "附件类型"})
    DictItem.objects.create(type=dict_type, code="perf_kind", label="性能测试附件", order=999)
    assert ("perf_kind", "性能测试附件") in attachment_kinds()
    with django_assert_num_queries(0):
        attachment_kinds()
    DictItem.objects.filter(code="perf_kind").update(label="x")  # a bulk update sends no signal …
    item = DictItem.objects.get(code="perf_kind")
    item.label = "改名的附件"
    item.save()  # … a save through the admin does
    assert ("perf_kind", "改名的附件") in attachment_kinds()
