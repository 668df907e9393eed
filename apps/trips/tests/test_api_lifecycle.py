"""The whole lifecycle of a trip through the API only (bearer tokens of each user): apply, a live
finding appears and clears, sent back, corrected, resubmitted, approved, the approval PDF, the notice on
the public page, passports, return, report with photos, post-trip notice, closed."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from apps.trips.models import Trip

from .conftest import PNG

pytestmark = pytest.mark.django_db


def token_client(user) -> Client:
    from apps.accounts.models import ApiToken

    key = ApiToken.generate_key()
    ApiToken.objects.create(
        user=user, name="test", prefix=key[:8], key_hash=ApiToken.hash_key(key), created_by=user
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def pdf_text(content: bytes, tmp_path) -> str:
    from .pdftext import pdf_text as read

    return read(content)


def payload(persons, days, **extra):
    dep = timezone.localdate() + dt.timedelta(days=40)
    ret = dep + dt.timedelta(days=days - 1)
    return {
        "title": "赴日本东京开展教育交流",
        "task": "考察东京都中小学教育",
        "inviter_name": "东京都教育委员会",
        "inviter_country": "JP",
        "inviter_is_counterpart": True,
        "departure_date": dep.isoformat(),
        "return_date": ret.isoformat(),
        "funding_source": "fiscal",
        "members": [
            {"person_id": persons[0].pk, "role": "head"},
            {"person_id": persons[1].pk, "role": "member"},
        ],
        "legs": [{"country": "JP", "city": "东京", "arrival": dep.isoformat(), "departure": ret.isoformat()}],
        "schedule": [{"date": dep.isoformat(), "plan": "抵达东京"}],
        "budget": [{"category": "international_fare", "amount": "12000", "currency": "CNY"}],
        **extra,
    }


def test_whole_lifecycle_through_the_api(people, persons, tmp_path):
    clerk = token_client(people["clerk"])
    staff = token_client(people["staff"])
    leader = token_client(people["leader"])
    head = token_client(people["head"])
    signatory = token_client(people["signatory"])

    def post(c, url, data=None, status=200):
        r = c.post(url, data or {}, content_type="application/json")
        assert r.status_code == status, r.content
        return r.json()

    def put(c, url, data, status=200):
        r = c.put(url, data, content_type="application/json")
        assert r.status_code == status, r.content
        return r.json()

    def fire(c, trip, name, status=200, **data):
        return post(
            c, f"/api/trips/{trip['id']}/transitions/{name}", {"version": trip["version"], **data}, status
        )

    # the clerk applies: six days in one country is a blocking finding
    trip = post(clerk, "/api/trips/", payload(persons, 6), status=201)
    assert trip["state"] == "draft" and trip["days_abroad"] == 6
    check = post(clerk, f"/api/trips/{trip['id']}/check")
    assert check["blocking_count"] == 1
    assert [f["rule_id"] for f in check["findings"] if f["severity"] == "blocking"] == ["days_abroad"]
    # the office does not take it before the unit's notice and signature
    refused = fire(clerk, trip, "submit", status=400)
    assert "公示" in refused["detail"]
    start = (timezone.localdate() - dt.timedelta(days=20)).isoformat()
    trip = post(clerk, f"/api/trips/{trip['id']}/unit-notice", {"place": "单位内网", "start": start})
    assert trip["state"] == "draft"
    trip = post(clerk, f"/api/trips/{trip['id']}/unit-notice/result", {"outcome": "none"})
    trip = fire(signatory, trip, "sign_unit", comment="同意报批")
    refused = fire(clerk, trip, "submit", status=400)
    assert "阻断性" in refused["detail"]
    trip = put(clerk, f"/api/trips/{trip['id']}", {**payload(persons, 5), "version": trip["version"]})
    refused = fire(clerk, trip, "submit", status=400)  # the changed application is signed again
    assert "签批" in refused["detail"]
    trip = fire(signatory, trip, "sign_unit", comment="同意报批")
    check = post(clerk, f"/api/trips/{trip['id']}/check")
    assert check["blocking_count"] == 0
    assert "days_abroad" not in [f["rule_id"] for f in check["findings"]]
    # the invitation letter (via the cases API) and submit
    r = clerk.post(
        f"/api/cases/{trip['id']}/attachments",
        {"kind": "invitation", "file": _upload("invitation.pdf", b"%PDF-1.4 test", "application/pdf")},
    )
    assert r.status_code == 201, r.content
    trip = fire(clerk, trip, "submit")
    assert trip["state"] == "submitted" and trip["reference"]
    reference = trip["reference"]

    # staff send it back, the clerk corrects and resubmits
    trip = fire(staff, trip, "claim")
    trip = fire(staff, trip, "send_back", comment="请补充日程安排")
    assert trip["state"] == "returned"
    data = payload(persons, 5)
    data["schedule"].append({"date": data["return_date"], "plan": "返回徐州"})
    trip = put(clerk, f"/api/trips/{trip['id']}", {**data, "version": trip["version"]})
    trip = fire(signatory, trip, "sign_unit", comment="同意报批")
    trip = fire(clerk, trip, "resubmit")
    assert trip["state"] == "in_review"
    fire(staff, trip, "forward_for_approval", status=400)  # the division head reviews first
    trip = fire(staff, trip, "propose", comment="符合规定，拟同意")
    trip = fire(head, trip, "head_review", comment="同意，报领导审批")
    assert trip["state"] == "pending_approval"
    fire(leader, trip, "approve", status=400)  # the city leader approves this level
    trip = fire(leader, trip, "leader_review", comment="拟同意，报市分管领导审批")
    trip = post(
        staff,
        f"/api/trips/{trip['id']}/external-approval",
        {
            "approver": "李建国（副市长）",
            "number": "徐政外〔2026〕12号",
            "date": timezone.localdate().isoformat(),
        },
    )
    trip = fire(leader, trip, "approve", comment="签发")
    steps = clerk.get(f"/api/trips/{trip['id']}/approval-steps").json()
    assert [s["kind"] for s in steps] == ["unit_sign", "staff", "division_head", "office_leader", "final"]
    assert steps[-1]["name"] == "李建国（副市长）" and steps[-1]["document"] == "徐政外〔2026〕12号"
    assert trip["state"] == "approved" and trip["stage"] == "documents"

    # the approval PDF names the reference and every member
    r = clerk.get(f"/api/trips/{trip['id']}/approval.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = pdf_text(r.content, tmp_path)
    assert reference in text
    for p in persons:
        assert p.full_name in text

    # the unit's notice ran before it applied: approval opens the documents stage at once
    assert trip["stage"] == "documents" and "start_notice" not in trip["transitions"]

    # passports out, departure, return, passports back
    for m in trip["members"]:
        trip = post(staff, f"/api/trips/{trip['id']}/members/{m['id']}/passport/release")
    assert all(m["passport_released"] for m in trip["members"])
    post(clerk, f"/api/trips/{trip['id']}/members/{trip['members'][0]['id']}/passport/return", status=403)
    today = timezone.localdate()
    trip = fire(clerk, trip, "depart", actual_date=(today - dt.timedelta(days=4)).isoformat())
    trip = fire(clerk, trip, "record_return", actual_date=today.isoformat())
    assert trip["stage"] == "returned" and trip["passports_due"] == (today + dt.timedelta(days=7)).isoformat()
    fire(clerk, trip, "confirm_passports_back", status=400)
    for m in trip["members"]:
        trip = post(staff, f"/api/trips/{trip['id']}/members/{m['id']}/passport/return")
    trip = fire(staff, trip, "confirm_passports_back")
    assert trip["stage"] == "passports_back"

    # the report with three photos, filed
    for i in range(3):
        r = clerk.post(
            f"/api/cases/{trip['id']}/attachments",
            {"kind": "other", "file": _upload(f"p{i}.png", PNG, "image/png")},
        )
        assert r.status_code == 201, r.content
    trip = clerk.get(f"/api/trips/{trip['id']}").json()
    report = {
        "report_schedule": "按计划完成全部日程",
        "report_results": "签署教育合作备忘录",
        "report_actual_cost": "11800.00",
        "version": trip["version"],
        "file": True,
    }
    trip = put(clerk, f"/api/trips/{trip['id']}/report", report)
    assert trip["stage"] == "report_filed"
    trip = fire(clerk, trip, "publish_post_notice")
    assert trip["stage"] == "post_notice"
    refused = fire(staff, trip, "close", status=400)  # the notice runs its period first
    post(clerk, f"/api/trips/{trip['id']}/post-notice/result", {"outcome": "none"}, status=400)
    Trip.objects.filter(pk=trip["id"]).update(post_notice_end=timezone.localdate() - dt.timedelta(days=1))
    trip = clerk.get(f"/api/trips/{trip['id']}").json()
    fire(staff, trip, "close", status=400)  # and its result is recorded
    trip = post(clerk, f"/api/trips/{trip['id']}/post-notice/result", {"outcome": "none"})
    trip = fire(staff, trip, "close")
    assert trip["state"] == "closed" and trip["stage"] == "closed"
    saved = Trip.objects.get(pk=trip["id"])
    assert saved.report_results == "签署教育合作备忘录" and saved.closed_at is not None


def _upload(name, content, ctype):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, ctype)
