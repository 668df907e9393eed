"""Issue 14 item 3: an attachment (personal data: passports, invitations) is never kept by a browser or
proxy cache — ``Cache-Control: no-store`` on the download, also when the view names its own caching."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.casework.models import Attachment

from .test_pages import PDF, _submitted

pytestmark = pytest.mark.django_db


def test_attachment_download_is_never_cached(new_case, fire, people, login, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = _submitted(new_case, fire, people)
    login(people["clerk"])
    client.post(
        reverse("casework:attachment_upload", args=[case.pk]),
        {"kind": "invitation", "file": SimpleUploadedFile("护照.pdf", PDF, "application/pdf")},
    )
    att = Attachment.objects.get(case=case)
    page = client.get(reverse("casework:attachment_download", args=[case.pk, att.pk]))
    api = client.get(f"/api/cases/{case.pk}/attachments/{att.pk}")
    for answer in (page, api):
        assert answer.status_code == 200
        assert "no-store" in answer["Cache-Control"] and answer["Pragma"] == "no-cache"
