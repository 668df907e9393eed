"""List filters: the select widget (rendered in Python, escaped like Django's own), the base FilterSet, the
query schema the API documents."""

from apps.core.filters import FastSelect


def test_fast_select_escapes_and_marks_the_selected_option():
    w = FastSelect(choices=[("", "全部单位"), (7, '<b>"徐州" & 公司</b>'), (12, "商务局")])
    html = w.render("unit", 12, attrs={"id": "id_unit"})
    assert html.startswith('<select id="id_unit" name="unit">')
    assert '<option value="7">&lt;b&gt;&quot;徐州&quot; &amp; 公司&lt;/b&gt;</option>' in html
    assert '<option value="12" selected>商务局</option>' in html
    assert '<option value="">全部单位</option>' in html and "<b>" not in html


# --- the base FilterSet --------------------------------------------------------------------------------
import datetime  # noqa: E402

import django_filters  # noqa: E402
import pytest  # noqa: E402
from django import forms  # noqa: E402
from django.http import QueryDict  # noqa: E402
from ninja.errors import ValidationError as ApiValidationError  # noqa: E402

from apps.core.errors import ServiceError  # noqa: E402
from apps.core.filters import (  # noqa: E402
    CheckboxFilter,
    IdChoiceFilter,
    IntegerFilter,
    ListFilterSet,
    query_schema,
    querydict,
)


class PeopleFilter(ListFilterSet):
    q = django_filters.CharFilter(label="姓名", field_name="full_name", lookup_expr="icontains", max_length=5)
    kind = django_filters.ChoiceFilter(label="类别", choices=[("a", "甲"), ("b", "乙")], method="filter_kind")
    boss = IdChoiceFilter(label="上级", field_name="pk")
    year = IntegerFilter(label="年度", min_value=1990, max_value=2100, method="filter_kind")
    day = django_filters.DateFilter(label="日期", method="filter_kind")
    stopped = CheckboxFilter(label="已停用", method="filter_stopped")
    sort = django_filters.CharFilter(widget=forms.HiddenInput, method="filter_kind")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("boss", self.scoped().values_list("pk", "username"))

    def scoped(self):
        from apps.accounts.models import User

        return User.objects.filter(username__startswith="f_").order_by("username")

    def filter_kind(self, qs, name, value):
        return qs

    def filter_stopped(self, qs, name, value):
        """Ticked: stopped accounts instead of those in use."""
        return qs.filter(is_active=not value)


@pytest.fixture
def people(django_user_model):
    return [
        django_user_model.objects.create(username="f_a", full_name="张伟", is_active=True),
        django_user_model.objects.create(username="f_b", full_name="李娜", is_active=False),
    ]


def _names(f):
    return [u.username for u in f.qs]


@pytest.mark.django_db
def test_no_query_string_is_an_empty_one_and_filters_that_always_apply_do(people):
    assert _names(PeopleFilter(None)) == ["f_a"]  # the box is not ticked: active people only
    assert _names(PeopleFilter(QueryDict("stopped=on"))) == ["f_b"]
    assert _names(PeopleFilter({"q": "伟", "stopped": False})) == ["f_a"]


@pytest.mark.django_db
def test_an_invalid_value_gives_no_rows_and_a_message_and_keeps_what_was_typed(people):
    f = PeopleFilter({"q": "太长的名字了吧", "year": "12"})
    assert not f.is_valid() and list(f.qs) == []
    messages = sorted(f.messages())
    assert [m.split(": ")[0] for m in messages] == ["姓名", "年度"]
    assert "5" in messages[0] and "1990" in messages[1]
    assert 'value="太长的名字了吧"' in str(f.form["q"])
    # an id that is not among the choices, however large, is an invalid choice (no query, no overflow)
    huge = PeopleFilter({"boss": "9" * 30})
    assert not huge.is_valid() and list(huge.qs) == []
    assert _names(PeopleFilter({"boss": str(people[0].pk)})) == ["f_a"]


@pytest.mark.django_db
def test_api_and_export_refuse_an_invalid_value_with_its_message(people):
    f = PeopleFilter({"kind": "z"})
    with pytest.raises(ApiValidationError) as err:
        f.api_qs()
    [error] = err.value.errors
    assert error["loc"] == ["query", "kind"] and " z " in error["msg"]
    with pytest.raises(ServiceError) as refused:
        f.export_qs()
    assert "类别" in refused.value.message
    assert _names(PeopleFilter({"kind": "a"})) == ["f_a"]
    assert [u.username for u in PeopleFilter({"kind": "a"}).export_qs()] == ["f_a"]


def test_querydict_takes_a_stored_export_filter_or_a_query_string():
    q = querydict({"unit": 7, "kind": ["a", "b"], "none": None, "flag": False})
    assert q.getlist("kind") == ["a", "b"] and q["unit"] == "7" and "none" not in q and q["flag"] == "False"
    same = QueryDict("a=1")
    assert querydict(same) is same
    assert querydict(None) == QueryDict()


def test_query_schema_documents_each_filter_with_its_type():
    schema = query_schema(PeopleFilter).model_json_schema()
    props = schema["properties"]
    assert set(props) == {"q", "kind", "boss", "year", "day", "stopped", "sort"}

    def types(name):
        return {t.get("type") for t in props[name]["anyOf"]} - {"null"}

    assert types("q") == {"string"} and props["q"]["anyOf"][0]["maxLength"] == 5
    assert props["kind"]["anyOf"][0]["enum"] == ["a", "b"]
    assert types("boss") == {"integer"} and props["boss"]["anyOf"][0]["minimum"] == 1
    assert types("year") == {"integer"} and types("stopped") == {"boolean"} and types("sort") == {"string"}
    assert props["day"]["anyOf"][0]["format"] == "date"
    assert props["q"]["description"] == "姓名"
    parsed = query_schema(PeopleFilter)(year="2026", day="2026-05-01", stopped="true")
    expected = {"year": 2026, "day": datetime.date(2026, 5, 1), "stopped": True}
    assert parsed.model_dump(exclude_none=True) == expected
