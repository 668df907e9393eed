"""Concurrent edits never silently overwrite each other (apps.core.concurrency), form by form.

Every test: A opens the edit page, B opens it, changes a field and saves; then A submits the page loaded
before B's save. A must see the conflict message with what they typed still in the form, B's change must
still be in the database, and nothing may be audited for A's refused save.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.core.concurrency import check_unchanged, conflict_message, token_for
from apps.core.errors import ConflictError

pytestmark = pytest.mark.django_db

CONFLICT = "您的修改未保存"


# --- Reading a form the way a browser would submit it ----------------------------------------------------


class _FormScraper(HTMLParser):
    """Collects, per <form>, the name/value pairs a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._current: list | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._current = []
            self.forms.append(self._current)
        if self._current is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._current.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "reset"):
                self._current.append((name, a.get("value", "")))
        elif tag == "select" and name and "disabled" not in a:
            self._select = {"name": name, "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name and "disabled" not in a:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if self._current is None:
            return
        if tag == "select" and self._select is not None:
            s = self._select
            chosen = s["chosen"] or ([] if s["multiple"] or s["first"] is None else [s["first"]])
            self._current.extend((s["name"], v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            self._current.append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self._current = None


def edit_form(client, url) -> dict:
    """GET ``url`` and return the data of its edit form (the one carrying ``edit_token``)."""
    response = client.get(url)
    assert response.status_code == 200, url
    scraper = _FormScraper()
    scraper.feed(response.content.decode())
    for fields in scraper.forms:
        names = [n for n, _v in fields]
        if "edit_token" in names:
            data: dict = {}
            for name, value in fields:
                if name == "csrfmiddlewaretoken":
                    continue
                data.setdefault(name, []).append(value)
            assert data["edit_token"][0], "the edit page must carry the token of the object as loaded"
            return data
    raise AssertionError(f"no form with an edit_token on {url}")


def two_clients(login, user_a, user_b):
    return login(user_a, Client()), login(user_b, Client())


def assert_conflict(*, client_a, client_b, url, field, a_value, b_value, obj, reread):
    """The whole scenario; ``reread()`` returns ``field``'s current value in the database."""
    form_a = edit_form(client_a, url)
    form_b = edit_form(client_b, url)
    assert form_a["edit_token"] == form_b["edit_token"]

    response = client_b.post(url, {**form_b, field: b_value})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert reread() == b_value

    events_before = AuditEvent.objects.count()
    response = client_a.post(url, {**form_a, field: a_value})
    body = response.content.decode()
    assert response.status_code == 409  # the one mapping: a conflict is 409, the form shown again
    assert CONFLICT in body and "请刷新后重新修改" in body
    assert "在新窗口查看当前内容" in body  # the link to the current values
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", body)  # when it was changed
    assert a_value in body  # what A typed is still in the form
    assert reread() == b_value  # B's change survived
    assert AuditEvent.objects.count() == events_before  # nothing audited for A's refused save
    assert not AuditEvent.objects.filter(
        target_type=obj._meta.label_lower, target_id=str(obj.pk), actor=client_a_user(client_a)
    ).exists()
    return body


def client_a_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


# --- The helper itself ----------------------------------------------------------------------------------


def test_check_unchanged_accepts_the_current_token_and_refuses_a_stale_one(units, make_user):
    from apps.audit.services import record
    from apps.org.models import Unit

    editor = make_user("bianji", full_name="郑编辑")
    unit = units["徐州市教育局"]
    token = token_for(unit)
    check_unchanged(unit, token)  # unchanged: no error
    check_unchanged(unit, None)  # not sent: not checked
    check_unchanged(unit, "")

    later = Unit.objects.get(pk=unit.pk)
    later.address = "新地址"
    later.save()
    record(action="org.unit_update", target=later, changes={"address": ["", "新地址"]}, actor=editor)
    with pytest.raises(ConflictError) as info:
        check_unchanged(unit, token)
    assert info.value.code == "conflict"
    assert "郑编辑" in info.value.message and CONFLICT in info.value.message
    local = timezone.localtime(Unit.objects.get(pk=unit.pk).updated_at)
    assert local.strftime("%Y-%m-%d %H:%M") in info.value.message


def test_conflict_message_without_audit_event_names_the_time_only(units):
    unit = units["徐州市商务局"]
    when = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 30, 15))
    message = conflict_message(unit, when)
    assert "2026-03-02 09:30:15" in message and "他人" in message and CONFLICT in message


# --- apps.org ------------------------------------------------------------------------------------------


@pytest.fixture
def two_sysadmins(make_user, office, login):
    a = make_user("sys_a", roles=["sysadmin"], full_name="系统甲")
    b = make_user("sys_b", roles=["sysadmin"], full_name="系统乙")
    return two_clients(login, a, b)


def test_org_unit_edit(two_sysadmins, units):
    from apps.org.models import Unit

    a, b = two_sysadmins
    unit = units["徐州市教育局"]
    body = assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("org:unit_edit", args=[unit.pk]),
        field="address",
        a_value="甲填写的地址",
        b_value="乙填写的地址",
        obj=unit,
        reread=lambda: Unit.objects.get(pk=unit.pk).address,
    )
    assert "系统乙" in body  # who changed it, from the audit trail


