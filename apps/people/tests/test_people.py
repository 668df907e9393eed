import datetime

import pytest
from django.db import connection
from django.urls import reverse

from apps.accounts.models import Role
from apps.audit.models import AuditEvent
from apps.core.errors import ServiceError
from apps.people import idcard, selectors, services
from apps.people.filters import PersonFilter
from apps.people.models import Person

pytestmark = pytest.mark.django_db

DOB = datetime.date(1980, 5, 17)


def test_builtin_roles_carry_the_new_codes():
    perms = dict(Role.objects.values_list("code", "permissions"))
    assert {"people.view", "people.manage", "passports.view"} <= set(perms["unit_clerk"])
    assert {"people.view", "passports.view", "passports.manage"} <= set(perms["division_staff"])
    assert {"people.view", "passports.view"} <= set(perms["auditor"])
    assert "passports.manage" not in perms["auditor"]


def test_id_number_is_encrypted_at_rest_and_found_by_hash(unit_a, person_factory, clerk_a):
    number = idcard.make_fake("329900", DOB, 11)
    person = person_factory(unit=unit_a, id_number=number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_number_hash FROM people_person WHERE id = %s", [person.pk])
        raw, digest = cursor.fetchone()
    assert number not in raw and raw  # ciphertext only
    assert digest and number not in digest
    assert Person.objects.get(pk=person.pk).id_number == number
    found = PersonFilter({"q": number.lower()}, user=clerk_a).qs
    assert list(found) == [person]


def test_create_prefills_passport_name_and_audits(clerk_a, unit_a):
    person = services.person_create(
        by=clerk_a,
        data={
            "full_name": "张伟",
            "sex": "M",
            "date_of_birth": DOB,
            "unit": unit_a,
            "id_number": idcard.make_fake("329900", DOB, 1),
        },
    )
    assert person.passport_name == "ZHANG WEI"
    assert AuditEvent.objects.filter(action="people.create", target_id=str(person.pk)).exists()


def test_duplicate_id_number_refused_among_active_people(clerk_a, unit_a):
    data = {
        "full_name": "张伟",
        "sex": "M",
        "date_of_birth": DOB,
        "unit": unit_a,
        "id_number": idcard.make_fake("329900", DOB, 1),
    }
    first = services.person_create(by=clerk_a, data=dict(data))
    with pytest.raises(ServiceError, match="已在人员库中登记"):
        services.person_create(by=clerk_a, data=dict(data))
    services.person_archive(person=first, by=clerk_a, reason="调离")
    assert services.person_create(by=clerk_a, data=dict(data)).pk != first.pk


def test_reveal_is_audited_on_page_and_api(login, clerk_a, unit_a, person_factory):
    person = person_factory(unit=unit_a)
    c = login(clerk_a)
    detail = c.get(reverse("people:detail", args=[person.pk]))
    assert detail.status_code == 200
    assert person.id_number not in detail.content.decode()
    assert person.id_number_masked in detail.content.decode()
    r = c.post(reverse("people:reveal", args=[person.pk]))
    assert r.status_code == 200 and person.id_number in r.content.decode()
    events = AuditEvent.objects.filter(action="sensitive.view", target_id=str(person.pk))
    assert events.count() == 1 and events.get().actor == clerk_a
    api = c.post(f"/api/people/{person.pk}/reveal")
    assert api.status_code == 200 and api.json()["id_number"] == person.id_number
    assert events.count() == 2
    masked = c.get(f"/api/people/{person.pk}").json()
    assert masked["id_number_masked"] != person.id_number and person.id_number not in str(masked)


def test_clerk_sees_only_own_unit(login, clerk_a, unit_a, unit_b, person_factory):
    mine = person_factory(unit=unit_a, full_name="本单位人")
    theirs = person_factory(unit=unit_b, full_name="外单位人")
    c = login(clerk_a)
    assert c.get(reverse("people:detail", args=[theirs.pk])).status_code == 404
    assert c.post(reverse("people:reveal", args=[theirs.pk])).status_code == 404
    assert c.get(f"/api/people/{theirs.pk}").status_code == 404
    assert c.post(f"/api/people/{theirs.pk}/reveal").status_code == 404
    page = c.get(reverse("people:list")).content.decode()
    assert "本单位人" in page and "外单位人" not in page
    assert [p["id"] for p in c.get("/api/people/").json()] == [mine.pk]
    assert not AuditEvent.objects.filter(action="sensitive.view").exists()


def test_outbound_division_sees_all_other_division_sees_none(
    login, custodian, other_staff, unit_a, unit_b, person_factory
):
    person_factory(unit=unit_a)
    person_factory(unit=unit_b)
    assert selectors.person_list(user=custodian).count() == 2
    assert selectors.person_list(user=other_staff).count() == 0
    assert login(custodian).get("/api/people/").json().__len__() == 2


def test_search_by_name_and_pinyin(clerk_a, unit_a, person_factory):
    p = person_factory(unit=unit_a, full_name="王小明")
    assert list(PersonFilter({"q": "小明"}, user=clerk_a).qs) == [p]
    assert list(PersonFilter({"q": "wangxiaoming"}, user=clerk_a).qs) == [p]
    assert list(PersonFilter({"q": "wxm"}, user=clerk_a).qs) == [p]


def test_create_form_keeps_typed_values_and_explains_bad_id(login, clerk_a, unit_a):
    c = login(clerk_a)
    bad = idcard.make_fake("329900", DOB, 1)[:17] + (
        "0" if idcard.make_fake("329900", DOB, 1)[17] != "0" else "1"
    )
    r = c.post(
        reverse("people:create"),
        {
            "full_name": "李四",
            "passport_name": "",
            "sex": "M",
            "date_of_birth": "1980-05-17",
            "unit": unit_a.pk,
            "id_number": bad,
            "title": "科长",
        },
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "校验位错误" in html and 'value="李四"' in html and 'value="科长"' in html
    assert not Person.objects.exists()
    r = c.post(
        reverse("people:create"),
        {
            "full_name": "李四",
            "passport_name": "",
            "sex": "M",
            "date_of_birth": "1980-05-17",
            "unit": unit_a.pk,
            "id_number": idcard.make_fake("329900", DOB, 1),
            "title": "科长",
        },
    )
    person = Person.objects.get()
    assert r.status_code == 302 and person.passport_name == "LI SI" and person.unit == unit_a


def test_clerk_cannot_register_in_another_unit(login, clerk_a, unit_b):
    r = login(clerk_a).post(
        reverse("people:create"),
        {
            "full_name": "李四",
            "sex": "M",
            "date_of_birth": "1980-05-17",
            "unit": unit_b.pk,
            "id_number": idcard.make_fake("329900", DOB, 1),
        },
    )
    assert r.status_code == 200 and not Person.objects.exists()


def test_edit_keeps_id_number_when_left_blank(login, clerk_a, unit_a, person_factory):
    person = person_factory(unit=unit_a, full_name="赵六")
    number = person.id_number
    r = login(clerk_a).post(
        reverse("people:edit", args=[person.pk]),
        {
            "full_name": "赵六",
            "passport_name": "zhao liu",
            "sex": "M",
            "date_of_birth": "1980-05-17",
            "unit": unit_a.pk,
            "id_number": "",
            "title": "处长",
        },
    )
    assert r.status_code == 302
    person.refresh_from_db()
    assert person.id_number == number and person.title == "处长" and person.passport_name == "ZHAO LIU"
    event = AuditEvent.objects.get(action="people.update", target_id=str(person.pk))
    assert "title" in event.changes
