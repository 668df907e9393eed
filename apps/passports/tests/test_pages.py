import pytest
from django.test import Client as client_class
from django.urls import reverse

from apps.passports.models import Kind, Passport, Status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_every_page_renders_with_demo_data(login, custodian, units, lang, make_user):
    from apps.passports import demo

    demo.load(units)
    c = login(custodian)
    c.cookies["waiban_language"] = lang
    permit = Passport.objects.filter(kind=Kind.HK_MACAO_PERMIT).first()
    in_custody = Passport.objects.filter(status=Status.IN_CUSTODY, kind=Kind.OFFICIAL).first()
    out = Passport.objects.filter(status=Status.OUT).first()
    urls = [
        reverse("passports:register"),
        reverse("passports:register") + "?status=overdue&kind=official&holder=王",
        reverse("passports:expiring"),
        reverse("passports:out"),
        reverse("passports:overdue"),
        reverse("passports:suspensions"),
        reverse("passports:create"),
        reverse("passports:detail", args=[permit.pk]),
        reverse("passports:endorsement_add", args=[permit.pk]),
        reverse("passports:detail", args=[in_custody.pk]),
        reverse("passports:edit", args=[in_custody.pk]),
        reverse("passports:check_out", args=[in_custody.pk]),
        reverse("passports:renew", args=[in_custody.pk]),
        reverse("passports:cancel", args=[in_custody.pk]),
        reverse("passports:loss", args=[in_custody.pk]),
        reverse("passports:check_in", args=[out.pk]),
        reverse("passports:detail", args=[out.pk]),
        reverse("people:list"),
        reverse("people:list") + "?q=wang",
        reverse("people:detail", args=[in_custody.holder_id]),
    ]
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200, url
    if lang == "en":
        assert "Custody register" in c.get(reverse("passports:register")).content.decode()
    else:
        assert "证照登记簿" in c.get(reverse("passports:register")).content.decode()
    # The unit's clerk registers and edits people (office staff only read the registry).
    assert c.get(reverse("people:create")).status_code == 403
    clerk = make_user("clerk_demo", roles=["unit_clerk"], unit=in_custody.holder.unit)
    c = login(clerk, client_class())
    c.cookies["waiban_language"] = lang
    for url in (reverse("people:create"), reverse("people:edit", args=[in_custody.holder_id])):
        assert c.get(url).status_code == 200, url
    assert "ZHANG WEI" in c.get(reverse("people:pinyin") + "?full_name=张伟").content.decode()
    for which in ("register", "expiring", "out", "overdue"):
        r = c.get(reverse("passports:export", args=[which]))
        assert r.status_code == 302 and "/download/" in r["Location"]
        assert c.get(r["Location"]).status_code == 200
