"""Pages and API: what users see, scope (404), four-eyes refusals, conflicts, inbox and attachments."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.casework import services
from apps.casework.models import Attachment, Case, CaseState, Notification, RoutingRule
from apps.casework.selectors import inbox, inbox_counts
from apps.casework.tests.casetype.models import SimpleCase
from apps.core.errors import ServiceError

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _submitted(new_case, fire, people, country="FR", **kw):
    return fire(new_case(country, **kw), "submit", people["clerk"])


# --- detail page and scope ------------------------------------------------------------------------
def test_detail_page_shows_case_deadline_and_actions(new_case, fire, people, login, client):
    case = _submitted(new_case, fire, people)
    login(people["staff"])
    r = client.get(reverse("casework:detail", args=[case.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert case.reference in body and "已提交" in body and "欧洲非洲大洋洲处" in body
    assert "剩余 10 个工作日" in body or "剩余" in body
    assert 'data-action="claim"' in body
    assert f'name="version" value="{case.version}"' in body


def test_clerk_of_another_unit_gets_404_everywhere(new_case, fire, people, login, client):
    case = _submitted(new_case, fire, people)
    att = services.attachment_add(
        case=case, by=people["clerk"], kind="other", upload=SimpleUploadedFile("邀请函.pdf", PDF)
    )
    login(people["other_clerk"])
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("casework:attachment_download", args=[case.pk, att.pk])).status_code == 404
    assert (
        client.post(reverse("casework:transition", args=[case.pk, "withdraw"]), {"comment": "x"}).status_code
        == 404
    )
    assert client.get(f"/api/cases/{case.pk}").status_code == 404
    assert client.get(f"/api/cases/{case.pk}/timeline").status_code == 404
    assert client.get(f"/api/cases/{case.pk}/attachments/{att.pk}").status_code == 404
    r = client.post(
        f"/api/cases/{case.pk}/transitions/withdraw", {"comment": "x"}, content_type="application/json"
    )
    assert r.status_code == 404
    listing = client.get("/api/cases/").json()
    assert listing["count"] == 0
    # a division that is not the case's does not see it either
    login(people["aa_staff"])
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 404
    # the auditor (all data) and a traveller in the case do
    login(people["auditor"])
    assert client.get(reverse("casework:detail", args=[case.pk])).status_code == 200


def test_traveller_sees_own_case_only_visible_timeline(new_case, fire, people, login, client):
    case = fire(new_case("FR", participants=[people["traveller"]]), "submit", people["clerk"])
    case = fire(case, "claim", people["staff"])
    services.comment_add(case=case, by=people["staff"], text="内部意见：材料齐全", visible_to_applicant=False)
    services.comment_add(case=case, by=people["staff"], text="请注意出访纪律", visible_to_applicant=True)
    login(people["traveller"])
    r = client.get(reverse("casework:detail", args=[case.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert "请注意出访纪律" in body and "内部意见" not in body
    assert "分送" not in body  # routing is internal
    timeline = client.get(f"/api/cases/{case.pk}/timeline").json()
    assert all(e["visible_to_applicant"] for e in timeline)
    login(people["staff"])
    assert "内部意见：材料齐全" in client.get(reverse("casework:detail", args=[case.pk])).content.decode()


def test_detail_redirects_to_type_specific_page(new_case, fire, people, login, client, case_type):
    case_type.detail_url_name = "casework:notifications"  # any page taking no args would not reverse with pk
    case_type.save()
    case = _submitted(new_case, fire, people)
    login(people["staff"])
    r = client.get(reverse("casework:detail", args=[case.pk]))
    assert r.status_code == 200  # unresolvable name → the generic page, never a 500
    case_type.detail_url_name = "casework:detail"
    case_type.save()


# --- actions on the page ----------------------------------------------------------------------------
def test_page_refuses_four_eyes(new_case, fire, people, login, client):
    case = fire(new_case("FR", participants=[people["leader"]]), "submit", people["clerk"])
    case = fire(case, "claim", people["staff"])
    case = fire(case, "forward_for_approval", people["staff"])
    login(people["leader"])
    page = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert 'data-action="approve"' not in page
    r = client.post(
        reverse("casework:transition", args=[case.pk, "approve"]),
        {"version": case.version, "comment": "同意"},
    )
    assert r.status_code == 403
    assert "回避原则" in r.content.decode()
    assert SimpleCase.objects.get(pk=case.pk).state == CaseState.PENDING_APPROVAL


def test_page_send_back_requires_comment_and_keeps_input(new_case, fire, people, login, client):
    case = fire(_submitted(new_case, fire, people), "claim", people["staff"])
    login(people["staff"])
    r = client.post(reverse("casework:transition", args=[case.pk, "send_back"]), {"version": case.version})
    assert r.status_code == 400
    assert "请填写“退回补正”的理由" in r.content.decode()
    r = client.post(
        reverse("casework:transition", args=[case.pk, "send_back"]),
        {"version": case.version, "comment": "缺少预算表"},
        follow=True,
    )
    assert r.status_code == 200
    assert "退回补正" in r.content.decode() and "缺少预算表" in r.content.decode()
    assert SimpleCase.objects.get(pk=case.pk).state == CaseState.RETURNED


def test_page_conflict_shows_message_and_current_state(new_case, fire, people, login, client):
    case = fire(
        fire(_submitted(new_case, fire, people), "claim", people["staff"]),
        "forward_for_approval",
        people["staff"],
    )
    stale_version = case.version
    fire(case, "approve", people["leader"])
    login(people["leader2"])
    r = client.post(
        reverse("casework:transition", args=[case.pk, "reject"]),
        {"version": stale_version, "comment": "不同意"},
    )
    assert r.status_code == 409
    body = r.content.decode()
    assert "该案件刚被其他人处理（当前状态：已批准），请刷新后重试。" in body
    assert 'data-testid="case-state">已批准' in body
    # through HTMX the same page comes back with 200 so that it is swapped in
    r = client.post(
        reverse("casework:transition", args=[case.pk, "reject"]),
        {"version": stale_version, "comment": "不同意"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and "请刷新后重试" in r.content.decode()


def test_page_transition_success_via_htmx_redirects(new_case, fire, people, login, client):
    case = _submitted(new_case, fire, people)
    login(people["staff"])
    r = client.post(
        reverse("casework:transition", args=[case.pk, "claim"]),
        {"version": case.version},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 204 and r["HX-Redirect"] == reverse("casework:detail", args=[case.pk])
    assert SimpleCase.objects.get(pk=case.pk).assignee == people["staff"]


def test_head_assigns_on_page(new_case, fire, people, login, client):
    case = _submitted(new_case, fire, people)
    login(people["head"])
    page = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert 'data-action="assign"' in page and people["staff2"].full_name in page
    r = client.post(
        reverse("casework:transition", args=[case.pk, "assign"]),
        {"version": case.version, "assignee": people["staff2"].pk},
    )
    assert r.status_code == 302
    assert SimpleCase.objects.get(pk=case.pk).assignee == people["staff2"]


# --- API --------------------------------------------------------------------------------------------
def test_api_transition_conflict_and_refusals(new_case, fire, people, login, client):
    case = fire(_submitted(new_case, fire, people, participants=[people["staff2"]]), "claim", people["staff"])
    login(people["staff"])
    r = client.post(
        f"/api/cases/{case.pk}/transitions/send_back",
        {"version": case.version},
        content_type="application/json",
    )
    assert r.status_code == 400 and "理由" in r.json()["detail"]
    r = client.post(
        f"/api/cases/{case.pk}/transitions/forward_for_approval",
        {"version": case.version},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["state"] == "pending_approval"
    r = client.post(
        f"/api/cases/{case.pk}/transitions/forward_for_approval",
        {"version": case.version},
        content_type="application/json",
    )
    assert r.status_code == 409 and "请刷新后重试" in r.json()["detail"]
    login(people["clerk"])
    r = client.post(f"/api/cases/{case.pk}/transitions/approve", {}, content_type="application/json")
    assert r.status_code == 403
    detail = client.get(f"/api/cases/{case.pk}").json()
    assert detail["reference"] == case.reference and detail["transitions"] == []


def test_api_list_filters_and_scope(new_case, fire, people, login, client):
    fr = _submitted(new_case, fire, people, title="赴法国")
    hk = _submitted(new_case, fire, people, country="HK", title="赴香港")
    new_case("FR", title="草稿一件")
    login(people["staff"])  # europe_africa_oceania only
    data = client.get("/api/cases/").json()
    assert [c["id"] for c in data["items"]] == [fr.pk]
    login(people["clerk"])
    data = client.get("/api/cases/", {"q": "香港"}).json()
    assert [c["id"] for c in data["items"]] == [hk.pk]
    data = client.get("/api/cases/", {"state": "draft"}).json()
    assert data["count"] == 1
    r = client.get(reverse("casework:list"), {"q": fr.reference})
    assert r.status_code == 200 and "赴法国" in r.content.decode() and "赴香港" not in r.content.decode()


def test_list_page_and_api_answer_a_bad_filter_with_its_message(new_case, fire, people, login, client):
    _submitted(new_case, fire, people, title="赴法国")
    login(people["clerk"])
    # the page: the message under the field, what was typed kept, no rows (not the whole list)
    html = client.get(reverse("casework:list"), {"unit": "999999", "q": "赴法"}).content.decode()
    assert "is-invalid" in html and 'value="赴法"' in html and "赴法国</a>" not in html
    # the API: 422 with the field and the message, as for a parameter of the wrong type
    r = client.get("/api/cases/", {"unit": 999999})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "unit"]
    assert client.get("/api/cases/", {"state": "nonsense"}).status_code == 422
    assert client.get("/api/cases/", {"q": "赴法", "overdue": "false"}).json()["count"] == 1


# --- attachments ------------------------------------------------------------------------------------
def test_attachment_upload_download_and_checksum(new_case, fire, people, login, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = _submitted(new_case, fire, people)
    login(people["clerk"])
    r = client.post(
        reverse("casework:attachment_upload", args=[case.pk]),
        {"kind": "invitation", "file": SimpleUploadedFile("邀请函.pdf", PDF, "application/pdf")},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    att = Attachment.objects.get(case=case)
    assert att.sha256 == hashlib.sha256(PDF).hexdigest() and att.size == len(PDF)
    assert att.original_name == "邀请函.pdf" and "邀请函" not in att.file.name  # stored under a random name
    assert str(tmp_path) in att.file.path
    r = client.get(reverse("casework:attachment_download", args=[case.pk, att.pk]))
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF
    assert r["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E9%82%80" in r["Content-Disposition"]
    # tampered file on disk → refused with a message, never served
    with open(att.file.path, "wb") as fh:
        fh.write(PDF + b"x")
    r = client.get(reverse("casework:attachment_download", args=[case.pk, att.pk]))
    assert r.status_code == 409 and "校验失败" in r.content.decode()
    assert client.get(f"/api/cases/{case.pk}/attachments/{att.pk}").status_code == 409


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "文件是空的"),
        ("photo.png", PDF, "文件内容与扩展名"),
        ("fake.pdf", b"MZ\x90\x00 an exe", "文件内容与扩展名"),
        ("fake.docx", b"PK\x03\x04 not really a zip", "文件内容与扩展名"),
        ("script.exe", b"MZ", "不支持的文件类型"),
        ("../../etc/passwd", b"root:x:0:0", "文件名不合法"),
        ("a" * 200 + ".pdf", PDF, "文件名过长"),
        ("bad\x00name.pdf", PDF, "控制字符"),
    ],
)
def test_attachment_validation(new_case, people, name, content, message, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = new_case()
    # ContentFile keeps the name as given (Django's upload handler would strip the path first): the
    # service must refuse a hostile name on its own
    upload = ContentFile(content, name=name)
    with pytest.raises(ServiceError, match=message):
        services.attachment_add(case=case, by=people["clerk"], upload=upload, kind="other")
    assert not Attachment.objects.exists()


def test_attachment_too_big_and_good_types(new_case, people, settings, tmp_path, login, client):
    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_MAX_BYTES = 100
    case = new_case()
    with pytest.raises(ServiceError, match="文件过大"):
        services.attachment_add(
            case=case,
            by=people["clerk"],
            kind="other",
            upload=SimpleUploadedFile("big.pdf", PDF + b"0" * 200),
        )
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    services.attachment_add(
        case=case, by=people["clerk"], kind="other", upload=SimpleUploadedFile("a.png", PNG)
    )
    services.attachment_add(
        case=case, by=people["clerk"], kind="other", upload=SimpleUploadedFile("b.docx", _docx())
    )
    assert Attachment.objects.filter(case=case).count() == 2
    # on the page: the message next to the field, the page still there
    login(people["clerk"])
    r = client.post(
        reverse("casework:attachment_upload", args=[case.pk]),
        {"kind": "other", "file": SimpleUploadedFile("x.pdf", b"not a pdf")},
    )
    assert r.status_code == 400 and "文件内容与扩展名" in r.content.decode()
    # through the API
    r = client.post(
        f"/api/cases/{case.pk}/attachments", {"kind": "other", "file": SimpleUploadedFile("c.pdf", PDF)}
    )
    assert r.status_code == 201 and r.json()["sha256"] == hashlib.sha256(PDF).hexdigest()
    r = client.post(
        f"/api/cases/{case.pk}/attachments", {"kind": "other", "file": SimpleUploadedFile("c.png", PDF)}
    )
    assert r.status_code == 400 and "文件内容与扩展名" in r.json()["detail"]
    assert len(client.get(f"/api/cases/{case.pk}/attachments").json()) == 3


def test_internal_attachment_hidden_from_applicant(new_case, fire, people, login, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = fire(_submitted(new_case, fire, people), "claim", people["staff"])
    att = services.attachment_add(
        case=case,
        by=people["staff"],
        kind="other",
        visible_to_applicant=False,
        upload=SimpleUploadedFile("内部审核意见.pdf", PDF),
    )
    login(people["clerk"])
    assert client.get(reverse("casework:attachment_download", args=[case.pk, att.pk])).status_code == 404
    assert "内部审核意见" not in client.get(reverse("casework:detail", args=[case.pk])).content.decode()


# --- inbox ------------------------------------------------------------------------------------------
def test_inbox_overdue_first_and_counts(new_case, fire, people, login, client, django_assert_max_num_queries):
    a = _submitted(new_case, fire, people, title="甲")
    b = _submitted(new_case, fire, people, title="乙")
    c = _submitted(new_case, fire, people, title="丙")
    hk = _submitted(new_case, fire, people, country="HK", title="港")  # another division's queue
    today = timezone.localdate()
    Case.objects.filter(pk=a.pk).update(due_date=today + timezone.timedelta(days=20))
    Case.objects.filter(pk=b.pk).update(due_date=today - timezone.timedelta(days=3))  # overdue
    Case.objects.filter(pk=c.pk).update(due_date=today + timezone.timedelta(days=2))
    staff = people["staff"]
    assert [x.pk for x in inbox(user=staff)] == [b.pk, c.pk, a.pk]
    assert hk.pk not in {x.pk for x in inbox(user=staff)}
    from apps.accounts.models import User

    fresh = User.objects.get(pk=staff.pk)
    with django_assert_max_num_queries(2):
        assert inbox_counts(user=fresh) == {"total": 3, "overdue": 1}
    # claimed by someone else: leaves my queue; claimed by me: stays
    fire(a, "claim", people["staff2"])
    fire(c, "claim", staff)
    assert [x.pk for x in inbox(user=staff)] == [b.pk, c.pk]
    # the clerk's inbox: drafts and returned cases of the unit
    draft = new_case("FR", title="草稿")
    fire(c, "send_back", staff, comment="补充")
    assert {x.pk for x in inbox(user=people["clerk2"])} == {draft.pk, c.pk}
    # leaders: pending approval
    fire(fire(b, "claim", staff), "forward_for_approval", staff)
    assert [x.pk for x in inbox(user=people["leader"])] == [b.pk]
    assert inbox_counts(user=people["leader"]) == {"total": 1, "overdue": 1}
    login(people["leader"])
    r = client.get(reverse("casework:inbox"))
    assert r.status_code == 200 and "共 1 件待办，其中 1 件已超期。" in r.content.decode()


def test_inbox_page_lists_overdue_first(new_case, fire, people, login, client):
    a = _submitted(new_case, fire, people, title="晚到期案件")
    b = _submitted(new_case, fire, people, title="已超期案件")
    Case.objects.filter(pk=b.pk).update(due_date=timezone.localdate() - timezone.timedelta(days=5))
    login(people["staff"])
    body = client.get(reverse("casework:inbox")).content.decode()
    assert "共 2 件待办，其中 1 件已超期。" in body
    assert body.index("已超期案件") < body.index("晚到期案件")
    assert a.reference in body


# --- notifications and configuration -----------------------------------------------------------------
def test_notifications_page_marks_read(new_case, fire, people, login, client):
    case = fire(_submitted(new_case, fire, people), "claim", people["staff"])
    fire(case, "send_back", people["staff"], comment="请补充")
    n = Notification.objects.get(recipient=people["clerk"], verb="send_back")
    login(people["clerk"])
    r = client.get(reverse("casework:notifications"))
    assert r.status_code == 200 and "退回补正" in r.content.decode() and "未读" in r.content.decode()
    client.post(reverse("casework:notifications"), {"id": n.pk})
    n.refresh_from_db()
    assert n.read_at is not None


def test_configuration_pages_for_sysadmin_only(people, login, client, case_type, routing, divisions):
    from apps.audit.models import AuditEvent

    login(people["staff"])
    assert client.get(reverse("casework:casetype_list")).status_code == 403
    login(people["sysadmin"])
    r = client.get(reverse("casework:casetype_list"))
    assert r.status_code == 200 and "徐外测" in r.content.decode()
    r = client.post(
        reverse("casework:casetype_edit", args=[case_type.pk]),
        {
            "name": "测试事项",
            "reference_prefix": "徐外试",
            "sla_working_days": 7,
            "default_division": "",
            "detail_url_name": "",
            "is_active": "on",
            "sla_basis": "测试依据",
            "name_en": "",
        },
    )
    assert r.status_code == 302
    case_type.refresh_from_db()
    assert case_type.reference_prefix == "徐外试" and case_type.sla_working_days == 7
    ev = AuditEvent.objects.get(action="casework.casetype_update")
    assert ev.changes["reference_prefix"] == ["徐外测", "徐外试"]
    r = client.get(reverse("casework:routing_list"))
    assert r.status_code == 200 and "欧洲非洲大洋洲处" in r.content.decode()
    r = client.post(
        reverse("casework:routing_create"),
        {
            "order": 5,
            "case_type": case_type.pk,
            "continent": "",
            "country_kind": "",
            "division": divisions["outbound"].pk,
            "reason": "测试事项归口出国来华管理处",
            "is_active": "on",
        },
    )
    assert r.status_code == 302
    assert RoutingRule.objects.filter(order=5, division=divisions["outbound"]).exists()
    assert AuditEvent.objects.filter(action="casework.routing_rule_create").exists()
    # bad input keeps what was typed
    r = client.post(reverse("casework:routing_create"), {"order": "x", "reason": "我的理由"})
    assert r.status_code == 200 and "我的理由" in r.content.decode()


def test_pages_in_english(new_case, fire, people, login, client):
    case = fire(_submitted(new_case, fire, people), "claim", people["staff"])
    login(people["staff"])
    client.cookies["waiban_language"] = "en"
    body = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert "In review" in body and "Forward for approval" in body and "Returned for correction" in body
    r = client.post(reverse("casework:transition", args=[case.pk, "send_back"]), {"version": case.version})
    assert "Please give a reason for “Returned for correction”." in r.content.decode()


def test_hostile_filename_on_page_stored_harmlessly(new_case, people, login, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = new_case()
    login(people["clerk"])
    upload = SimpleUploadedFile("x.pdf", PDF, "application/pdf")
    upload._name = "../../etc/passwd.pdf"  # what a hostile browser sends as the part's filename
    r = client.post(reverse("casework:attachment_upload", args=[case.pk]), {"kind": "other", "file": upload})
    assert r.status_code == 302
    att = Attachment.objects.get(case=case)
    assert att.original_name == "passwd.pdf"
    assert att.file.path.startswith(str(tmp_path)) and "etc" not in att.file.name


def _home_total(client) -> str:
    import re

    body = client.get("/").content.decode()
    return re.search(r'data-testid="inbox-total">(\d+)<', body).group(1)


def test_badge_is_cached_and_follows_every_case_written(
    new_case, fire, people, login, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _submitted(new_case, fire, people, title="甲")
    login(people["staff"])
    with CaptureQueriesContext(connection) as first:
        assert _home_total(client) == "1"
    with CaptureQueriesContext(connection) as second:
        assert _home_total(client) == "1"
    aggregates = [q for q in first.captured_queries if 'AS "overdue"' in q["sql"]]
    assert aggregates and not [q for q in second.captured_queries if 'AS "overdue"' in q["sql"]]
    # a case submitted (saved) anywhere in this process: the next page counts again
    _submitted(new_case, fire, people, title="乙")
    assert _home_total(client) == "2"
    # the inbox page itself always counts now, even after a write that bypassed save()
    case = _submitted(new_case, fire, people, title="丙")
    assert _home_total(client) == "3"
    Case.objects.filter(pk=case.pk).update(state="withdrawn")
    body = client.get(reverse("casework:inbox")).content.decode()
    assert "共 2 件待办" in body


@pytest.mark.parametrize("inline_up_to", [2000, 0])
def test_my_cases_outside_my_unit_stay_in_my_list(
    new_case, people, unit, other_unit, monkeypatch, inline_up_to
):
    """The scope "my unit, or created by / assigned to me" is read as "my unit, or these few ids"; with
    more ids than inlined it falls back to the plain OR. Either way the same cases are seen."""
    from apps.accounts import selectors
    from apps.accounts.models import User
    from apps.casework.selectors import case_list

    monkeypatch.setattr(selectors, "SUBQUERY_ABOVE", inline_up_to)
    mine = new_case("FR", title="调动前填的")
    theirs = new_case("FR", title="商务局自己的", by=people["other_clerk"], applicant_unit=other_unit)
    # the clerk moves to the other unit: what they created at the old one stays theirs to see
    User.objects.filter(pk=people["clerk"].pk).update(unit=other_unit)
    moved = User.objects.get(pk=people["clerk"].pk)
    assert {c.pk for c in case_list(user=moved)} == {mine.pk, theirs.pk}
    assert {c.pk for c in case_list(user=people["clerk2"])} == {mine.pk}
    assert {c.pk for c in case_list(user=people["other_clerk"])} == {theirs.pk}


def test_a_clerks_list_filters_on_the_unit_column_alone(new_case, people):
    """With nothing of mine outside my unit, the list's condition is the unit column only (so the
    database walks the (unit, created_at) index in order) — not an OR with creator and assignee."""
    from apps.casework.selectors import case_list

    new_case("FR")
    where = str(case_list(user=people["clerk2"]).query).split(" WHERE ", 1)[1]
    assert "applicant_unit_id" in where and "created_by_id" not in where and "assignee_id" not in where
