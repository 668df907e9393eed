import pytest

from apps.accounts import demo
from apps.accounts.models import User
from apps.org.models import LeadershipPost

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_idempotent_and_cover_every_role(office, units):
    rows = demo.load(office, units)
    again = demo.load(office, units)
    assert rows == again
    assert User.objects.count() == len(demo.ACCOUNTS) == 14
    codes = {code for u in User.objects.all() for code in u.role_codes}
    assert codes == {
        "office_leader",
        "division_head",
        "division_staff",
        "unit_clerk",
        "unit_signatory",
        "traveller",
        "auditor",
        "sysadmin",
        "secadmin",
        "secauditor",
    }
    assert not User.objects.filter(is_superuser=True).exists()
    zhuanban = User.objects.get(username="zhuanban")
    assert zhuanban.unit.name == "徐州市商务局" and zhuanban.check_password(demo.DEMO_PASSWORD)
    assert User.objects.get(username="keyuan_oz").division.code == "europe_africa_oceania"
    director = LeadershipPost.objects.get(office=office, title="director")
    assert director.holder.username == "zhuren"
    assert {r["username"] for r in rows} >= {"zhuren", "anquan", "shenjiyuan"}


def test_demo_password_passes_the_policy(office, units):
    from django.contrib.auth.password_validation import validate_password

    demo.load(office, units)
    for user in User.objects.all():
        # as a new password for an account like this one (the history check would rightly refuse the
        # account's own current password)
        validate_password(demo.DEMO_PASSWORD, User(username=user.username, full_name=user.full_name))
