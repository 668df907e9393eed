"""Searchable pickers (issue 9, E16): the widgets mark the select and give each option words to search by."""

import pytest
from django import forms

from apps.web.widgets import CountrySelect, PersonSelect


@pytest.mark.django_db
def test_country_options_carry_english_name_and_pinyin():
    from apps.reference.models import Country

    field = forms.ModelChoiceField(
        queryset=Country.objects.filter(iso2__in=["JP", "FR"]), widget=CountrySelect
    )
    html = field.widget.render("country", None)
    assert 'data-search-select="1"' in html and 'data-search-fields="name_en pinyin"' in html
    assert 'data-name_en="Japan"' in html and 'data-pinyin="riben rb"' in html


@pytest.mark.django_db
def test_person_options_carry_pinyin_and_the_last_id_digits_never_the_number(units):
    import datetime as dt

    from apps.people import idcard
    from apps.people.models import Person

    number = idcard.make_fake("320302", dt.date(1980, 1, 2), 11)
    p = Person.objects.create(
        full_name="欧阳明辉",
        sex="M",
        date_of_birth=dt.date(1980, 1, 2),
        unit=units["徐州市教育局"],
        id_number=number,
    )
    field = forms.ModelChoiceField(queryset=Person.objects.filter(pk=p.pk), widget=PersonSelect)
    html = field.widget.render("person", None)
    assert (
        'data-name_search="ouyangminghui oymh"' in html
        and f'data-id_tail="{p.id_number_masked[-4:].lstrip("*")}"' in html
    )
    assert number not in html and 'data-search-url="/api/people/"' in html
