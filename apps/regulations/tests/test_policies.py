import pytest
from django.core.exceptions import PermissionDenied

from apps.core.errors import ServiceError
from apps.regulations.engine import Finding
from apps.regulations.permissions import check_override, may_override

pytestmark = pytest.mark.django_db


def finding(severity, passed=False):
    return Finding(rule_id="x", severity=severity, passed=passed, message_zh="", message_en="")


def test_reviewer_overrides_warnings_only_leader_overrides_blocking(make_user):
    staff = make_user(roles=["division_staff"])
    leader = make_user(roles=["office_leader"])
    clerk = make_user(roles=["unit_clerk"])
    assert may_override(staff, finding("warning"))
    assert not may_override(staff, finding("blocking"))
    assert may_override(leader, finding("warning")) and may_override(leader, finding("blocking"))
    assert not may_override(clerk, finding("warning"))
    assert not may_override(leader, finding("blocking", passed=True))
    assert not may_override(leader, finding("not_configured"))


def test_override_needs_a_written_justification(make_user):
    leader = make_user(roles=["office_leader"])
    with pytest.raises(ServiceError) as err:
        check_override(leader, finding("blocking"), "  好  ")
    assert err.value.code == "justification_required"
    assert (
        check_override(leader, finding("blocking"), " 市领导批示同意延长一天以参加签约仪式 ")
        == "市领导批示同意延长一天以参加签约仪式"
    )
    with pytest.raises(PermissionDenied):
        check_override(make_user(roles=["division_staff"]), finding("blocking"), "理由足够长的一段文字说明")
