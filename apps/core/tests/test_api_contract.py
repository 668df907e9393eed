"""What the API promises in its OpenAPI schema and keeps for every operation: distinct component names,
every refusal documented, NUL characters and absurd dates refused before they reach the database."""

import datetime as dt

import pydantic
import pytest

from apps.core.errors import ServiceError


@pytest.fixture(scope="module")
def openapi():
    from waiban.api import api

    return api.get_openapi_schema()


def _models(cls=pydantic.BaseModel):
    for sub in cls.__subclasses__():
        yield sub
        yield from _models(sub)


def test_component_names_are_distinct_across_apps(openapi):
    """ninja keeps one schema per name: two apps' ``EventOut`` would silently document one app's answer
    with the other's fields."""
    names = set(openapi["components"]["schemas"])
    by_name: dict[str, set[str]] = {}
    for model in _models():
        if model.__module__.startswith("apps.") and model.__name__ in names:
            by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert not clashes, clashes


def test_every_operation_documents_its_refusals(openapi):
    missing = []
    for path, item in openapi["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            needed = set()
            if op.get("security"):
                needed |= {"401", "403", "404"}
            if op.get("parameters") or op.get("requestBody"):
                needed |= {"400", "422"}
            if not needed <= {str(c) for c in codes}:
                missing.append(f"{method.upper()} {path}: {sorted(needed - {str(c) for c in codes})}")
    assert not missing, "\n".join(missing)


@pytest.fixture
def clerk_client(make_user, login, units):
    return login(make_user("clerk", roles=["unit_clerk"], unit=units["徐州市教育局"]))


def test_a_json_body_with_nul_is_refused_with_a_message(clerk_client):
    client = clerk_client
    for body in ('{"title": "a\\u0000b"}', '{"a\\u0000": 1}', '{"x": [{"y": ["\\u0000"]}]}'):
        r = client.post("/api/people/", body, content_type="application/json")
        assert r.status_code == 400, body
        assert r.json() == {"detail": "请求中含有不允许的字符（NUL）。", "code": "invalid"}


def test_malformed_json_gets_a_translated_message(clerk_client):
    client = clerk_client
    r = client.post("/api/people/", "{not json", content_type="application/json")
    assert r.status_code == 400
    assert r.json()["detail"] == "请求内容不是有效的 JSON。"


def test_no_model_stores_a_date_outside_the_years_casework_holds(units):
    from apps.people.models import Person

    unit = units["徐州市教育局"]

    person = Person(full_name="测试", sex="M", date_of_birth=dt.date(202, 3, 1), unit=unit)
    with pytest.raises(ServiceError) as err:
        person.save()
    assert err.value.code == "date_range" and "1900" in err.value.message
    person.date_of_birth = dt.date(1950, 3, 1)
    person.save()
    assert Person.objects.filter(pk=person.pk).exists()