def test_org_office_edit(two_sysadmins, office):
    from apps.org.models import Office

    a, b = two_sysadmins
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("org:office_edit"),
        field="phone",
        a_value="0516-1111111",
        b_value="0516-2222222",
        obj=office,
        reread=lambda: Office.objects.get(pk=office.pk).phone,
    )


def test_org_division_and_post_edit(two_sysadmins, divisions):
    from apps.org.models import Division, LeadershipPost

    a, b = two_sysadmins
    division = divisions["outbound"]
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("org:division_edit", args=[division.pk]),
        field="alias",
        a_value="甲的别称",
        b_value="乙的别称",
        obj=division,
        reread=lambda: Division.objects.get(pk=division.pk).alias,
    )
    post = LeadershipPost.objects.order_by("order").first()
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("org:post_edit", args=[post.pk]),
        field="portfolio",
        a_value="甲写的分工",
        b_value="乙写的分工",
        obj=post,
        reread=lambda: LeadershipPost.objects.get(pk=post.pk).portfolio,
    )


# --- apps.accounts -------------------------------------------------------------------------------------


@pytest.fixture
def two_secadmins(make_user, login):
    a = make_user("sec_a", roles=["secadmin"], full_name="安全甲")
    b = make_user("sec_b", roles=["secadmin"], full_name="安全乙")
    return two_clients(login, a, b)


def test_accounts_user_edit(two_secadmins, make_user, divisions):
    from apps.accounts.models import User

    a, b = two_secadmins
    staff = make_user("keyuan_c", roles=["division_staff"], division=divisions["outbound"], full_name="许文")
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("accounts:user_edit", args=[staff.pk]),
        field="title",
        a_value="甲填写的职务",
        b_value="乙填写的职务",
        obj=staff,
        reread=lambda: User.objects.get(pk=staff.pk).title,
    )


def test_accounts_role_edit(two_secadmins):
    from apps.accounts.models import Role

    a, b = two_secadmins
    role = Role.objects.get(code="traveller")
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("accounts:role_edit", args=[role.pk]),
        field="description",
        a_value="甲写的说明",
        b_value="乙写的说明",
        obj=role,
        reread=lambda: Role.objects.get(pk=role.pk).description,
    )


def test_a_login_does_not_count_as_an_edit(two_secadmins, make_user, divisions, client):
    """Signing in updates last_login only: an administrator editing that user is not refused for it."""
    from apps.accounts.models import User

    a, _b = two_secadmins
    staff = make_user("keyuan_d", roles=["division_staff"], division=divisions["outbound"])
    url = reverse("accounts:user_edit", args=[staff.pk])
    form = edit_form(a, url)
    signed_in = client.post(
        reverse("accounts:login"),
        {"username": "keyuan_d", "password": "Waiban-Test-2026!"},
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) WaibanTest/1.0",
    )
    assert signed_in.status_code == 302
    assert User.objects.get(pk=staff.pk).last_login is not None
    response = a.post(url, {**form, "title": "科员"})
    assert response.status_code == 302
    assert User.objects.get(pk=staff.pk).title == "科员"


# --- apps.reference and apps.regulations (reference.manage: the system administrator) ---------------------


