from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

COUNTED = [
    "org.Office",
    "org.Division",
    "org.LeadershipPost",
    "org.Unit",
    "accounts.User",
    "accounts.Role",
    "casework.RoutingRule",
]


def counts():
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_prints_the_accounts():
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = counts()
    assert first["org.Office"] == 1 and first["org.Division"] == 5
    assert first["org.Unit"] >= 20 and first["accounts.User"] >= 5
    printed = out.getvalue()
    assert "username" in printed and "password" in printed
    from apps.accounts.models import User

    demo_user = User.objects.exclude(is_superuser=True).order_by("pk").first()
    assert demo_user.username in printed
    call_command("load_demo", stdout=StringIO())
    assert counts() == first


@pytest.mark.django_db
def test_load_demo_fails_loudly_when_a_demo_module_is_missing(monkeypatch):
    import sys

    from django.core.management.base import CommandError

    monkeypatch.setitem(sys.modules, "apps.casework.demo", None)  # import raises ImportError
    with pytest.raises(CommandError, match=r"apps\.casework\.demo"):
        call_command("load_demo", stdout=StringIO())
