"""``apps.core.services.model_update``: the one "apply → save → diff → audit" of every service."""

import pytest

from apps.audit.models import AuditEvent
from apps.core.errors import ServiceError
from apps.core.services import model_update
from apps.org.models import Division, LeadershipPost

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user("sysadmin_mu", roles=["sysadmin"])


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_returns_the_diff_saves_only_changed_columns_and_records_it(divisions, admin):
    division = divisions["outbound"]
    # Another writer changed a column this edit does not touch: it must survive (update_fields).
    Division.objects.filter(pk=division.pk).update(duties="别人刚改的职责")
    changes = model_update(
        instance=division,
        fields=("name", "alias", "order"),
        data={
            "name": "出国来华管理处（改）",
            "alias": division.alias,
            "order": division.order,
            "duties": "忽略",
        },
        by=admin,
        action="org.division_update",
    )
    assert changes == {"name": ["出国来华管理处", "出国来华管理处（改）"]}
    fresh = Division.objects.get(pk=division.pk)
    assert fresh.name == "出国来华管理处（改）" and fresh.duties == "别人刚改的职责"
    [event] = events("org.division_update")
    assert event.changes == {"name": ["出国来华管理处", "出国来华管理处（改）"]}
    assert event.actor_id == admin.pk and event.target_id == str(division.pk)


def test_nothing_saved_and_nothing_recorded_when_nothing_changed(divisions, admin):
    division = divisions["outbound"]
    stamp = Division.objects.get(pk=division.pk).updated_at
    data = {"name": division.name, "order": division.order}
    assert model_update(instance=division, data=data, by=admin, action="org.division_update") == {}
    assert Division.objects.get(pk=division.pk).updated_at == stamp  # the edit token stays valid
    assert events("org.division_update") == []
    model_update(instance=division, data=data, by=admin, action="org.division_update", record_unchanged=True)
    assert [e.changes for e in events("org.division_update")] == [{}]


def test_a_check_that_refuses_leaves_the_row_and_the_trail_alone(divisions, admin):
    division = divisions["outbound"]

    def refuse(obj):
        raise ServiceError("不行")

    with pytest.raises(ServiceError):
        model_update(
            instance=division,
            data={"name": "新名称"},
            by=admin,
            action="org.division_update",
            before_save=refuse,
        )
    assert Division.objects.get(pk=division.pk).name == "出国来华管理处"
    assert events("org.division_update") == []


def test_touch_is_set_only_with_a_change_and_auto_now_moves(divisions, admin):
    division = divisions["outbound"]
    before, old = Division.objects.get(pk=division.pk).updated_at, division.order
    changes = model_update(
        instance=division,
        data={"order": old + 1},
        touch={"alias": "随改动一起保存"},
        audit=("order",),
        by=admin,
        action="org.division_update",
    )
    fresh = Division.objects.get(pk=division.pk)
    assert changes == {"order": [old, old + 1]}
    assert fresh.alias == "随改动一起保存" and fresh.updated_at > before


def test_a_new_instance_is_inserted_and_recorded_from_nothing(office, divisions, admin):
    post = LeadershipPost(office=office)
    changes = model_update(
        instance=post,
        fields=("title", "title_text", "supervised_divisions"),
        data={
            "title": "deputy",
            "title_text": "副主任（测试）",
            "supervised_divisions": [divisions["outbound"]],
        },
        by=admin,
        action="org.post_create",
    )
    assert post.pk is not None
    assert changes == {
        "title": [None, "deputy"],
        "title_text": [None, "副主任（测试）"],
        "supervised_divisions": [None, [str(divisions["outbound"])]],
    }
    assert [e.changes for e in events("org.post_create")] == [
        {
            "title": [None, "deputy"],
            "title_text": [None, "副主任（测试）"],
            "supervised_divisions": [None, [str(divisions["outbound"])]],
        }
    ]


def test_many_to_many_changes_are_saved_and_diffed(office, divisions, admin):
    post = LeadershipPost.objects.create(office=office, title="deputy")
    post.supervised_divisions.set([divisions["outbound"]])
    changes = model_update(
        instance=post,
        fields=("supervised_divisions",),
        data={"supervised_divisions": [divisions["outbound"], divisions["secretariat"]]},
        by=admin,
        action="org.post_update",
    )
    assert set(post.supervised_divisions.values_list("code", flat=True)) == {"outbound", "secretariat"}
    assert list(changes) == ["supervised_divisions"]
    assert (
        model_update(
            instance=post,
            fields=("supervised_divisions",),
            data={"supervised_divisions": [divisions["secretariat"], divisions["outbound"]]},
            by=admin,
            action="org.post_update",
        )
        == {}
    )  # the same set in another order is no change
    assert len(events("org.post_update")) == 1


def test_action_may_depend_on_the_diff_and_clean_validates_the_applied_fields(units, divisions, admin):
    unit = next(u for u in units.values() if u.parent_id is None)
    model_update(
        instance=unit,
        data={"is_active": False},
        by=admin,
        action=lambda changes: "org.unit_deactivate" if "is_active" in changes else "org.unit_update",
    )
    assert len(events("org.unit_deactivate")) == 1 and events("org.unit_update") == []
    division = divisions["outbound"]
    with pytest.raises(ServiceError) as err:
        model_update(
            instance=division,
            data={"code": "not a slug!"},
            by=admin,
            action="org.division_update",
            clean=True,
        )
    assert err.value.code == "invalid"
    assert Division.objects.get(pk=division.pk).code == "outbound"


def test_an_unknown_field_is_a_programming_error(divisions, admin):
    with pytest.raises(ValueError, match="no field named 'colour'"):
        model_update(
            instance=divisions["outbound"], data={"colour": "red"}, by=admin, action="org.division_update"
        )
    assert events("org.division_update") == []
