"""Passport names and the ID number (issue 9, E18): 吕 → LYU, compound surnames as one word, and sex
and date of birth filled from the ID number when left empty."""

import datetime as dt

import pytest
from django.urls import reverse

from apps.core.text import passport_name, split_name
from apps.people import idcard
from apps.people.models import Person


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张伟", "ZHANG WEI"),
        ("吕明", "LYU MING"),
        ("欧阳明辉", "OUYANG MINGHUI"),
        ("司马文静", "SIMA WENJING"),
        ("诸葛亮", "ZHUGE LIANG"),
        ("单雄信", "SHAN XIONGXIN"),
        ("曾国藩", "ZENG GUOFAN"),
        ("李女", "LI NYU"),
        ("", ""),
    ],
)
def test_passport_names(name, expected):
    assert passport_name(name) == expected


def test_split_name_keeps_a_one_character_compound_looking_name():
    assert split_name("欧阳") == ("欧", "阳")  # only a surname: nothing to split off
    assert split_name("欧阳明辉") == ("欧阳", "明辉")


@pytest.mark.django_db
def test_sex_and_date_of_birth_come_from_the_id_number(login, clerk_a, unit_a):
    c = login(clerk_a)
    number = idcard.make_fake("320302", dt.date(1984, 7, 9), 24)  # even sequence: a woman
    r = c.post(
        reverse("people:create"),
        {
            "full_name": "欧阳明辉",
            "passport_name": "",
            "sex": "",
            "date_of_birth": "",
            "unit": unit_a.pk,
            "id_number": number,
            "title": "科员",
        },
    )
    assert r.status_code == 302, r.content.decode()[-2000:]
    person = Person.objects.get()
    assert person.sex == "F" and person.date_of_birth == dt.date(1984, 7, 9)
    assert person.passport_name == "OUYANG MINGHUI"
    # without an ID number nothing can be derived: the form says what to do and keeps what was typed
    r = c.post(
        reverse("people:create"),
        {"full_name": "吕明", "sex": "", "date_of_birth": "", "unit": unit_a.pk, "id_number": ""},
    )
    html = r.content.decode()
    assert r.status_code == 200 and 'value="吕明"' in html
    assert "身份证号码" in html
    # the form tells the browser which fields the ID number fills
    page = c.get(reverse("people:create")).content.decode()
    assert 'data-idcard-fills="id_sex id_date_of_birth"' in page
