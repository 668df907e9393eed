"""``bs_widget`` writes a plain ``<select>`` in Python (issue 15): the same markup as Django's own
``select.html`` + ``select_option.html``, for flat choices, a selected value, several values, an
invalid value, markup in labels and values, and option groups (the template path)."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from apps.web.templatetags.waiban_ui import _select_html


class F(forms.Form):
    plain = forms.ChoiceField(choices=[("", "全部"), ("a", "A & <b>"), ("b", "B")], required=False)
    ints = forms.TypedChoiceField(choices=[(1, "一"), (2, "二"), (None, "无")], coerce=int, required=False)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", 'Y"'), ("z", "Z")], required=False)
    safe = forms.ChoiceField(choices=[("<", mark_safe("<i>i</i>")), ("q", "Q")], required=True)
    grouped = forms.ChoiceField(choices=[("g", [("1", "one"), ("2", "two")]), ("3", "three")], required=False)
    called = forms.ChoiceField(choices=lambda: [("k", "K"), ("l", "L")], required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"plain": "a", "ints": "2", "many": ["x", "z"], "safe": "<", "grouped": "2", "called": "l"},
        {"plain": "nope", "ints": "9", "many": ["q"], "safe": "", "grouped": "9", "called": "zz"},
        {"plain": "b", "many": ["y"]},
    ],
)
@pytest.mark.parametrize("name", ["plain", "ints", "many", "safe", "grouped", "called"])
def test_fast_select_is_djangos_select(data, name):
    form = F(data) if data is not None else F(initial={"plain": "b", "many": ["x", "y"]})
    if data is not None:
        form.is_valid()
    field = form[name]
    attrs = {"class": "form-select form-select-sm"}
    expected = field.as_widget(attrs=dict(attrs))
    assert str(_select_html(field, dict(attrs))) == str(expected)


@pytest.mark.django_db
def test_a_model_select_is_one_query(django_assert_num_queries, office):
    from apps.org.models import Unit

    class M(forms.Form):
        unit = forms.ModelChoiceField(queryset=Unit.objects.order_by("pk"), required=False)

    field = M()["unit"]
    expected = field.as_widget(attrs={"class": "form-select"})
    with django_assert_num_queries(1):  # the rows; no COUNT first
        html = _select_html(field, {"class": "form-select"})
    assert str(html) == str(expected)


@pytest.mark.django_db
def test_a_searchable_picker_keeps_its_own_attributes():
    """A picker that adds to Django's select (Tom Select's ``data-search-select``, each option's search
    data) is written by its own widget code: the Python fast path once dropped them, and the trip form's
    person picker stopped being searchable (caught by the browser suite)."""
    from apps.reference.models import Country
    from apps.web.widgets import CountrySelect

    class P(forms.Form):
        country = forms.ModelChoiceField(
            queryset=Country.objects.order_by("sort_key")[:5], widget=CountrySelect, required=False
        )

    field = P()["country"]
    attrs = {"class": "form-select"}
    html = str(_select_html(field, dict(attrs)) or field.as_widget(attrs=dict(attrs)))
    assert html == str(field.as_widget(attrs=dict(attrs)))
    assert 'data-search-select="1"' in html and "data-pinyin=" in html
