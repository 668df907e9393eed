"""Gift photos: uploaded on the page (with the gift or afterwards) and through the API with one content
check (JPEG/PNG/WebP by their first bytes, a size limit), served only to who may see the gift, with the
type recognised from the stored bytes, never cached, and every view audited."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.audit.models import AuditEvent
from apps.visits.actions import VisitAction
from apps.visits.models import Gift

from .test_gifts_calendar import gift

pytestmark = pytest.mark.django_db
NOT_AN_IMAGE = "上传的文件不是图片"


def image_bytes(fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(out, fmt)
    return out.getvalue()


def upload(name="photo.png", content=None, content_type="image/png"):
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type)


def gift_form(unit, **kw):
    return {
        "direction": "received",
        "unit": unit.pk,
        "description": "景泰蓝花瓶",
        "counterpart": "圣艾蒂安市政府",
        "person": "李主任",
        "on_date": "2026-09-01",
        "value": "800",
        **kw,
    }


def test_photo_uploaded_with_the_gift_shown_on_its_page_and_served_to_its_unit_only(
    login, people, unit, make_user, divisions
):
    c = login(people["clerk"])
    r = c.post(reverse("visits:gift_new"), gift_form(unit, photo=upload("../../evil.png")))
    assert r.status_code == 302, r.content.decode()[:2000]
    g = Gift.objects.get(description="景泰蓝花瓶")
    assert g.photo.name.startswith("visits/gifts/") and g.photo.name.endswith(".png")
    assert "evil" not in g.photo.name  # the stored name is ours, not the uploader's
    photo_url = reverse("visits:gift_photo", args=[g.pk])
    body = c.get(reverse("visits:gift_detail", args=[g.pk])).content.decode()
    assert f'src="{photo_url}"' in body and 'alt="礼品照片：景泰蓝花瓶"' in body
    assert "无照片" not in body

    r = c.get(photo_url)
    assert r.status_code == 200 and r.content == image_bytes()
    assert r["Content-Type"] == "image/png"
    assert r["Cache-Control"] == "private, no-store"
    assert r["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.filter(action=VisitAction.GIFT_PHOTO_VIEW).get()
    assert event.actor == people["clerk"] and event.target_id == str(g.pk)

    # another unit's clerk: the gift is outside their scope, the photo too (404, nothing recorded)
    other = login(people["other_clerk"], c=c.__class__())
    assert other.get(photo_url).status_code == 404
    assert other.get(f"/api/visits/gifts/{g.pk}/photo").status_code == 404
    assert AuditEvent.objects.filter(action=VisitAction.GIFT_PHOTO_VIEW).count() == 1
    # the office leader (scope "all") sees it, through the API as well
    leader = login(people["leader"], c=c.__class__())
    r = leader.get(f"/api/visits/gifts/{g.pk}/photo")
    assert r.status_code == 200 and r["Content-Type"] == "image/png"
    assert leader.get(f"/api/visits/gifts/{g.pk}").json()["has_photo"] is True
    assert AuditEvent.objects.filter(action=VisitAction.GIFT_PHOTO_VIEW).count() == 2
    # signed out: the login page, never the image
    anon = c.__class__()
    assert anon.get(photo_url).status_code == 302


def test_no_photo_says_so_and_the_photo_url_is_not_found(login, people, unit):
    g = gift(people["clerk"], unit)
    c = login(people["clerk"])
    body = c.get(reverse("visits:gift_detail", args=[g.pk])).content.decode()
    assert "无照片" in body and "<img" not in body.split('data-testid="gift-photo"')[1].split("</div>")[0]
    assert c.get(reverse("visits:gift_photo", args=[g.pk])).status_code == 404
    assert c.get(f"/api/visits/gifts/{g.pk}/photo").status_code == 404
    assert not AuditEvent.objects.filter(action=VisitAction.GIFT_PHOTO_VIEW).exists()


def test_a_file_that_is_not_an_image_is_refused_on_the_page_keeping_the_rest(login, people, unit):
    c = login(people["clerk"])
    fake = upload("photo.png", b"<html><script>alert(1)</script></html>", "image/png")
    r = c.post(reverse("visits:gift_new"), gift_form(unit, description="茶具", photo=fake))
    body = r.content.decode()
    assert r.status_code == 200 and NOT_AN_IMAGE in body
    assert 'value="茶具"' in body and 'value="圣艾蒂安市政府"' in body  # what was typed stays
    assert not Gift.objects.filter(description="茶具").exists()

    # afterwards, on the gift's page: refused with the message (400); a real image is taken
    g = gift(people["clerk"], unit)
    url = reverse("visits:gift_action", args=[g.pk, "upload_photo"])
    r = c.post(url, {"photo": upload("x.jpg", b"GIF89a not a jpeg", "image/jpeg")})
    assert r.status_code == 400 and NOT_AN_IMAGE in r.content.decode()
    g.refresh_from_db()
    assert not g.photo
    r = c.post(url, {"photo": upload("vase.jpg", image_bytes("JPEG"), "image/jpeg")})
    assert r.status_code == 302
    g.refresh_from_db()
    assert g.photo.name.endswith(".jpg")
    assert AuditEvent.objects.filter(action=VisitAction.GIFT_PHOTO, target_id=str(g.pk)).exists()
    r = c.get(reverse("visits:gift_photo", args=[g.pk]))
    assert r["Content-Type"] == "image/jpeg"


def test_photo_through_the_api_same_check_same_people(login, people, unit, make_user, settings):
    g = gift(people["clerk"], unit)
    url = f"/api/visits/gifts/{g.pk}/photo"
    c = login(people["clerk"])
    r = c.post(url, {"file": upload("notes.png", b"just some text, not a picture", "image/png")})
    assert r.status_code == 400 and NOT_AN_IMAGE in r.json()["detail"]
    r = c.post(url, {"file": upload("vase.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 fake", "image/webp")})
    assert r.status_code == 200, r.content  # WebP is recognised by its RIFF/WEBP header
    r = c.post(url, {"file": upload()})
    assert r.status_code == 200 and r.json()["has_photo"] is True
    g.refresh_from_db()
    assert g.photo.name.endswith(".png")
    events = AuditEvent.objects.filter(action=VisitAction.GIFT_PHOTO, target_id=str(g.pk))
    assert events.count() == 2 and events.last().actor == people["clerk"]
    assert c.get(url).content == image_bytes()

    # the size limit (a setting): refused with the limit in the message
    settings.WAIBAN = {**getattr(settings, "WAIBAN", {}), "VISITS_GIFT_PHOTO_MAX_MB": 0}
    r = c.post(url, {"file": upload()})
    assert r.status_code == 400 and "照片过大" in r.json()["detail"]
    settings.WAIBAN = {k: v for k, v in settings.WAIBAN.items() if k != "VISITS_GIFT_PHOTO_MAX_MB"}

    # who sees the gift but may not change it (the auditor): 403; outside the scope: 404
    auditor = login(make_user("auditor1", roles=["auditor"]), c=c.__class__())
    r = auditor.post(url, {"file": upload()})
    assert r.status_code == 403 and "您无权修改该礼品的照片" in r.json()["detail"]
    assert auditor.get(url).status_code == 200
    other = login(people["other_clerk"], c=c.__class__())
    assert other.post(url, {"file": upload()}).status_code == 404
    # on the page the auditor has no upload form
    body = auditor.get(reverse("visits:gift_detail", args=[g.pk])).content.decode()
    assert 'data-testid="gift-photo-form"' not in body


def test_the_type_comes_from_the_stored_bytes_never_the_name(login, people, unit):
    g = gift(people["clerk"], unit)
    c = login(people["clerk"])
    url = reverse("visits:gift_photo", args=[g.pk])
    g.photo.save("old-import.png", ContentFile(image_bytes("JPEG")), save=True)  # a JPEG named .png
    r = c.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    g.photo.save("old-import.jpg", ContentFile(b"<html><body>hello</body></html>"), save=True)
    r = c.get(url)  # stored bytes that are no image are never served (least of all as HTML)
    assert r.status_code == 404 and b"hello" not in r.content
    assert c.get(f"/api/visits/gifts/{g.pk}/photo").status_code == 404
