"""The menu per role: every item shown works, nothing else is shown, and missing pages are dropped."""

import pytest
from django.urls import reverse

from apps.accounts import roles as R
from apps.web import navigation
from apps.web.navigation import NavGroup, NavItem

from .conftest import ROLE_PLACES

WORK = {"inbox", "cases", "notifications"}
TRIPS = {"trip_list", "trip_reports", "exports"}  # travellers see their trips, not the reports
ORG = {"office", "divisions", "units"}
REGISTRY = {"people", "passports"}  # the person registry and passport custody
ME = {"profile", "logout"}
INVITATIONS = {"invitation_list", "invitation_registrations"}  # invitations (邀请外国人来华)
# --- visits ---
VISITS = {"visit_list", "gift_list"}  # every business user (their scope)
VISITS_OFFICE = VISITS | {"leader_calendar"}  # the secretariat's calendar: office staff
# --- end visits ---
# partners (apps.partners): office staff read the register; units see the public list
PARTNERS = {"partners", "partner_cases", "country_view", "exchange_plans", "world_map"}
# --- i13: 涉外管理处 ---
FA = {"conferences", "interviews", "incidents", "honours"}  # every role that reads cases
FA_OFFICE = FA | {"journalists"}  # office staff: the division's registers
# --- end i13 ---

# What each built-in (demo) role is expected to see once every app has landed. A page that is missing
# or whose URL name changed makes this fail: the menu drops it, so the user would silently lose it.
EXPECTED = {
    R.OFFICE_LEADER: WORK | TRIPS | REGISTRY | ORG | INVITATIONS | VISITS_OFFICE | PARTNERS | FA_OFFICE | ME,
    R.DIVISION_HEAD: WORK | TRIPS | REGISTRY | ORG | INVITATIONS | VISITS_OFFICE | PARTNERS | FA_OFFICE | ME,
    R.DIVISION_STAFF: WORK | TRIPS | REGISTRY | ORG | INVITATIONS | VISITS_OFFICE | PARTNERS | FA_OFFICE | ME,
    R.UNIT_CLERK: WORK
    | TRIPS
    | REGISTRY
    | {"trip_new", "partner_directory", "partner_cases"}
    | INVITATIONS
    | {"invitation_new"}
    | VISITS
    | FA
    | ME,
    R.UNIT_SIGNATORY: WORK | TRIPS | INVITATIONS | VISITS | {"partner_directory"} | FA | ME,
    R.TRAVELLER: WORK | {"trip_list", "exports", "partner_directory"} | VISITS | FA | ME,
    R.AUDITOR: WORK
    | TRIPS
    | REGISTRY
    | ORG
    | INVITATIONS
    | VISITS
    | PARTNERS
    | {"audit", "logins"}
    | FA_OFFICE
    | ME,
    R.SYSADMIN: ORG
    | {"calendar", "dicts", "countries", "rule_packs", "standards", "approval_tiers", "casetypes", "routing"}
    | ME,
    R.SECADMIN: {"users", "roles", "sessions", "tokens"} | ME,
    R.SECAUDITOR: {"audit", "logins"} | ME,
}


def test_every_builtin_role_has_an_expectation():
    assert set(EXPECTED) == {r["code"] for r in R.BUILTIN_ROLES} == set(ROLE_PLACES)


def test_nav_keys_are_unique_and_expected_keys_exist():
    keys = [i.key for i in navigation.all_items()]
    assert len(keys) == len(set(keys))
    assert set().union(*EXPECTED.values()) == set(keys)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_menu_per_role_is_exactly_the_expected_set(role, role_user):
    user = role_user(role)
    unresolved = sorted(
        i.url_name for i in navigation.all_items() if i.key in EXPECTED[role] and i.url() is None
    )
    assert not unresolved, f"pages missing for {role}: {unresolved}"
    assert navigation.visible_keys(user) == EXPECTED[role]


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_every_item_shown_answers_200_and_is_in_the_page(role, role_user, login, client):
    user = role_user(role)
    login(user)
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    shown = [i for g in navigation.menu_for(user) for i in g.items] + navigation.user_menu_for(user)
    assert shown, f"{role} sees no menu at all"
    for item in shown:
        assert f'data-nav="{item.key}"' in html
        assert f'href="{item.url}"' in html or f'action="{item.url}"' in html
        if item.method == "get":
            response = client.get(item.url)
            assert response.status_code == 200, f"{role}: {item.url_name} → {response.status_code}"
    # Nothing that the user may not see is in the page.
    hidden = {i.key for i in navigation.all_items()} - {i.key for i in shown}
    for key in hidden:
        assert f'data-nav="{key}"' not in html


def test_items_whose_url_does_not_resolve_are_dropped(monkeypatch, role_user):
    user = role_user(R.SYSADMIN)
    groups = (
        NavGroup(
            "x",
            "X",
            "x",
            (
                NavItem("real", "Real", "org:office", "x"),
                NavItem("ghost", "Ghost", "nowhere:page", "x"),
            ),
        ),
        NavGroup("y", "Y", "y", (NavItem("ghost2", "Ghost", "nowhere:other", "x"),)),
    )
    monkeypatch.setattr(navigation, "GROUPS", groups)
    menu = navigation.menu_for(user)
    assert [g.key for g in menu] == ["x"]
    assert [i.key for i in menu[0].items] == ["real"]
    assert menu[0].items[0].url == reverse("org:office")


