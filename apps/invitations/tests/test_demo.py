import pytest

pytestmark = pytest.mark.django_db


def test_demo_loads_every_state_and_twice_changes_nothing(office, units):
    from apps.accounts import demo as accounts_demo
    from apps.casework.demo import load_routing
    from apps.invitations import demo
    from apps.invitations.models import Invitation, Registration

    accounts_demo.load(office=office, units=units)
    load_routing({d.code: d for d in office.divisions.all()})
    result = demo.load()
    assert result["created"] == len(demo.SPECS)
    states = {(i.state, i.stage) for i in Invitation.objects.all()}
    assert {
        ("draft", "application"),
        ("returned", "application"),
        ("approved", "issued"),
        ("approved", "cancelled"),
        ("closed", "closed_out"),
    } <= states
    assert any(i.close_out_overdue for i in Invitation.objects.all())
    assert Registration.objects.filter(status="approved").count() == 1
    assert demo.load()["created"] == 0
