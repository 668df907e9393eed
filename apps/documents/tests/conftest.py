import pytest


@pytest.fixture
def case_type(db):
    from apps.casework.models import CaseType

    return CaseType.objects.create(code="doc-test", name="公文测试事项", reference_prefix="徐外测")


@pytest.fixture
def clerk(make_user, units):
    return make_user("doc_clerk", roles=["unit_clerk"], unit=units["徐州市教育局"])


@pytest.fixture
def other_clerk(make_user, units):
    return make_user("doc_other", roles=["unit_clerk"], unit=units["徐州市商务局"])


@pytest.fixture
def leader(make_user, office):
    return make_user("doc_leader", roles=["office_leader"])


@pytest.fixture
def make_case(case_type, clerk, units):
    from apps.casework.models import Case

    def make(title="赴日本开展教育交流"):
        return Case.objects.create(
            case_type=case_type, title=title, applicant_unit=units["徐州市教育局"], created_by=clerk
        )

    return make


CONTEXT = {
    "issuer": {
        "zh": "徐州市人民政府外事办公室",
        "en": "Foreign Affairs Office of Xuzhou Municipal People's Government",
    },
    "addressee": {"zh": "徐州市教育局", "en": "Xuzhou Municipal Bureau of Education"},
    "cc": [{"zh": "市财政局", "en": "Municipal Bureau of Finance"}],
    "issued_on": "2026-12-07",
    "title": {
        "zh": "关于同意赴日本开展教育交流的批复",
        "en": "Reply Approving the Visit to Japan for Educational Exchange",
    },
    "signer": {"zh": "王立平", "en": "Wang Liping"},
    "text": {
        "zh": "同意你单位组团赴日本开展教育交流。",
        "en": "We approve your delegation's visit to Japan for educational exchange.",
    },
}


@pytest.fixture
def issue(leader):
    from apps.documents import services

    def do(case, prefix="徐外出", **kw):
        return services.issue(
            kind=kw.pop("kind", "test.approval"),
            target=case,
            number_prefix=prefix,
            context=kw.pop("context", CONTEXT),
            by=kw.pop("by", leader),
            title=kw.pop("title", "关于同意赴日本开展教育交流的批复"),
            template=kw.pop("template", "documents/example.html"),
            **kw,
        )

    return do
