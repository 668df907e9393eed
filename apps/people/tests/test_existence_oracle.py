"""Issue 14 item 4: a clerk cannot learn whether an ID number is registered in a unit they cannot see.

Registering a number held only outside the clerk's data scope behaves, from the clerk's side, exactly like a
number never seen (the unit gets its own record); the attempt is audited (``people.id_conflict``, labelled
for auditors) and the security administrators are told, so the office resolves the duplicate. A duplicate
inside the clerk's scope is still refused: the clerk can see that record anyway."""

import datetime

import pytest
from django.urls import reverse

from apps.audit.display import action_label
from apps.audit.models import AuditEvent
from apps.casework.models import Notification
from apps.core.errors import ServiceError
from apps.people import idcard, services
from apps.people.models import Person

pytestmark = pytest.mark.django_db

DOB = datetime.date(1980, 5, 17)


def _form(unit, number, name="张伟"):
    return {
        "full_name": name,
        "sex": "M",
        "date_of_birth": DOB.isoformat(),
        "unit": unit.pk,
        "id_number": number,
    }


@pytest.fixture
def held_in_a(person_factory, unit_a):
    number = idcard.make_fake("329900", DOB, 11)
    return person_factory(unit=unit_a, full_name="甲单位人", sex="M", date_of_birth=DOB, id_number=number)


@pytest.fixture
def secadmin(make_user):
    return make_user("secadmin1", roles=["secadmin"])


def test_the_answer_is_the_same_for_a_number_held_elsewhere_and_a_fresh_one(
    login, clerk_b, unit_b, held_in_a
):
    c = login(clerk_b)
    fresh = c.post(reverse("people:create"), _form(unit_b, idcard.make_fake("329900", DOB, 13), "新人"))
    held = c.post(reverse("people:create"), _form(unit_b, held_in_a.id_number))
    assert fresh.status_code == held.status_code == 302
    page = c.get(held["Location"]).content.decode()
    assert "已登记人员" in page and "已在人员库中登记" not in page
    mine = Person.objects.get(unit=unit_b, full_name="张伟")
    assert mine.pk != held_in_a.pk and mine.id_number == held_in_a.id_number
    # the API answers alike too
    api = c.post(
        "/api/people/",
        {
            "full_name": "李四",
            "sex": "M",
            "date_of_birth": DOB.isoformat(),
            "unit_id": unit_b.pk,
            "id_number": held_in_a.id_number,
        },
        "application/json",
    )
    assert api.status_code == 400 and "已在人员库中登记" in api.json()["detail"]  # now held in unit B itself


def test_the_attempt_is_audited_and_the_security_administrators_told(clerk_b, unit_b, held_in_a, secadmin):
    data = {
        "full_name": "张伟",
        "sex": "M",
        "date_of_birth": DOB,
        "unit": unit_b,
        "id_number": held_in_a.id_number,
    }
    mine = services.person_create(by=clerk_b, data=data)
    event = AuditEvent.objects.get(action="people.id_conflict")
    assert event.actor == clerk_b and event.target_id == str(mine.pk)
    assert event.extra["other_records"] == [held_in_a.pk] and event.extra["other_units"] == [
        held_in_a.unit_id
    ]
    assert held_in_a.id_number not in str(event.extra) + str(event.changes)
    assert str(action_label("people.id_conflict")) == "登记的身份证号码与可见范围外的人员重复"
    note = Notification.objects.get(recipient=secadmin)
    assert "张伟" in note.text and held_in_a.id_number not in note.text and "甲单位" not in note.text
    assert not Notification.objects.filter(recipient=clerk_b).exists()


def test_a_fresh_number_is_not_audited_as_a_conflict(clerk_b, unit_b):
    data = {
        "full_name": "王五",
        "sex": "M",
        "date_of_birth": DOB,
        "unit": unit_b,
        "id_number": idcard.make_fake("329900", DOB, 15),
    }
    services.person_create(by=clerk_b, data=data)
    assert not AuditEvent.objects.filter(action="people.id_conflict").exists()


def test_a_duplicate_the_user_can_see_is_still_refused(clerk_a, unit_a, held_in_a):
    data = {
        "full_name": "张伟",
        "sex": "M",
        "date_of_birth": DOB,
        "unit": unit_a,
        "id_number": held_in_a.id_number,
    }
    with pytest.raises(ServiceError, match="已在人员库中登记"):
        services.person_create(by=clerk_a, data=data)


def test_changing_a_number_to_one_held_elsewhere_behaves_alike(clerk_b, unit_b, person_factory, held_in_a):
    mine = person_factory(
        unit=unit_b,
        full_name="张伟",
        sex="M",
        date_of_birth=DOB,
        id_number=idcard.make_fake("329900", DOB, 17),
    )
    services.person_update(person=mine, by=clerk_b, data={"id_number": held_in_a.id_number})
    mine.refresh_from_db()
    assert mine.id_number == held_in_a.id_number
    assert AuditEvent.objects.filter(action="people.id_conflict", target_id=str(mine.pk)).exists()
