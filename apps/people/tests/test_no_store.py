"""Issue 14 item 3: answers that show personal data to a signed-in user (by session or API token) carry
``Cache-Control: no-store`` — the ID-number reveal (page and API), the person's page, the list, the API."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from apps.core.middleware import SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(person_factory, unit_a):
    return person_factory(unit=unit_a, full_name="甲单位人", id_number="320302198001011235")


def test_reveal_and_person_pages_are_never_cached(login, clerk_a, person):
    c = login(clerk_a)
    reveal = c.post(reverse("people:reveal", args=[person.pk]), HTTP_HX_REQUEST="true")
    assert reveal.status_code == 200 and "320302198001011235" in reveal.content.decode()
    api_reveal = c.post(f"/api/people/{person.pk}/reveal")
    assert api_reveal.json()["id_number"] == "320302198001011235"
    for answer in (
        reveal,
        api_reveal,
        c.get(reverse("people:detail", args=[person.pk])),
        c.get(reverse("people:list")),
        c.get("/api/people/"),
    ):
        assert answer["Cache-Control"] == "no-store" and answer["Pragma"] == "no-cache"


def test_api_token_answers_are_never_cached(clerk_a, person, client):
    from apps.accounts.services import token_create

    _token, key = token_create(by=clerk_a, name="集成测试")
    answer = client.post(f"/api/people/{person.pk}/reveal", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"


def test_a_view_cannot_take_no_store_away_from_a_signed_in_user(clerk_a):
    def view(request):
        response = HttpResponse("320302198001011235")
        response["Cache-Control"] = "private, max-age=3600"
        return response

    request = RequestFactory().get("/x")
    request.user = clerk_a
    assert "no-store" in SecurityHeadersMiddleware(view)(request)["Cache-Control"]
    request.user = type("Anon", (), {"is_authenticated": False})()
    assert SecurityHeadersMiddleware(view)(request)["Cache-Control"] == "private, max-age=3600"
