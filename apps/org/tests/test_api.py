def test_units_api_filters(staff, login, client, units):
    login(staff)
    data = client.get("/api/org/units", {"q": "医院"}).json()
    assert {u["name"] for u in data} == {"徐州市中心医院", "徐州市第一人民医院"}
    health = units["徐州市卫生健康委员会"]
    children = client.get("/api/org/units", {"parent": health.pk}).json()
    assert {u["parent_id"] for u in children} == {health.pk} and len(children) == 2
    unis = client.get("/api/org/units", {"kind": "university"}).json()
    assert unis and {u["kind"] for u in unis} == {"university"}


def test_units_api_available_to_applicants_too(clerk, login, client, units):
    login(clerk)
    response = client.get("/api/org/units", {"q": "jiaoyu"})
    assert response.status_code == 200
    assert [u["name"] for u in response.json()] == ["徐州市教育局"]


def test_divisions_api(staff, login, client):
    login(staff)
    data = client.get("/api/org/divisions").json()
    assert [d["code"] for d in data][:2] == ["secretariat", "outbound"]
    assert len(data) == 5


def test_org_api_requires_authentication(client, units):
    assert client.get("/api/org/units").status_code == 401
    assert client.get("/api/org/divisions").status_code == 401