def test_reference_country_edit(two_sysadmins):
    from apps.reference.models import Country

    a, b = two_sysadmins
    country = Country.objects.get(iso2="JP")
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("reference:country_edit", args=["JP"]),
        field="name_zh_full",
        a_value="甲写的全称",
        b_value="乙写的全称",
        obj=country,
        reread=lambda: Country.objects.get(pk=country.pk).name_zh_full,
    )


def test_reference_dictionary_type_and_item_edit(two_sysadmins):
    from apps.reference.models import DictItem, DictType

    a, b = two_sysadmins
    dtype = DictType.objects.order_by("code").first()
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("reference:dict_type_edit", args=[dtype.code]),
        field="description",
        a_value="甲写的说明",
        b_value="乙写的说明",
        obj=dtype,
        reread=lambda: DictType.objects.get(pk=dtype.pk).description,
    )
    item = DictItem.objects.filter(type=dtype).order_by("order", "pk").first()
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("reference:dict_item_edit", args=[dtype.code, item.pk]),
        field="note",
        a_value="甲写的备注",
        b_value="乙写的备注",
        obj=item,
        reread=lambda: DictItem.objects.get(pk=item.pk).note,
    )


def test_reference_calendar_day_edit(two_sysadmins):
    from apps.reference.models import CalendarDay, CalendarYear

    a, b = two_sysadmins
    cal_year, _ = CalendarYear.objects.get_or_create(year=2031, defaults={"is_customized": True})
    day = CalendarDay.objects.create(
        year=cal_year, date=dt.date(2031, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦"
    )
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("reference:calendar_day_edit", args=[2031, day.pk]),
        field="note",
        a_value="甲写的备注",
        b_value="乙写的备注",
        obj=day,
        reread=lambda: CalendarDay.objects.get(pk=day.pk).note,
    )


def test_regulations_rule_edit(two_sysadmins):
    from apps.regulations.models import RulePack

    a, b = two_sysadmins
    assert a.post(reverse("regulations:pack_create_draft")).status_code == 302
    draft = RulePack.objects.order_by("-version").first()
    setting = draft.rules.get(rule_id="delegation_size")
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("regulations:rule_edit", args=[draft.version, "delegation_size"]),
        field="notes",
        a_value="甲写的备注",
        b_value="乙写的备注",
        obj=setting,
        reread=lambda: draft.rules.get(rule_id="delegation_size").notes,
    )


# --- apps.people and apps.passports ---------------------------------------------------------------------


def test_people_person_edit(make_user, login, units):
    from apps.people.models import Person
    from apps.people.tests.factories import PersonFactory

    unit = units["徐州市教育局"]
    a, b = two_clients(
        login,
        make_user("clerk_x", roles=["unit_clerk"], unit=unit, full_name="专办甲"),
        make_user("clerk_y", roles=["unit_clerk"], unit=unit, full_name="专办乙"),
    )
    person = PersonFactory(unit=unit, full_name="赵六")
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("people:edit", args=[person.pk]),
        field="title",
        a_value="甲填写的职务",
        b_value="乙填写的职务",
        obj=person,
        reread=lambda: Person.objects.get(pk=person.pk).title,
    )


def test_passports_edit(make_user, login, units, divisions):
    from apps.passports.models import Passport
    from apps.passports.tests.factories import PassportFactory
    from apps.people.tests.factories import PersonFactory

    a, b = two_clients(
        login,
        make_user("keeper_a", roles=["division_staff"], division=divisions["outbound"]),
        make_user("keeper_b", roles=["division_staff"], division=divisions["outbound"]),
    )
    passport = PassportFactory(holder=PersonFactory(unit=units["徐州市教育局"]))
    assert_conflict(
        client_a=a,
        client_b=b,
        url=reverse("passports:edit", args=[passport.pk]),
        field="notes",
        a_value="甲写的备注",
        b_value="乙写的备注",
        obj=passport,
        reread=lambda: Passport.objects.get(pk=passport.pk).notes,
    )


def test_conflict_message_is_translated(units):
    from django.utils import translation

    when = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 30, 15))
    with translation.override("en"):
        message = conflict_message(units["徐州市商务局"], when)
    assert message.startswith("This record was changed by someone else at 2026-03-02 09:30:15")
    assert "your changes were not saved" in message
