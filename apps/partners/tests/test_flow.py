"""The register with its sources, the establishment case and the base-level twinning case through the
engine, the region rule for edits."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.casework import services as cw
from apps.casework.models import CaseState
from apps.core.errors import ServiceError
from apps.partners import selectors, services
from apps.partners.models import BaseTwinning, ExternalApproval, Partner, PartnerActivity
from apps.reference.models import Country

pytestmark = pytest.mark.django_db


def fire(case, name, by, **kw):
    return cw.transition(case=type(case).objects.get(pk=case.pk), name=name, by=by, **kw)


def test_shipped_partners_are_the_real_list_with_sources(partners, divisions):
    assert len(partners) == 14
    se = partners["圣艾蒂安"]
    assert se.established_on == dt.date(1984, 3, 27) and se.category == "friendship"
    assert "afcloire.org" in se.source
    assert se.division == divisions["europe_africa_oceania"]
    # unknown dates stay unknown; partial knowledge is a note, never a made-up date
    assert partners["波鸿"].established_on is None and partners["波鸿"].established_note.startswith("1994")
    assert partners["霍克斯湾大区"].established_on is None and partners["霍克斯湾大区"].since_label == "不详"
    assert partners["井邑"].division == divisions["americas_asia"]
    assert not Partner.objects.filter(name_en__icontains="Newport").exists()
    # idempotent
    assert len(services.shipped_partners_load()) == 14 and Partner.objects.count() == 14


def test_region_rule_for_edits(partners, people):
    erfurt = partners["埃尔福特"]
    services.partner_update(
        partner=erfurt, by=people["eu_staff"], data={"counterpart_office": "埃尔福特市政府国际处"}
    )
    erfurt.refresh_from_db()
    assert erfurt.counterpart_office == "埃尔福特市政府国际处" and erfurt.version == 1
    with pytest.raises(PermissionDenied):
        services.partner_update(partner=erfurt, by=people["am_staff"], data={"notes": "x"})
    with pytest.raises(PermissionDenied):
        services.partner_update(partner=erfurt, by=people["leader"], data={"notes": "x"})
    from apps.core.errors import ConflictError

    with pytest.raises(ConflictError):
        services.partner_update(partner=erfurt, by=people["eu_staff"], data={"notes": "y"}, version=0)
    with pytest.raises(ServiceError, match="结好日期不能晚于今天"):
        services.partner_update(
            partner=erfurt,
            by=people["eu_staff"],
            data={"established_on": timezone.localdate() + dt.timedelta(days=1)},
        )


def _establishment(people, **extra):
    data = {
        "partner_name_zh": "奥胡斯",
        "partner_name_local": "Aarhus",
        "country": Country.objects.get(iso2="DK"),
        "category": "friendship",
        "intent_signed_on": timezone.localdate() - dt.timedelta(days=400),
        "exchanges_summary": "双方教育、文化代表团互访",
        **extra,
    }
    return services.establishment_create(by=people["clerk"], unit=people["clerk"].unit, data=data)


def test_establishment_case_walks_the_external_chain(people, divisions):
    case = _establishment(people, intent_signed_on=None)
    with pytest.raises(ServiceError, match="意向书"):
        fire(case, "submit", people["clerk"])
    case = _establishment(people)
    case = fire(case, "submit", people["clerk"])
    assert case.state == CaseState.SUBMITTED and case.division == divisions["europe_africa_oceania"]
    assert case.reference.startswith("徐外友〔")
    case = fire(case, "claim", people["eu_staff"])
    case = fire(case, "forward_for_approval", people["eu_staff"])
    case = fire(case, "approve", people["leader"])
    assert case.state == CaseState.APPROVED and case.stage == "office"
    # the leader's approval issued the request to the city government as a numbered document
    from apps.documents.models import Document

    doc = Document.objects.get(case_id=case.pk, kind="partnership_request")
    assert doc.number == f"徐外〔{timezone.localdate().year}〕1号" and "奥胡斯" in doc.title
    # the external steps need a document number and a date, in order
    with pytest.raises(ServiceError, match="文号"):
        fire(case, "record_city_approval", people["eu_staff"], date=timezone.localdate())
    with pytest.raises(ServiceError, match="不能晚于今天"):
        fire(
            case,
            "record_city_approval",
            people["eu_staff"],
            number="徐政复〔2026〕1号",
            date=timezone.localdate() + dt.timedelta(days=1),
        )
    today = timezone.localdate()
    case = fire(case, "record_city_approval", people["eu_staff"], number="徐政复〔2026〕1号", date=today)
    assert case.stage == "city"
    # not yet: the case cannot be closed before CPAFFC's approval
    from apps.casework.selectors import available_transitions

    assert "close" not in available_transitions(case=case, user=people["eu_staff"])
    case = fire(case, "record_province_review", people["eu_staff"], number="苏外复〔2026〕2号", date=today)
    case = fire(case, "record_cpaffc_approval", people["eu_staff"], number="友城〔2026〕3号", date=today)
    assert case.stage == "established" and case.partner is not None
    partner = case.partner
    assert (
        partner.name_zh == "奥胡斯"
        and partner.established_on == today
        and "友城〔2026〕3号" in partner.source
    )
    assert partner.division == divisions["europe_africa_oceania"]
    assert list(ExternalApproval.objects.filter(case_id=case.pk).values_list("step", flat=True)) == [
        "city",
        "province",
        "cpaffc",
    ]
    assert PartnerActivity.objects.filter(partner=partner, kind="established").exists()
    assert AuditEvent.objects.filter(action="partners.partner_establish").exists()
    case = fire(case, "close", people["eu_staff"])
    assert case.state == CaseState.CLOSED


def test_twinning_case_needs_the_line_authority_and_counts_toward_the_target(people, partners):
    handa = partners["半田市"]
    data = {
        "partner": handa,
        "institution_kind": "school",
        "local_institution": "徐州市第一中学",
        "foreign_institution": "半田市立半田中学校",
        "line_authority": "徐州市教育局",
        "line_authority_number": "",
        "line_authority_date": None,
    }
    case = services.twinning_create(by=people["clerk"], unit=people["clerk"].unit, data=data)
    with pytest.raises(ServiceError, match="主管部门"):
        fire(case, "submit", people["clerk"])
    case.line_authority_number = "徐教外〔2026〕5号"
    case.line_authority_date = timezone.localdate()
    case.save()
    case = fire(case, "submit", people["clerk"])
    assert case.division.code == "americas_asia"
    case = fire(case, "claim", people["am_staff"])
    case = fire(case, "forward_for_approval", people["am_staff"])
    case = fire(case, "approve", people["leader"])
    case = fire(
        case,
        "record_twinning_approval",
        people["am_staff"],
        authority="江苏省人民政府外事办公室",
        number="苏外〔2026〕9号",
        date=timezone.localdate(),
    )
    assert case.stage == "approved"
    twinning = BaseTwinning.objects.get(case=case)
    assert twinning.partner == handa and twinning.approval_number == "苏外〔2026〕9号"
    progress = selectors.twinning_progress()
    assert progress["rows"][0]["goal"] == 50 and "2018" in progress["period"]


def test_twinning_only_with_a_partner_city(people, partners):
    ended = partners["金奈"]
    ended.status = "ended"
    ended.save()
    with pytest.raises(ServiceError, match="友好城市"):
        services.twinning_create(
            by=people["clerk"],
            unit=people["clerk"].unit,
            data={
                "partner": ended,
                "institution_kind": "hospital",
                "local_institution": "a",
                "foreign_institution": "b",
            },
        )


def test_plans_belong_to_their_division(people, partners):
    plan = services.plan_create(by=people["eu_staff"], year=timezone.localdate().year)
    item = services.plan_item_add(
        plan=plan,
        by=people["eu_staff"],
        data={
            "kind": "visit_out",
            "partner": partners["埃尔福特"],
            "month": 5,
            "description": "市政府代表团访问埃尔福特",
        },
    )
    assert item.country.iso2 == "DE"
    with pytest.raises(PermissionDenied):
        services.plan_item_add(
            plan=plan,
            by=people["am_staff"],
            data={"kind": "event", "country": item.country, "description": "x"},
        )
    with pytest.raises(ServiceError, match="已存在"):
        services.plan_create(by=people["eu_head"], year=timezone.localdate().year)
    with pytest.raises(ServiceError, match="港澳"):
        services.plan_create(by=people["eu_staff"], year=timezone.localdate().year, is_hk_macao=True)
    services.plan_item_update(item=item, by=people["eu_staff"], status="done")
    item.refresh_from_db()
    assert item.status == "done"


def test_anniversaries_and_dormant(partners):
    se = partners["圣艾蒂安"]  # 1984-03-27
    rows = selectors.anniversaries([se], today=dt.date(2034, 1, 1))
    assert rows and rows[0]["years"] == 50 and rows[0]["date"] == dt.date(2034, 3, 27)
    assert not selectors.anniversaries([se], today=dt.date(2033, 1, 1))
    assert se.pk in selectors.dormant_ids([se])


def test_country_notes_are_versioned(people, partners):
    de = Country.objects.get(iso2="DE")
    note = services.note_save(country=de, by=people["eu_staff"], title="德国形势", body="第一版")
    services.note_save(country=de, by=people["eu_staff"], title="德国形势", body="第二版", key=note.key)
    notes = selectors.country_notes(de)
    assert len(notes) == 1 and notes[0].version == 2 and notes[0].version_count == 2
    with pytest.raises(PermissionDenied):
        services.note_save(country=de, by=people["am_staff"], title="x", body="y")


def test_anniversary_reminders_go_to_the_owning_division_once(people, partners):
    from apps.casework.models import Notification

    today = dt.date(2034, 1, 15)  # Saint-Étienne's 50th (1984-03-27) is within the window
    sent = services.anniversary_reminders_send(today=today)
    assert sent >= 2
    assert Notification.objects.filter(recipient=people["eu_staff"], verb="partners.anniversary").exists()
    assert not Notification.objects.filter(recipient=people["am_staff"], text__contains="圣艾蒂安").exists()
    assert services.anniversary_reminders_send(today=today) == 0