def test_permission_and_predicate_guards(role_user):
    staff = role_user(R.DIVISION_STAFF)
    clerk = role_user(R.UNIT_CLERK)
    perm_item = NavItem("p", "P", "org:office", "x", perms=("org.manage",))
    any_item = NavItem("a", "A", "org:office", "x", perms=("org.manage", "casework.review"), any_of=True)
    pred_item = NavItem("d", "D", "org:office", "x", predicate=lambda u: u.is_office_staff)
    assert not perm_item.allowed(staff)
    assert any_item.allowed(staff) and not any_item.allowed(clerk)
    assert pred_item.allowed(staff) and not pred_item.allowed(clerk)


def test_inbox_badge_shows_counts(monkeypatch, role_user, login, client):
    import apps.casework.selectors as cs

    monkeypatch.setattr(cs, "inbox_counts", lambda *, user: {"total": 7, "overdue": 2}, raising=False)
    login(role_user(R.DIVISION_STAFF))
    html = client.get("/").content.decode()
    assert 'data-testid="inbox-total">7<' in html
    assert 'data-testid="inbox-overdue">2<' in html
    assert "text-bg-danger" in html  # the overdue badge in the menu


def test_admins_get_no_inbox_badge_or_inbox(role_user, login, client):
    login(role_user(R.SECADMIN))
    html = client.get("/").content.decode()
    assert 'data-testid="inbox"' not in html
    assert 'data-card="users"' in html


def test_user_menu_shows_name_and_role_names(role_user, login, client):
    user = role_user(R.DIVISION_HEAD, full_name="王处长")
    login(user)
    html = client.get("/").content.decode()
    assert "王处长" in html
    assert "处长" in html
    assert f'action="{reverse("accounts:logout")}"' in html


# The menu as base.html rendered it before it was cached (apps.web.navigation.main_menu_html).
DIRECT_MENU = """{% load i18n waiban_ui %}{% for group in nav_groups %}
  {% if group.items|length == 1 %}{% with item=group.items.0 %}
  <li class="nav-item">
    <a class="nav-link {% active_if item.url %}" href="{{ item.url }}" data-nav="{{ item.key }}">
      <i class="bi bi-{{ item.icon }}" aria-hidden="true"></i> {{ item.label }}
      {% if item.key == "inbox" and inbox_badge and inbox_badge.total %}<span class="badge rounded-pill {% if inbox_badge.overdue %}text-bg-warning{% else %}text-bg-light{% endif %}" title="{% translate '待办总数' %}">{{ inbox_badge.total }}</span>{% endif %}
    </a>
  </li>{% endwith %}
  {% else %}
  <li class="nav-item dropdown">
    <a class="nav-link dropdown-toggle" href="#" role="button" data-bs-toggle="dropdown" aria-expanded="false">
      <i class="bi bi-{{ group.icon }}" aria-hidden="true"></i> {{ group.label }}
      {% if group.key == "work" and inbox_badge and inbox_badge.total %}<span class="badge rounded-pill {% if inbox_badge.overdue %}text-bg-warning{% else %}text-bg-light{% endif %}">{{ inbox_badge.total }}</span>{% endif %}
    </a>
    <ul class="dropdown-menu">
      {% for item in group.items %}
      <li><a class="dropdown-item {% active_if item.url %}" href="{{ item.url }}" data-nav="{{ item.key }}">
        <i class="bi bi-{{ item.icon }}" aria-hidden="true"></i> {{ item.label }}
        {% if item.key == "inbox" and inbox_badge and inbox_badge.total %}<span class="badge rounded-pill text-bg-secondary">{{ inbox_badge.total }}</span>{% if inbox_badge.overdue %} <span class="badge rounded-pill text-bg-danger" title="{% translate '已超期' %}">{{ inbox_badge.overdue }}</span>{% endif %}{% endif %}
      </a></li>
      {% endfor %}
    </ul>
  </li>
  {% endif %}
{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("role", [R.DIVISION_STAFF, R.UNIT_CLERK, R.TRAVELLER, R.SYSADMIN, R.SECADMIN])
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_cached_menu_is_the_directly_rendered_menu(role, lang, role_user, rf):
    from django.template import engines
    from django.utils import translation

    user = role_user(role)
    template = engines["django"].from_string(DIRECT_MENU)
    with translation.override(lang):
        for path in ("/", "/cases/inbox/", "/cases/", "/trips/", "/org/units/"):
            for badge in (None, {"total": 0, "overdue": 0}, {"total": 5}, {"total": 9, "overdue": 3}):
                context = {"nav_groups": navigation.menu_for(user), "inbox_badge": badge}
                direct = template.render(context, rf.get(path))
                cached = navigation.main_menu_html(user, path, badge)
                assert " ".join(cached.split()) == " ".join(direct.split()), (role, lang, path, badge)
    assert len(navigation.MENU_HTML._values) == 1  # rendered once for every page and badge


def test_menu_follows_the_roles(role_user, rf):
    clerk, staff = role_user(R.UNIT_CLERK), role_user(R.DIVISION_STAFF)
    assert 'data-nav="trip_new"' in navigation.main_menu_html(clerk, "/")
    assert 'data-nav="trip_new"' not in navigation.main_menu_html(staff, "/")
    assert 'data-nav="journalists"' in navigation.main_menu_html(staff, "/")
    assert 'data-nav="journalists"' not in navigation.main_menu_html(clerk, "/")
