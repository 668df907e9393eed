"""The pages: what each side sees and can do, refusals on the form with what was typed kept."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.invitations.models import Invitation, Registration, Stage

from .conftest import REG_DATA, fire

pytestmark = pytest.mark.django_db


def _form_post(countries, n=3, **over):
    entry = timezone.localdate() + dt.timedelta(days=45)
    data = {
        "title": "邀请法国友好城市代表团来访",
        "purpose": "友好交流",
        "activity": "会见、参观",
        "entry_date": entry.isoformat(),
        "stay_days": "6",
        "cities": "徐州",
        "itinerary": "逐日日程",
        "visa_type": "F",
        "entries": "single",
        "validity_months": "3",
        "visa_apply_place": "中国驻法国大使馆",
        "costs_borne_by": "inviter",
        "contact_name": "王晓",
        "contact_phone": "0516-80000000",
        "signing_leader": "李明",
        "invitees-TOTAL_FORMS": str(n),
        "invitees-INITIAL_FORMS": "0",
        "invitees-MIN_NUM_FORMS": "0",
        "invitees-MAX_NUM_FORMS": "50",
    }
    for i in range(n):
        data.update(
            {
                f"invitees-{i}-name": f"Demo Guest{i}",
                f"invitees-{i}-sex": "F",
                f"invitees-{i}-date_of_birth": "1975-03-0" + str(i + 1),
                f"invitees-{i}-nationality": str(countries["FR"].pk),
                f"invitees-{i}-passport_number": f"19FR0{i}123",
                f"invitees-{i}-passport_expiry": "2034-05-01",
                f"invitees-{i}-occupation": "副市长",
                f"invitees-{i}-employer": "Ville d'Exemple",
            }
        )
    data.update(over)
    return data


def test_registration_pages(client, login, people, unit):
    login(people["clerk"])
    r = client.get("/invitations/registrations/")
    assert r.status_code == 200 and "办理邀请单位备案" in r.content.decode()
    bad = {k: ("" if k == "address" else v) for k, v in REG_DATA.items()}
    bad["clerk_ids_checked"] = "on"
    r = client.post("/invitations/registrations/new/", bad)
    assert r.status_code == 200 and "Xuzhou Municipal Education Bureau" in r.content.decode()
    r = client.post("/invitations/registrations/new/", {**REG_DATA, "clerk_ids_checked": "on"})
    assert r.status_code == 302
    reg = Registration.objects.get(unit=unit)
    r = client.get(f"/invitations/registrations/{reg.pk}/")
    assert "待审核" in r.content.decode()
    # the office reviews
    login(people["staff"])
    r = client.post(f"/invitations/registrations/{reg.pk}/review/", {"decision": "return", "comment": ""})
    assert r.status_code == 400 and "理由" in r.content.decode()
    r = client.post(
        f"/invitations/registrations/{reg.pk}/review/", {"decision": "approve", "version": reg.version}
    )
    assert r.status_code == 302
    reg.refresh_from_db()
    assert reg.status == Registration.Status.APPROVED
    r = client.get(f"/invitations/registrations/{reg.pk}/")
    assert "单位邀请记录" in r.content.decode()
    # another unit's clerk does not see it
    login(people["other_clerk"])
    assert client.get(f"/invitations/registrations/{reg.pk}/").status_code == 404


def test_apply_for_a_group_by_the_form(client, login, people, countries, registered):
    login(people["clerk"])
    r = client.get("/invitations/new/")
    assert r.status_code == 200 and r.content.decode().count('data-testid="invitee-row"') == 3
    # "add a row" keeps what was typed and adds a fourth
    r = client.post("/invitations/new/", _form_post(countries, action="add_row"))
    html = r.content.decode()
    assert html.count('data-testid="invitee-row"') == 4 and "Demo Guest2" in html
    # the live check on the unsaved form: stay over the limit
    r = client.post("/invitations/new/", _form_post(countries, stay_days="181", action="check"))
    assert "超过该签证种类每次停留上限 180 天" in r.content.decode()
    # bad input: the form again with the message and what was typed
    r = client.post("/invitations/new/", _form_post(countries, **{"invitees-0-passport_number": "A1"}))
    assert r.status_code == 400 and "护照号码" in r.content.decode() and "Demo Guest1" in r.content.decode()
    r = client.post("/invitations/new/", _form_post(countries, action="submit"))
    assert r.status_code == 302
    inv = Invitation.objects.get()
    assert inv.state == "submitted" and inv.invitees.count() == 3
    r = client.get(f"/invitations/{inv.pk}/")
    assert r.status_code == 200 and "DEMO GUEST0" in r.content.decode()
    assert "19FR00123" not in r.content.decode()  # masked on the page


def test_office_flow_and_documents(client, login, people, make_invitation):
    inv = make_invitation(n=3)
    inv = fire(inv, "submit", people["clerk"])
    login(people["staff"])
    r = client.post(f"/invitations/{inv.pk}/transitions/claim/", {"version": inv.version})
    assert r.status_code == 302
    inv.refresh_from_db()
    r = client.post(f"/invitations/{inv.pk}/transitions/send_back/", {"version": inv.version, "comment": ""})
    assert r.status_code == 400 and "理由" in r.content.decode()
    r = client.post(f"/invitations/{inv.pk}/transitions/issue/", {"version": inv.version})
    assert r.status_code == 302
    inv.refresh_from_db()
    assert inv.stage == Stage.ISSUED
    for url in (f"/invitations/{inv.pk}/letter/", f"/invitations/{inv.pk}/verification-note/"):
        r = client.get(url)
        html = r.content.decode()
        assert r.status_code == 200 and inv.letter_number in html and "<svg" in html
        assert inv.verification_code in html
    # the public page, signed out
    client.logout()
    r = client.get(f"/public/invitations/verify/{inv.verification_code}/")
    html = r.content.decode()
    assert r.status_code == 200 and 'data-status="valid"' in html and inv.applicant_unit.name in html
    assert "TESTPERSON" not in html and "C01X45678" not in html and "学术交流" not in html
    r = client.get("/public/invitations/verify/", {"code": "forged123456"})
    assert r.status_code == 302
    r = client.get(r["Location"])
    assert 'data-status="invalid"' in r.content.decode() and inv.applicant_unit.name not in r.content.decode()


def test_close_out_page(client, login, people, make_invitation):
    inv = make_invitation(n=2)
    for name, by in (("submit", "clerk"), ("claim", "staff"), ("issue", "staff")):
        inv = fire(inv, name, people[by])
    login(people["clerk"])
    r = client.get(f"/invitations/{inv.pk}/")
    assert 'data-testid="close-out"' in r.content.decode()
    a, _b = list(inv.invitees.all())
    r = client.post(f"/invitations/{inv.pk}/close-out/", {f"came_{a.pk}": "on", "version": inv.version})
    assert r.status_code == 400 and "实际入境和离境" in r.content.decode()
    day = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    r = client.post(
        f"/invitations/{inv.pk}/close-out/",
        {f"came_{a.pk}": "on", f"entry_{a.pk}": day, f"exit_{a.pk}": day, "version": inv.version},
    )
    assert r.status_code == 302
    inv.refresh_from_db()
    assert inv.stage == Stage.CLOSED_OUT and inv.state == "closed"


def test_rate_limit_on_the_public_page(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.WAIBAN = {**settings.WAIBAN, "THROTTLE": {"verify": (5, 600)}}
    for _ in range(5):
        assert client.get("/public/invitations/verify/NOSUCHCODE23/").status_code == 200
    assert client.get("/public/invitations/verify/NOSUCHCODE23/").status_code == 429


def test_issued_documents_are_numbered_pdfs(client, login, people, make_invitation):
    from apps.documents.models import Document

    inv = make_invitation(n=3)
    for name, by in (("submit", "clerk"), ("claim", "staff"), ("issue", "staff")):
        inv = fire(inv, name, people[by])
    letter = Document.objects.get(case=inv.case_ptr, kind="invitation_letter")
    note = Document.objects.get(case=inv.case_ptr, kind="invitation_note")
    assert letter.number == inv.letter_number and note.number.startswith("徐外核〔")
    assert letter.context["verify_code"] == inv.verification_code and len(letter.context["invitees"]) == 3
    login(people["clerk"])
    html = client.get(f"/invitations/{inv.pk}/").content.decode()
    assert f"/documents/{letter.pk}/pdf/" in html and f"/documents/{note.pk}/pdf/" in html
    from apps.documents.services import render_html

    text = render_html(letter, language="en")
    assert "Letter of Invitation" in text and "TESTPERSON NUMBER1" in text and inv.verification_code in text
    r = client.get(f"/documents/{letter.pk}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    login(people["other_clerk"])
    assert client.get(f"/documents/{letter.pk}/pdf/").status_code == 404


def test_excel_export_of_the_list_is_within_the_scope(people, make_invitation, other_unit, countries):
    from apps.exports.registry import get_exporter

    from .conftest import invitee

    make_invitation(n=3)
    make_invitation(n=1, by=people["other_clerk"], unit_=other_unit, invitees=[invitee(countries, 9)])
    exporter = get_exporter("invitations.list")
    rows = list(exporter.rows(people["clerk"], {}))
    assert len(rows) == 3 == exporter.row_count(people["clerk"], {})
    assert all(r[2] == "徐州市教育局" for r in rows) and "C01X45678" not in str(rows)
    assert len(list(exporter.rows(people["leader"], {}))) == 4


def test_a_cancelled_number_is_invalid_on_the_public_page(client, login, people, make_invitation):
    inv = make_invitation(n=1)
    for name, by in (("submit", "clerk"), ("claim", "staff"), ("issue", "staff")):
        inv = fire(inv, name, people[by])
    login(people["clerk"])
    r = client.post(
        f"/invitations/{inv.pk}/transitions/cancel_letter/", {"version": inv.version, "comment": ""}
    )
    assert r.status_code == 400 and "注销原因" in r.content.decode()
    r = client.post(
        f"/invitations/{inv.pk}/transitions/cancel_letter/", {"version": inv.version, "comment": "来访取消"}
    )
    assert r.status_code == 302
    client.logout()
    html = client.get(f"/public/invitations/verify/{inv.verification_code}/").content.decode()
    assert 'data-status="cancelled"' in html and "无效" in html and "该邀请函已注销" in html


def test_live_check_answers_the_findings_panel_even_for_an_incomplete_form(
    client, login, people, countries, registered
):
    login(people["clerk"])
    data = _form_post(countries, action="check", stay_days="")
    r = client.post("/invitations/new/", data, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and 'id="findings-panel"' in r.content.decode()
    r = client.post("/invitations/new/", _form_post(countries, action="check", validity_months="61"))
    assert r.status_code == 200 and "超过上限 60 个月" in r.content.decode()


def test_statistics_by_nationality_unit_visa_and_month_within_the_scope(
    client, login, people, make_invitation, other_unit, countries
):
    from .conftest import invitee

    mine = make_invitation(n=1, invitees=[invitee(countries, 1, iso="DE"), invitee(countries, 2, iso="FR")])
    theirs = make_invitation(
        n=1, by=people["other_clerk"], unit_=other_unit, invitees=[invitee(countries, 7)]
    )
    for inv, clerk in ((mine, "clerk"), (theirs, "other_clerk")):
        for name, by in (("submit", clerk), ("claim", "staff"), ("issue", "staff")):
            inv = fire(inv, name, people[by])
    year = mine.entry_date.year
    from apps.invitations import selectors

    rows, total = selectors.statistics(user=people["leader"], year=year, by="nationality")
    assert total == {"label": None, "invitations": 2, "invitees": 3, "came": 0}
    assert {r["label"]: r["invitees"] for r in rows} == {"德国": 2, "法国": 1}
    rows, total = selectors.statistics(user=people["clerk"], year=year, by="unit")
    assert [(r["label"], r["invitations"]) for r in rows] == [("徐州市教育局", 1)] and total["invitees"] == 2
    login(people["staff"])
    for by in ("visa_type", "month", "purpose", "nonsense"):
        r = client.get("/invitations/statistics/", {"year": year, "by": by})
        assert r.status_code == 200
    assert (
        "F 字签证"
        in client.get("/invitations/statistics/", {"year": year, "by": "visa_type"}).content.decode()
    )
    assert client.get("/invitations/statistics/", {"year": "x" * 50}).status_code == 200
