import pytest
from django.core.exceptions import PermissionDenied

from apps.audit.models import AuditEvent
from apps.core.errors import ServiceError
from apps.org import selectors, services
from apps.org.filters import UnitFilter
from apps.org.models import Unit


def test_unit_create_under_parent_sets_path_and_audits(sysadmin, units):
    parent = units["徐州市教育局"]
    unit = services.unit_create(
        data={"name": "徐州市第三中学", "kind": "institution", "parent": parent}, by=sysadmin
    )
    assert unit.path == f"{parent.path}{unit.pk}/" and unit.depth == 1
    event = AuditEvent.objects.filter(action="org.unit_create").latest("id")
    assert event.target_id == str(unit.pk)
    assert event.changes["name"][1] == "徐州市第三中学"


def test_move_refuses_cycles(sysadmin, units):
    top = units["徐州市卫生健康委员会"]
    child = units["徐州市中心医院"]
    with pytest.raises(ServiceError) as err:
        services.unit_move(unit=top, parent=child, by=sysadmin)
    assert err.value.code == "cycle"
    with pytest.raises(ServiceError):
        services.unit_move(unit=top, parent=top, by=sysadmin)
    top.refresh_from_db()
    assert top.parent_id is None


def test_move_carries_the_subtree_and_audits(sysadmin, units):
    health = units["徐州市卫生健康委员会"]
    hospital = units["徐州市中心医院"]
    services.unit_create(
        data={"name": "中心医院分院", "kind": "institution", "parent": hospital}, by=sysadmin
    )
    edu = units["徐州市教育局"]
    services.unit_move(unit=hospital, parent=edu, by=sysadmin)
    branch = Unit.objects.get(name="中心医院分院")
    hospital.refresh_from_db()
    assert hospital.path.startswith(edu.path)
    assert branch.path == f"{hospital.path}{branch.pk}/" and branch.depth == 2
    assert not Unit.objects.filter(path__startswith=health.path, pk=branch.pk).exists()
    event = AuditEvent.objects.filter(action="org.unit_move").latest("id")
    assert "徐州市教育局" in str(event.changes["parent"][1])


def test_deactivate_never_deletes_and_refuses_with_active_children(sysadmin, units):
    health = units["徐州市卫生健康委员会"]
    with pytest.raises(ServiceError):
        services.unit_set_active(unit=health, active=False, by=sysadmin)
    for name in ("徐州市中心医院", "徐州市第一人民医院"):
        services.unit_set_active(unit=units[name], active=False, by=sysadmin)
    services.unit_set_active(unit=health, active=False, by=sysadmin)
    health.refresh_from_db()
    assert not health.is_active and Unit.objects.filter(pk=health.pk).exists()
    with pytest.raises(ServiceError):  # a child cannot be reactivated under an inactive parent
        services.unit_set_active(unit=units["徐州市中心医院"], active=True, by=sysadmin)


def test_only_org_manage_may_write(staff, units):
    with pytest.raises(PermissionDenied):
        services.unit_create(data={"name": "x", "kind": "other"}, by=staff)
    with pytest.raises(PermissionDenied):
        services.unit_move(unit=units["徐州市中心医院"], parent=None, by=staff)


def test_office_update_records_diff(sysadmin, office):
    services.office_save(office=office, data={"short_name": "徐外办", "phone": "0516-00000000"}, by=sysadmin)
    office.refresh_from_db()
    assert office.short_name == "徐外办"
    event = AuditEvent.objects.filter(action="org.office_update").latest("id")
    assert event.changes["short_name"] == ["徐外", "徐外办"]
    assert set(event.changes) == {"short_name", "phone"}


def test_office_short_name_required(sysadmin, office):
    with pytest.raises(ServiceError):
        services.office_save(office=office, data={"short_name": " "}, by=sysadmin)


def test_division_update_and_duplicate_code(sysadmin, divisions):
    d = divisions["outbound"]
    services.division_save(division=d, data={"duties": "新的职责", "is_active": False}, by=sysadmin)
    d.refresh_from_db()
    assert d.duties == "新的职责" and not d.is_active
    with pytest.raises(ServiceError):
        services.division_save(division=d, data={"code": "secretariat"}, by=sysadmin)


def test_post_save_sets_holder_and_divisions(sysadmin, office, divisions, make_user):
    leader = make_user("leader1", roles=["office_leader"], full_name="李主任")
    post = office.posts.first()
    services.post_save(
        post=post,
        data={"holder": leader, "supervised_divisions": [divisions["outbound"]], "portfolio": "出国来华"},
        by=sysadmin,
    )
    post.refresh_from_db()
    assert post.holder == leader
    assert list(post.supervised_divisions.all()) == [divisions["outbound"]]
    assert AuditEvent.objects.filter(action="org.post_update").exists()


def test_tree_orders_siblings_by_pinyin_and_children_follow_parents(units):
    rows = selectors.unit_tree()
    names = [r.unit.name for r in rows]
    top = [r.unit for r in rows if r.depth == 0]
    assert [u.pinyin for u in top] == sorted(u.pinyin for u in top)
    health = names.index("徐州市卫生健康委员会")
    assert names[health + 1 : health + 3] == ["徐州市第一人民医院", "徐州市中心医院"]  # pinyin: di < zhong
    assert rows[health + 1].depth == 1


def test_search_by_pinyin_and_kind(units):
    assert [u.name for u in UnitFilter({"q": "kuangye"}).qs] == ["中国矿业大学"]
    assert {u.kind for u in UnitFilter({"kind": "university"}).qs} == {"university"}
