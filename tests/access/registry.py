"""How to reach every page and API endpoint, and who may.

Each URL pattern (by its ``namespace:name``) and each API operation (``"GET /api/…"`` as in the OpenAPI
schema) has an :class:`Entry`:

* ``perms`` — the global permission codes the view requires (all of them). ``()`` = any signed-in user,
  ``None`` = public (no login). ``allow`` overrides it with a predicate ``allow(role, perms) -> bool``
  for views with a custom rule (e.g. org pages: office staff or ``org.manage``).
* ``obj`` — what the URL points at: ``None`` (a list or form page: no object), a scoped kind of
  ``tests.world.VISIBLE`` (``"case"``, ``"trip"``, ``"person"``, ``"passport"``, ``"attachment"``) whose
  inside/outside objects the world provides, or ``"global"`` (configuration data outside the data
  scope: the "outside" variant is an id that does not exist).
* ``kwargs(world, which)`` → the URL kwargs for the inside or outside object.
* ``ok`` — the status a permitted user gets for the inside object: for a page its GET; for a view that
  only takes a POST (GET answers 405) the POST of an empty form; for an API operation the call with
  ``body``. A write gets exactly the status its operation documents — 302 for a post-redirect, 200 for a
  page shown again with its errors, 400 for input the service refuses, 201/200 as the API declares
  (every status an API write may get is checked against its OpenAPI responses), 409 for a conflict —
  never "anything but 403/404". When roles with the same permission meet different object rules
  (only the applicant may submit), ``ok`` is a dict ``{role: statuses, "*": the others}``.
* ``leak_exempt`` — pages that by design show every record to their readers (the audit log: it lists
  the targets of every event), so the "outside marker" check does not apply.

The rule the matrix asserts for pages (API in brackets):
anonymous → 302 to the login page [401]; signed in without the permission → 403 [403] (decided before
any object is looked up, so it reveals nothing); with the permission but the object outside the data
scope → 404 [404], and the answer never contains the object's identifying text; otherwise ``ok``.

A new page or endpoint without an entry here makes the matrix fail ("unregistered URL pattern").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

MISSING = 987654  # an id no object has


def by_role(default: set[int], **roles: set[int]) -> dict[str, set[int]]:
    """``ok`` that depends on the role: ``roles`` get their own statuses, every other permitted role
    ``default``."""
    return {"*": set(default), **{role: set(v) for role, v in roles.items()}}


@dataclass
class Entry:
    perms: tuple[str, ...] | None = ()
    obj: str | None = None
    kwargs: Callable | dict = field(default_factory=dict)
    ok: set[int] | dict[str, set[int]] = field(default_factory=lambda: {200})
    allow: Callable | None = None
    any_of: bool = False
    leak_exempt: bool = False
    body: Callable | dict | None = None  # JSON body for API POST/PUT
    query: str = ""  # query string appended to the URL
    multipart: bool = False  # API upload: POST a multipart form with a small PDF
    note: str = ""

    def allowed(self, role: str | None, perms: set[str]) -> bool:
        if self.perms is None:
            return True
        if role is None:
            return False
        if self.allow is not None:
            return self.allow(role, perms)
        check = any if self.any_of else all
        return check(c in perms for c in self.perms) if self.perms else True

    def ok_for(self, role: str | None) -> set[int]:
        if isinstance(self.ok, dict):
            return set(self.ok.get(role, self.ok["*"]))
        return set(self.ok)

    def build_kwargs(self, world, which: str, role: str | None = None) -> dict:
        if not callable(self.kwargs):
            return dict(self.kwargs)
        if getattr(self.kwargs, "per_role", False):  # the object belongs to the signed-in user
            return self.kwargs(world, which, role)
        return self.kwargs(world, which)


# --- kwargs helpers --------------------------------------------------------------------------------
def scoped(kind: str, key: str = "pk", **extra):
    """kwargs {key: pk of world.<kind>[which]} (+ fixed extras)."""

    def build(world, which):
        return {key: getattr(world, kind)[which].pk, **extra}

    return build


def first(model: str, name: str = "pk", attr: str = "pk", **extra):
    """kwargs for configuration data: the first row of ``model`` inside, a missing id outside."""

    def build(world, which):
        from django.apps import apps

        if which == "outside":
            value = MISSING if attr in ("pk", "version", "year") else "no-such-thing"
        else:
            value = getattr(apps.get_model(model).objects.order_by("pk").first(), attr)
        return {name: value, **extra}

    return build


def passport_application(world, which):
    """An application in progress of the inside or outside person (made inside the test's savepoint)."""
    import datetime as dt

    from apps.passports.models import PassportApplication

    application = PassportApplication.objects.create(
        holder=world.person[which], kind="official", applied_on=dt.date(2026, 1, 5)
    )
    return {"pk": application.pk}


def user_pk(world, which):
    return {"pk": world.users["traveller"].pk if which == "inside" else MISSING}


def attachment(world, which):
    return {"pk": world.case[which].pk, "att_pk": world.attachment[which].pk}


def calendar_day(world, which):
    from apps.reference.models import CalendarDay

    day = CalendarDay.objects.order_by("pk").first()
    if which == "outside" or day is None:
        return {"year": 2026, "pk": MISSING}
    return {"year": day.date.year, "pk": day.pk}


def dict_item(world, which):
    from apps.reference.models import DictItem

    item = DictItem.objects.select_related("type").order_by("pk").first()
    if which == "outside":
        return {"code": item.type.code, "pk": MISSING}
    return {"code": item.type.code, "pk": item.pk}


def pack_rule(world, which):
    from apps.regulations.models import RulePack

    pack = RulePack.objects.order_by("-version").first()
    if which == "outside":
        return {"version": MISSING, "rule_id": "no-such-rule"}
    return {"version": pack.version, "rule_id": pack.rules.order_by("pk").first().rule_id}


def trip_member(world, which):
    trip = world.trip[which]
    return {"pk": trip.pk, "member_pk": trip.members.order_by("pk").first().pk, "action": "release"}


def export_job(world, which, role=None):
    """Export jobs are per user: "inside" = the role user's own job, "outside" = another user's job."""
    if which == "outside" or role is None:
        return {"pk": world.export_job["outside"].pk}
    return {"pk": world.export_job[role].pk}


export_job.per_role = True


# --- invitations (邀请外国人来华) ---
def invitation_body(n=1):
    from tests.world import invitation_body as body

    return body(n)


# A page that sends the user on to another page: 302 for the matrix's client, 200 where a browser lands.
REDIRECTED = {200, 302}


def registration_body():
    return {
        "name_zh": "矩阵单位",
        "name_en": "Matrix Unit",
        "address": "徐州市",
        "contact_name": "联系人",
        "contact_phone": "0516-80000000",
        "leader_name": "负责人",
        "leader_title": "副局长",
        "clerks": "专办员",
    }


# --- end invitations ---
# --- visits: kwargs and predicates ---
def visit_child(kind: str, key: str):
    """kwargs {pk: the visit, key: its participant/event} inside or outside."""

    def build(world, which):
        return {"pk": world.visit[which].pk, key: getattr(world, kind)[which].pk}

    return build


def gift_action(world, which):
    return {"pk": world.gift[which].pk, "action": "declare"}


def gift_with_photo(world, which):
    """kwargs of the inside or outside gift, given a photo (a tiny PNG; the row is updated inside the
    test's savepoint, the file is stored once)."""
    import io

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    from apps.visits.models import Gift

    name = "visits/gifts/matrix.png"
    if not default_storage.exists(name):
        png = io.BytesIO()
        Image.new("RGB", (2, 2), "red").save(png, "PNG")
        name = default_storage.save(name, ContentFile(png.getvalue()))
    gift = world.gift[which]
    Gift.objects.filter(pk=gift.pk).update(photo=name)
    return {"pk": gift.pk}


def feed_token(world, which, role=None):
    """Feed tokens belong to their user: "inside" = the role user's own token, "outside" another's."""
    tokens = world.feed_token
    if which == "outside" or role not in tokens:
        return {"pk": tokens["outside"].pk}
    return {"pk": tokens[role].pk}


feed_token.per_role = True


def ical_token(world, which):
    return {"token": world.feed_token["office_leader"].token if which == "inside" else "no-such-thing"}


def calendar_reader(role, perms):
    """visits.view_calendar: the secretariat's code (a leader's own login has no built-in role)."""
    return "visits.calendar" in perms


def gift_recorder(role, perms):
    return "casework.view" in perms and bool({"casework.apply", "visits.gifts"} & perms)


# Declaring a gift: its registrar's unit clerk or the office's gift managers; readers without either → 403.
DECLARE_PAGE = by_role({302}, auditor={403}, unit_signatory={403})
DECLARE_API = by_role({200}, auditor={403}, unit_signatory={403})
# The gift's photo: the same people as the declaration; the matrix uploads a PDF, which is refused (400).
GIFT_PHOTO_API = by_role({400}, auditor={403}, unit_signatory={403})
# The seat swap: the hosting unit's clerk and the owning division's staff may plan (an invalid swap → 400);
# the others who see the visit → 403.
SWAP_API = by_role({403}, unit_clerk={400}, division_head={400}, division_staff={400})


def planned(status: int) -> dict[str, set[int]]:
    """A planning write on the inside visit (a draft of unit A in division A): the hosting unit's clerk
    and division A's staff do it (``status``); the others who see the visit are refused (403)."""
    return by_role({403}, unit_clerk={status}, division_head={status}, division_staff={status})


def visit_event_body(world, which):
    visit = world.visit[which]
    return {
        "kind": "tour",
        "title": "矩阵参观",
        "date": visit.arrival_date.isoformat(),
        "start": "14:00",
        "end": "15:00",
        "venue": "矩阵场地",
    }


def calendar_entry_body(world, which):
    import datetime as dt

    start = dt.datetime(2026, 12, 8, 9)
    return {
        "leader_id": world.feed_token["outside"].leader_id,
        "title": "矩阵日程",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "source": "manual",
    }


# Registering a gift: the unit's clerk for their own unit (201); the office's gift managers have no unit
# of their own, so without a unit named it is refused (400); the others may not register gifts (403).
GIFT_CREATE_API = by_role(
    {403}, unit_clerk={201}, office_leader={400}, division_head={400}, division_staff={400}
)
# Approving a gift to give: office leaders only; the inside gift was received, so it is refused (400).
GIFT_APPROVE_API = by_role({403}, office_leader={400})
# The hand-in: the office's gift managers; the inside gift is not declared yet, so it is refused (400).
GIFT_HAND_IN_API = by_role({403}, office_leader={400}, division_head={400}, division_staff={400})
# --- end visits ---


# --- permission predicates for views with their own rule --------------------------------------------
OFFICE_STAFF_ROLES = {"office_leader", "division_head", "division_staff", "auditor"}


def org_reader(role, perms):
    return "org.manage" in perms or role in OFFICE_STAFF_ROLES


def trip_reports(role, perms):
    """apps.trips.permissions.can_see_reports: casework.view and office staff, a unit's applicant or
    signatory, or an auditor."""
    return "casework.view" in perms and (
        role in OFFICE_STAFF_ROLES or bool({"casework.apply", "casework.sign_unit", "audit.view"} & perms)
    )


# Approval tiers: configuration by the system administrator (casework.configure or reference.manage).
TIERS = {"perms": ("casework.configure", "reference.manage"), "any_of": True}


MANAGE_USERS = ("accounts.manage_users",)
# "Submit" on the draft: only its applicant (the unit's clerk) may; everyone else who sees the case is
# refused with 403 — after the scope check, so it says nothing about cases outside the scope.
SUBMIT_PAGE = by_role({403}, unit_clerk={302})
SUBMIT_API = by_role({403}, unit_clerk={200})
# Revealing an ID number needs people.view_sensitive on top of reading the record (the auditor reads
# records but not the numbers).
REVEAL_OK = by_role({200}, auditor={403})
# An empty form posted to an action of the trip or case page: the page again with the refusal, 400.
REFUSED = {400}
# tripchain: who may record a notice's result / the higher approval (refused on a draft: 400), others 403
CHAIN_APPLICANT_OR_REVIEWER = by_role({403}, unit_clerk={400}, division_head={400}, division_staff={400})
CHAIN_OFFICE = by_role({403}, office_leader={400}, division_head={400}, division_staff={400})
REF = ("reference.manage",)
CW = ("casework.view",)

# --- i13: 涉外管理处 ---
CONFERENCE_BODY = {
    "title": "矩阵测试会议",
    "name_en": "Matrix Test Conference",
    "start_date": "2030-06-10",
    "end_date": "2030-06-12",
    "venue": "徐州",
    "organiser": "测试主办单位",
    "total_participants": 50,
    "foreign_participants": 20,
    "countries": ["FR", "DE", "JP"],
    "contact_name": "联系人",
    "contact_phone": "0516-0000",
}
JOURNALIST_BODY = {
    "name": "Matrix JOURNALIST",
    "nationality": "FR",
    "kind": "resident",
    "visa_kind": "J1",
    "media": "测试媒体",
    "arrival_date": "2026-03-02",
}
INCIDENT_BODY = {
    "title": "矩阵测试涉外案件",
    "direction": "inbound",
    "kind": "dispute",
    "occurred_on": "2026-03-01",
    "place": "徐州",
    "country": "FR",
    "persons": "测试",
    "summary": "测试",
}
NOMINATION_BODY = {
    "nominee_name": "Matrix NOMINEE",
    "nationality": "FR",
    "employer": "测试企业",
    "supervising_body": "测试",
    "working_since": "2015-01-01",
    "contributions": "测试",
}
HANDLE_200 = by_role({200}, traveller={403})
HANDLE_201 = by_role({201}, traveller={403})
BUREAU_BODY = {"name": "矩阵测试记者站", "name_en": "Matrix Bureau", "country": "FR", "address": "徐州"}
INTERVIEW_BODY = {
    "journalist_name": "Matrix REPORTER",
    "media": "测试媒体",
    "nationality": "FR",
    "visa_kind": "J2",
    "interviewee": "矩阵测试对象",
    "topic": "测试",
    "planned_date": "2030-06-10",
    "consent_given": True,
    "consent_on": "2030-06-01",
}
# --- end i13 ---

# ---------------------------------------------------------------------------------------------------
# Pages: namespace:name → Entry
# ---------------------------------------------------------------------------------------------------
PAGES: dict[str, Entry] = {
    "web:home": Entry(),
    # accounts
    "accounts:login": Entry(perms=None, ok={200, 302}),
    "accounts:locked_out": Entry(perms=None, ok={429}),  # the lockout page answers 429 by design
    "accounts:verify_2fa": Entry(ok={200, 302}),
    "accounts:setup_2fa": Entry(ok={200, 302}),
    "accounts:remove_2fa": Entry(ok={302}),  # POST-only; nothing to remove → back to the profile
    "accounts:profile": Entry(),
    "accounts:set_language": Entry(ok={302}),  # POST-only; back to the profile
    "accounts:change_password": Entry(),
    "accounts:user_list": Entry(perms=MANAGE_USERS),
    "accounts:user_create": Entry(perms=MANAGE_USERS),
    "accounts:user_edit": Entry(perms=MANAGE_USERS, obj="global", kwargs=user_pk),
    # POST-only actions below that answer 302: done (or refused with a message) and back to the list
    "accounts:user_set_active": Entry(perms=MANAGE_USERS, obj="global", kwargs=user_pk, ok={302}),
    "accounts:user_reset_password": Entry(perms=MANAGE_USERS, obj="global", kwargs=user_pk),
    # POST-only; the world's user is a business user: refused with a message, back to the user's page
    "accounts:enrolment_code_issue": Entry(perms=MANAGE_USERS, obj="global", kwargs=user_pk, ok={302}),
    "accounts:role_list": Entry(perms=("accounts.manage_roles",)),
    "accounts:role_create": Entry(perms=("accounts.manage_roles",)),
    "accounts:role_edit": Entry(
        perms=("accounts.manage_roles",), obj="global", kwargs=first("accounts.Role")
    ),
    "accounts:session_list": Entry(perms=("accounts.manage_sessions",)),
    "accounts:session_end": Entry(
        perms=("accounts.manage_sessions",), obj="global", kwargs=first("accounts.UserSession"), ok={302}
    ),
    # Tokens: business users hold their own; the security administrator oversees and revokes any.
    "accounts:token_list": Entry(perms=("accounts.manage_tokens", "casework.view"), any_of=True),
    "accounts:token_create": Entry(perms=("casework.view",)),
    "accounts:token_revoke": Entry(
        perms=("accounts.manage_tokens", "casework.view"),
        any_of=True,
        obj="global",
        kwargs=first("accounts.ApiToken"),
        # the world's token is the unit clerk's: someone else's token is not there for them
        ok=by_role({404}, secadmin={302}, unit_clerk={302}),
    ),
    "accounts:login_log": Entry(perms=("audit.view_logins",)),
    # org
    "org:office": Entry(allow=org_reader),
    "org:office_edit": Entry(perms=("org.manage",)),
    "org:post_create": Entry(perms=("org.manage",)),
    "org:post_edit": Entry(perms=("org.manage",), obj="global", kwargs=first("org.LeadershipPost")),
    "org:division_list": Entry(allow=org_reader),
    "org:division_create": Entry(perms=("org.manage",)),
    "org:division_edit": Entry(perms=("org.manage",), obj="global", kwargs=first("org.Division")),
    "org:unit_list": Entry(allow=org_reader),
    "org:unit_create": Entry(perms=("org.manage",)),
    "org:unit_detail": Entry(allow=org_reader, obj="global", kwargs=first("org.Unit")),
    "org:unit_edit": Entry(perms=("org.manage",), obj="global", kwargs=first("org.Unit")),
    "org:unit_set_active": Entry(perms=("org.manage",), obj="global", kwargs=first("org.Unit"), ok={302}),
    # reference
    "reference:country_list": Entry(),
    "reference:country_edit": Entry(
        perms=REF, obj="global", kwargs=first("reference.Country", "iso2", "iso2")
    ),
    "reference:calendar_index": Entry(ok={200, 302}),
    "reference:calendar_year": Entry(kwargs={"year": 2026}),
    "reference:calendar_year_edit": Entry(perms=REF, kwargs={"year": 2026}),
    "reference:calendar_day_add": Entry(perms=REF, kwargs={"year": 2026}),
    "reference:calendar_day_edit": Entry(perms=REF, obj="global", kwargs=calendar_day),
    "reference:calendar_day_remove": Entry(perms=REF, obj="global", kwargs=calendar_day, ok={302}),
    "reference:dict_type_list": Entry(perms=REF),
    "reference:dict_type_add": Entry(perms=REF),
    "reference:dict_type": Entry(perms=REF, obj="global", kwargs=first("reference.DictType", "code", "code")),
    "reference:dict_type_edit": Entry(
        perms=REF, obj="global", kwargs=first("reference.DictType", "code", "code")
    ),
    "reference:dict_item_add": Entry(
        perms=REF, obj="global", kwargs=first("reference.DictType", "code", "code")
    ),
    "reference:dict_item_edit": Entry(perms=REF, obj="global", kwargs=dict_item),
    "reference:dict_item_toggle": Entry(perms=REF, obj="global", kwargs=dict_item, ok={302}),
    # casework
    "casework:list": Entry(perms=CW),
    "casework:inbox": Entry(perms=CW),
    "casework:notifications": Entry(perms=CW),
    "casework:detail": Entry(perms=CW, obj="case", kwargs=scoped("case")),
    "casework:transition": Entry(perms=CW, obj="case", kwargs=scoped("case", name="submit"), ok=SUBMIT_PAGE),
    "casework:comment": Entry(perms=CW, obj="case", kwargs=scoped("case"), ok=REFUSED),
    "casework:attachment_upload": Entry(perms=CW, obj="case", kwargs=scoped("case"), ok=REFUSED),
    "casework:attachment_download": Entry(perms=CW, obj="attachment", kwargs=attachment),
    "casework:casetype_list": Entry(perms=("casework.configure",)),
    "casework:casetype_create": Entry(perms=("casework.configure",)),
    "casework:casetype_edit": Entry(
        perms=("casework.configure",), obj="global", kwargs=first("casework.CaseType")
    ),
    "casework:routing_list": Entry(perms=("casework.configure",)),
    "casework:routing_create": Entry(perms=("casework.configure",)),
    "casework:routing_edit": Entry(
        perms=("casework.configure",), obj="global", kwargs=first("casework.RoutingRule")
    ),
    # regulations (configuration: reference.manage)
    "regulations:pack_list": Entry(perms=REF),
    "regulations:pack_create_draft": Entry(perms=REF, ok={302}),
    "regulations:pack_detail": Entry(
        perms=REF, obj="global", kwargs=first("regulations.RulePack", "version", "version")
    ),
    "regulations:pack_activate": Entry(
        perms=REF, obj="global", kwargs=first("regulations.RulePack", "version", "version"), ok={302}
    ),
    "regulations:rule_edit": Entry(perms=REF, obj="global", kwargs=pack_rule, ok={200, 302}),
    "regulations:rules_export": Entry(
        perms=REF, obj="global", kwargs=first("regulations.RulePack", "version", "version", fmt="csv")
    ),
    "regulations:rules_import": Entry(
        perms=REF, obj="global", kwargs=first("regulations.RulePack", "version", "version"), ok={200, 302}
    ),
    "regulations:standard_list": Entry(perms=REF),
    "regulations:standards_import": Entry(perms=REF),
    # tripux: the Excel template of the whole expense-standards table
    "regulations:standards_template": Entry(perms=REF),
    # people
    "people:list": Entry(perms=("people.view",)),
    "people:create": Entry(perms=("people.manage",)),
    "people:pinyin": Entry(perms=("people.manage",)),
    "people:detail": Entry(perms=("people.view",), obj="person", kwargs=scoped("person")),
    "people:edit": Entry(perms=("people.manage",), obj="person", kwargs=scoped("person")),
    "people:reveal": Entry(perms=("people.view",), obj="person", kwargs=scoped("person"), ok=REVEAL_OK),
    "people:archive": Entry(perms=("people.manage",), obj="person", kwargs=scoped("person"), ok={302}),
    # passports
    "passports:register": Entry(perms=("passports.view",)),
    "passports:expiring": Entry(perms=("passports.view",)),
    "passports:out": Entry(perms=("passports.view",)),
    "passports:overdue": Entry(perms=("passports.view",)),
    "passports:suspensions": Entry(perms=("passports.view",)),
    # the old export links start the export (apps.exports) and redirect to the file or 我的导出
    "passports:export": Entry(perms=("passports.view",), kwargs={"which": "register"}, ok={302}),
    "passports:create": Entry(perms=("passports.manage",)),
    # tripapi: applications in progress, loans from before the system (issue 9 A4)
    "passports:applications": Entry(perms=("passports.view",)),
    "passports:application_create": Entry(perms=("passports.manage",)),
    "passports:application_withdraw": Entry(
        perms=("passports.manage",), obj="person", kwargs=passport_application, ok={302}
    ),
    "passports:loan": Entry(perms=("passports.manage",), obj="passport", kwargs=scoped("passport")),
    "passports:detail": Entry(perms=("passports.view",), obj="passport", kwargs=scoped("passport")),
    "passports:edit": Entry(perms=("passports.manage",), obj="passport", kwargs=scoped("passport")),
    "passports:reveal": Entry(
        perms=("passports.view",), obj="passport", kwargs=scoped("passport"), ok=REVEAL_OK
    ),
    "passports:check_out": Entry(perms=("passports.manage",), obj="passport", kwargs=scoped("passport")),
    "passports:check_in": Entry(perms=("passports.manage",), obj="passport", kwargs=scoped("passport")),
    "passports:loss": Entry(perms=("passports.manage",), obj="passport", kwargs=scoped("passport")),
    "passports:cancel": Entry(perms=("passports.manage",), obj="passport", kwargs=scoped("passport")),
    "passports:renew": Entry(perms=("passports.manage",), obj="passport", kwargs=scoped("passport")),
    "passports:endorsement_add": Entry(
        perms=("passports.manage",), obj="passport", kwargs=scoped("passport")
    ),
    # trips
    "trips:new": Entry(perms=("casework.apply",)),
    "trips:check_live": Entry(perms=CW),
    "trips:budget_compute": Entry(perms=("casework.apply",)),
    "trips:form_row": Entry(perms=("casework.apply",), kwargs={"kind": "legs"}),
    "trips:detail": Entry(perms=CW, obj="trip", kwargs=scoped("trip")),
    "trips:edit": Entry(perms=("casework.apply",), obj="trip", kwargs=scoped("trip")),
    "trips:check_live_trip": Entry(perms=CW, obj="trip", kwargs=scoped("trip")),
    "trips:budget_compute_trip": Entry(perms=("casework.apply",), obj="trip", kwargs=scoped("trip")),
    "trips:recheck": Entry(
        perms=("casework.apply", "casework.review", "casework.approve"),
        any_of=True,
        obj="trip",
        kwargs=scoped("trip"),
        ok={302},  # checked again, back to the trip
    ),
    "trips:transition": Entry(perms=CW, obj="trip", kwargs=scoped("trip", name="submit"), ok=SUBMIT_PAGE),
    "trips:override": Entry(perms=CW, obj="trip", kwargs=scoped("trip"), ok=REFUSED),
    "trips:external_approval": Entry(perms=CW, obj="trip", kwargs=scoped("trip"), ok=REFUSED),
    # the draft is not at the documents stage: the passport cannot be released yet
    "trips:passport": Entry(perms=("passports.manage",), obj="trip", kwargs=trip_member, ok=REFUSED),
    "trips:visa_add": Entry(perms=CW, obj="trip", kwargs=scoped("trip"), ok=REFUSED),
    "trips:report": Entry(perms=("casework.apply",), obj="trip", kwargs=scoped("trip"), ok=REFUSED),
    "trips:objection_resolve": Entry(perms=CW, obj="trip", kwargs=scoped("trip", obj_pk=MISSING), ok={404}),
    "trips:pdf": Entry(perms=CW, obj="trip", kwargs=scoped("trip"), ok={200, 302, 400, 409}),
    "trips:trip_list": Entry(perms=CW),
    # tripchain: the unit's notice and its result, the post-trip notice's result, the notice pages
    "trips:unit_notices": Entry(perms=CW),
    "trips:unit_notice_publish": Entry(
        perms=("casework.apply",), obj="trip", kwargs=scoped("trip"), ok={400}
    ),
    "trips:unit_notice_result": Entry(perms=("casework.apply",), obj="trip", kwargs=scoped("trip"), ok={400}),
    "trips:post_notice_result": Entry(perms=CW, obj="trip", kwargs=scoped("trip"), ok={400}),
    "trips:notice_page": Entry(perms=CW, obj="trip", kwargs=scoped("trip", which="pre")),
    # tripux: a delegation's passports checked out or in at once (the world's trip is not in the
    # documents stage: refused with the reason), and the printable application (申请表) of a trip
    "trips:passports_batch": Entry(
        perms=("passports.manage",),
        obj="trip",
        kwargs=lambda world, which: {"pk": world.trip[which].pk, "action": "release"},
        ok=REFUSED,
    ),
    "trips:application_print": Entry(perms=CW, obj="trip", kwargs=scoped("trip")),
    "trips:tier_list": Entry(**TIERS),
    "trips:tier_create": Entry(**TIERS),
    "trips:tier_edit": Entry(**TIERS, obj="global", kwargs=first("trips.ApprovalTier")),
    "trips:route_edit": Entry(**TIERS, obj="global", kwargs=first("trips.ApprovalRoute")),  # tripchain
    "trips:reports": Entry(allow=trip_reports),
    "trips:report_statistics": Entry(allow=trip_reports),
    "trips:report_overrides": Entry(allow=trip_reports),
    "trips:report_overdue": Entry(allow=trip_reports),
    # documents: an issued document's PDF, seen by whoever sees its case
    "documents:download": Entry(
        perms=CW, obj="document", kwargs=lambda w, which: {"pk": w.document[which].pk}
    ),
    # exports ("我的导出"): every signed-in user, their own jobs only (anyone else's → 404)
    "exports:list": Entry(),
    "exports:start": Entry(ok={302}),  # POST-only; an empty form → "unknown list" message, back
    "exports:status": Entry(obj="export", kwargs=export_job),
    "exports:download": Entry(obj="export", kwargs=export_job),
    # public notices: drafts are never public, so both variants answer 404 to everyone
    # --- visits ---
    "visits:list": Entry(perms=CW),
    "visits:new": Entry(perms=("casework.apply",)),
    "visits:detail": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    "visits:edit": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    "visits:participant_new": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    "visits:participant_edit": Entry(perms=CW, obj="visit", kwargs=visit_child("visit_participant", "p_pk")),
    # POST-only: done, or refused with a message, and back to the visit
    "visits:participant_remove": Entry(
        perms=CW, obj="visit", kwargs=visit_child("visit_participant", "p_pk"), ok={302}
    ),
    "visits:event_new": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    "visits:event_edit": Entry(perms=CW, obj="visit", kwargs=visit_child("visit_event", "e_pk")),
    "visits:event_cancel": Entry(perms=CW, obj="visit", kwargs=visit_child("visit_event", "e_pk"), ok={302}),
    "visits:seating": Entry(perms=CW, obj="visit", kwargs=visit_child("visit_event", "e_pk")),
    "visits:seating_reset": Entry(perms=CW, obj="visit", kwargs=visit_child("visit_event", "e_pk"), ok={302}),
    "visits:seating_print": Entry(perms=CW, obj="visit", kwargs=visit_child("visit_event", "e_pk")),
    "visits:programme_print": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    "visits:name_cards": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    # POST-only: a draft is not approved, so the refusal is a message and back to the visit
    "visits:programme_issue": Entry(perms=CW, obj="visit", kwargs=scoped("visit"), ok={302}),
    "visits:summary": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    # POST-only: an empty form is said in a message, back to the visit
    "visits:follow_up_add": Entry(perms=CW, obj="visit", kwargs=scoped("visit"), ok={302}),
    "visits:follow_up_done": Entry(
        perms=CW, obj="visit", kwargs=visit_child("visit_follow_up", "f_pk"), ok={302}
    ),
    "visits:gift_list": Entry(perms=CW),
    "visits:gift_new": Entry(allow=gift_recorder),
    "visits:gift_report": Entry(perms=CW),
    "visits:gift_detail": Entry(perms=CW, obj="gift", kwargs=scoped("gift")),
    "visits:gift_action": Entry(perms=CW, obj="gift", kwargs=gift_action, ok=DECLARE_PAGE),
    "visits:gift_photo": Entry(perms=CW, obj="gift", kwargs=gift_with_photo),
    "visits:calendar": Entry(allow=calendar_reader),
    "visits:entry_new": Entry(perms=("visits.calendar",)),
    "visits:entry_edit": Entry(
        perms=("visits.calendar",), obj="global", kwargs=first("visits.CalendarEntry")
    ),
    "visits:leader_list": Entry(perms=("visits.calendar",)),
    "visits:leader_new": Entry(perms=("visits.calendar",)),
    "visits:leader_edit": Entry(perms=("visits.calendar",), obj="global", kwargs=first("visits.Leader")),
    "visits:feeds": Entry(allow=calendar_reader),
    "visits:feed_revoke": Entry(allow=calendar_reader, obj="global", kwargs=feed_token, ok={302}),
    # the private iCalendar feed: no login, the secret token is the credential
    "visits_feed:ical": Entry(perms=None, obj="global", kwargs=ical_token),
    # --- end visits ---
    # --- i13: 涉外管理处 ---
    "conferences:list": Entry(perms=CW),
    "conferences:new": Entry(perms=("casework.apply",)),
    "conferences:check_live": Entry(perms=CW),
    "conferences:detail": Entry(perms=CW, obj="conference", kwargs=scoped("conference")),
    # the applicant edits a draft; other roles are sent back to the detail page
    "conferences:edit": Entry(perms=("casework.apply",), obj="conference", kwargs=scoped("conference")),
    "conferences:transition": Entry(
        perms=CW, obj="conference", kwargs=scoped("conference", name="submit"), ok=SUBMIT_PAGE
    ),
    "journalists:list": Entry(perms=CW),
    "journalists:new": Entry(perms=("casework.review",)),
    "journalists:detail": Entry(perms=CW, obj="journalist", kwargs=scoped("journalist")),
    "journalists:edit": Entry(perms=("casework.review",), obj="journalist", kwargs=scoped("journalist")),
    "journalists:bureau_list": Entry(perms=CW),
    "journalists:bureau_new": Entry(perms=("casework.review",)),
    "journalists:bureau_detail": Entry(perms=CW, obj="bureau", kwargs=scoped("bureau")),
    "journalists:bureau_edit": Entry(perms=("casework.review",), obj="bureau", kwargs=scoped("bureau")),
    # an empty change report: the form comes back with its errors
    "journalists:bureau_change": Entry(
        perms=("casework.review",), obj="bureau", kwargs=scoped("bureau"), ok={400}
    ),
    "journalists:reminders": Entry(perms=CW),
    "journalists:interview_list": Entry(perms=CW),
    "journalists:interview_new": Entry(perms=("casework.apply",)),
    "journalists:interview_detail": Entry(perms=CW, obj="interview", kwargs=scoped("interview")),
    "journalists:interview_edit": Entry(
        perms=("casework.apply",), obj="interview", kwargs=scoped("interview")
    ),
    "journalists:interview_transition": Entry(
        perms=CW, obj="interview", kwargs=scoped("interview", name="submit"), ok=SUBMIT_PAGE
    ),
    # the division's reviewers link the request to the register (an empty choice unlinks)
    "journalists:interview_link": Entry(
        perms=("casework.review",), obj="interview", kwargs=scoped("interview"), ok={302}
    ),
    "incidents:list": Entry(perms=CW),
    "incidents:new": Entry(perms=("casework.review",)),
    "incidents:treaty_list": Entry(perms=CW),
    "incidents:detail": Entry(perms=CW, obj="incident", kwargs=scoped("incident")),
    "incidents:edit": Entry(perms=CW, obj="incident", kwargs=scoped("incident")),
    # the situation report's PDF: a handler generates it (200); someone else in the circle before any was
    # generated goes back to the incident with the message (302)
    "incidents:report": Entry(perms=CW, obj="incident", kwargs=scoped("incident"), ok={200, 302}),
    # empty forms come back with their errors
    "incidents:entry_add": Entry(perms=CW, obj="incident", kwargs=scoped("incident"), ok={400}),
    "incidents:task_add": Entry(perms=CW, obj="incident", kwargs=scoped("incident"), ok={400}),
    "incidents:task_done": Entry(
        perms=CW, obj="incident", kwargs=scoped("incident", task_pk=MISSING), ok={400}
    ),
    "incidents:member_add": Entry(perms=CW, obj="incident", kwargs=scoped("incident"), ok={400}),
    "incidents:checklist": Entry(perms=CW, obj="incident", kwargs=scoped("incident"), ok={400}),
    "incidents:close": Entry(perms=CW, obj="incident", kwargs=scoped("incident"), ok={400}),
    "honours:list": Entry(perms=CW),
    "honours:new": Entry(perms=("casework.apply",)),
    "honours:public_list": Entry(perms=None),
    "honours:detail": Entry(perms=CW, obj="nomination", kwargs=scoped("nomination")),
    "honours:edit": Entry(perms=("casework.apply",), obj="nomination", kwargs=scoped("nomination")),
    "honours:transition": Entry(
        perms=CW, obj="nomination", kwargs=scoped("nomination", name="submit"), ok=SUBMIT_PAGE
    ),
    # an empty opinion form comes back with its errors
    "honours:opinion_add": Entry(
        perms=("casework.review",), obj="nomination", kwargs=scoped("nomination"), ok={400}
    ),
    # no certificate before the city's approval: back to the detail page with the message
    "honours:certificate": Entry(
        perms=CW, obj="nomination", kwargs=scoped("nomination"), ok=REDIRECTED
    ),  # no certificate yet: back to the case (302); issued: the page
    # --- end i13 ---
    "trips_public:notices": Entry(perms=None),
    "trips_public:notice": Entry(perms=None, obj="global", kwargs=scoped("trip"), ok={404}),
    # audit (the log shows every event's target to its readers by design)
    "audit:event_list": Entry(perms=("audit.view",), leak_exempt=True),
    "audit:event_detail": Entry(
        perms=("audit.view",),
        obj="global",
        leak_exempt=True,
        kwargs=lambda w, which: {"pk": w.event.pk if which == "inside" else MISSING},
    ),
    "audit:export": Entry(perms=("audit.view", "audit.export"), leak_exempt=True, ok={302}),
    "audit:object_history": Entry(
        perms=("audit.view",),
        leak_exempt=True,
        kwargs=lambda w, which: {"target_type": "casetype.simplecase", "target_id": str(w.case["inside"].pk)},
    ),
    # --- invitations (邀请外国人来华) ---
    "invitations:list": Entry(perms=CW),
    "invitations:statistics": Entry(perms=CW),
    "invitations:new": Entry(perms=("casework.apply",)),
    "invitations:detail": Entry(perms=CW, obj="invitation", kwargs=scoped("invitation")),
    "invitations:edit": Entry(perms=("casework.apply",), obj="invitation", kwargs=scoped("invitation")),
    # the unit (registered) submits its draft; everyone else who sees it is refused (403)
    "invitations:transition": Entry(
        perms=CW, obj="invitation", kwargs=scoped("invitation", name="submit"), ok=SUBMIT_PAGE
    ),
    # a draft cannot be closed out; an empty problems form is refused on the page
    "invitations:close_out": Entry(
        perms=("casework.apply",), obj="invitation", kwargs=scoped("invitation"), ok=REFUSED
    ),
    "invitations:problems": Entry(
        perms=("casework.review",), obj="invitation", kwargs=scoped("invitation"), ok=REFUSED
    ),
    # no letter before it is issued: back to the application (302; a browser follows it to a 200 page)
    "invitations:letter": Entry(perms=CW, obj="invitation", kwargs=scoped("invitation"), ok=REDIRECTED),
    "invitations:note": Entry(perms=CW, obj="invitation", kwargs=scoped("invitation"), ok=REDIRECTED),
    "invitations:registration_list": Entry(perms=CW),
    # the unit has its registration already: to it
    "invitations:registration_new": Entry(perms=("casework.apply",), ok=REDIRECTED),
    "invitations:registration_detail": Entry(perms=CW, obj="registration", kwargs=scoped("registration")),
    # an approved registration is not edited: back to it
    "invitations:registration_edit": Entry(
        perms=("casework.apply",), obj="registration", kwargs=scoped("registration"), ok=REDIRECTED
    ),
    "invitations:registration_review": Entry(
        perms=("casework.review",), obj="registration", kwargs=scoped("registration"), ok=REFUSED
    ),
    # the public verification page: no login, a code that no letter has → "invalid"
    "invitations_public:verify": Entry(perms=None),
    "invitations_public:verify_code": Entry(perms=None, kwargs={"code": "NOSUCHCODE23"}),
    # --- end invitations ---
}

# Patterns deliberately outside the matrix (each with its reason).
# partners (apps.partners): the register, plans and country view are read office-wide (partners.view) and
# edited by the owning division (partners.manage + its region); units read the public list; the two case
# types are cases (casework.*) with their own pages.
PV, PM = ("partners.view",), ("partners.manage",)


def partner_plan_item(world, which):
    from apps.partners.models import PlanItem

    item = PlanItem.objects.order_by("pk").first()
    if which == "outside":
        return {"pk": item.plan_id, "item_pk": MISSING}
    return {"pk": item.plan_id, "item_pk": item.pk}


def partner_country(world, which):
    return {"iso2": "DE" if which == "inside" else "no-such-thing"}


def partner_note(world, which):
    return {"iso2": "DE", "key": world.partner_note.key if which == "inside" else "no-such-note"}


def partner_case(world, which, **extra):
    return {"pk": world.partner_case[which].pk, **extra}


# the request to the city government: office staff, leaders and auditors (the staff side)
LETTER_OK = by_role({200}, unit_clerk={403}, unit_signatory={403}, traveller={403})

PAGES.update(
    {
        "partners:list": Entry(perms=PV),
        "partners:public_list": Entry(),
        "partners:create": Entry(perms=PM),
        "partners:detail": Entry(perms=PV, obj="global", kwargs=first("partners.Partner")),
        "partners:edit": Entry(perms=PM, obj="global", kwargs=first("partners.Partner")),
        "partners:activity_link": Entry(perms=PM, obj="global", kwargs=first("partners.Partner"), ok=REFUSED),
        "partners:activity_note": Entry(perms=PM, obj="global", kwargs=first("partners.Partner"), ok=REFUSED),
        "partners:twinning_list": Entry(perms=PV),
        "partners:case_list": Entry(perms=CW),
        "partners:establishment_new": Entry(perms=("casework.apply",)),
        "partners:twinning_new": Entry(perms=("casework.apply",)),
        "partners:case_detail": Entry(perms=CW, obj="partner_case", kwargs=partner_case),
        "partners:case_edit": Entry(perms=("casework.apply",), obj="partner_case", kwargs=partner_case),
        "partners:case_transition": Entry(
            perms=CW,
            obj="partner_case",
            kwargs=lambda w, which: partner_case(w, which, name="submit"),
            ok=SUBMIT_PAGE,
        ),
        "partners:case_letter": Entry(perms=CW, obj="partner_case", kwargs=partner_case, ok=LETTER_OK),
        "partners:plan_list": Entry(perms=PV),
        "partners:plan_create": Entry(perms=PM),
        "partners:plan_detail": Entry(perms=PV, obj="global", kwargs=first("partners.ExchangePlan")),
        "partners:plan_item_add": Entry(
            perms=PM, obj="global", kwargs=first("partners.ExchangePlan"), ok=REFUSED
        ),
        "partners:plan_item_status": Entry(perms=PM, obj="global", kwargs=partner_plan_item, ok=REFUSED),
        "partners:country_list": Entry(perms=PV),
        "partners:country": Entry(perms=PV, obj="global", kwargs=partner_country),
        # an empty profile is a valid one: saved, back to the page
        "partners:profile_edit": Entry(perms=PM, obj="global", kwargs=partner_country, ok={302}),
        "partners:note_save": Entry(perms=PM, obj="global", kwargs=partner_country, ok=REFUSED),
        "partners:note_history": Entry(perms=PV, obj="global", kwargs=partner_note),
        "partners:map": Entry(perms=PV),
    }
)

EXCLUDED_PAGES = {
    "accounts:logout": "POST-only, ends the session the matrix is using",
    "set_language": "Django's i18n/setlang (POST-only, public, no data)",
}
EXCLUDED_PREFIXES = (
    "django-admin/",  # Django's own admin, guarded by is_staff (no waiban user is staff)
    "api/",  # the ninja API is covered through its OpenAPI schema below (docs/openapi.json are public)
    "static/",
    "media/",
)

# Patterns that exist but could not be registered yet (half-built apps). Must stay empty: the matrix
# fails while anything is pending.
PENDING_PAGES: dict[str, str] = {}


# ---------------------------------------------------------------------------------------------------
# API operations: "METHOD /api/path" → Entry (anonymous → 401)
# ---------------------------------------------------------------------------------------------------
def case_pk(key="case_id", **extra):
    return scoped("case", key=key, **extra)


# Uploading to a case: its applicant side, the people taking part and the office staff may; the unit's
# signatory only reads it.
UPLOAD_API = by_role({201}, unit_signatory={403}, auditor={403})  # the audit supervisor only reads
# Deciding to proceed despite a warning of the check: office staff (reviewers, leaders) may, the
# applicant side and readers may not.
OVERRIDE_API = by_role({403}, office_leader={201}, division_head={201}, division_staff={201})


API: dict[str, Entry] = {
    "GET /api/accounts/me": Entry(),
    "GET /api/accounts/users": Entry(perms=MANAGE_USERS),
    "GET /api/org/divisions": Entry(),
    "GET /api/org/units": Entry(),
    "GET /api/reference/countries": Entry(),
    "GET /api/reference/calendar/{year}": Entry(kwargs={"year": 2026}),
    "GET /api/reference/workdays/add": Entry(query="start=2026-03-02&n=5"),
    "GET /api/reference/workdays/between": Entry(query="start=2026-03-02&end=2026-03-31"),
    "GET /api/regulations/packs/active": Entry(),
    "POST /api/regulations/check": Entry(body={"departure": "2026-09-01", "return_date": "2026-09-05"}),
    "GET /api/cases/": Entry(perms=CW),
    "GET /api/cases/inbox": Entry(),
    "GET /api/cases/inbox/counts": Entry(),
    "GET /api/cases/{case_id}": Entry(perms=CW, obj="case", kwargs=case_pk()),
    "GET /api/cases/{case_id}/timeline": Entry(perms=CW, obj="case", kwargs=case_pk()),
    "POST /api/cases/{case_id}/transitions/{name}": Entry(
        perms=CW, obj="case", kwargs=case_pk(name="submit"), body={}, ok=SUBMIT_API
    ),
    "GET /api/cases/{case_id}/attachments": Entry(perms=CW, obj="case", kwargs=case_pk()),
    "POST /api/cases/{case_id}/attachments": Entry(
        perms=CW, obj="case", kwargs=case_pk(), multipart=True, ok=UPLOAD_API
    ),
    "GET /api/cases/{case_id}/attachments/{att_id}": Entry(
        perms=CW,
        obj="attachment",
        kwargs=lambda w, which: {"case_id": w.case[which].pk, "att_id": w.attachment[which].pk},
    ),
    "GET /api/people/": Entry(perms=("people.view",)),
    "POST /api/people/search": Entry(perms=("people.view",), body={}),
    "GET /api/people/{pk}": Entry(perms=("people.view",), obj="person", kwargs=scoped("person")),
    "POST /api/people/{pk}/reveal": Entry(
        perms=("people.view",), obj="person", kwargs=scoped("person"), ok=REVEAL_OK
    ),
    "GET /api/passports/": Entry(perms=("passports.view",)),
    # identifier searches by POST (the number never travels in a URL; issue 14 item 3)
    "POST /api/passports/search": Entry(perms=("passports.view",), body={}),
    "GET /api/passports/overdue": Entry(perms=("passports.view",)),
    "GET /api/passports/expiring": Entry(perms=("passports.view",)),
    "GET /api/passports/units/{unit_id}/suspension": Entry(
        perms=("passports.view",), obj="unit", kwargs=scoped("unit", key="unit_id")
    ),
    "GET /api/passports/{pk}": Entry(perms=("passports.view",), obj="passport", kwargs=scoped("passport")),
    "GET /api/trips/": Entry(perms=CW),
    "POST /api/trips/": Entry(perms=("casework.apply",), body={"title": "矩阵测试出访"}, ok={201}),
    "GET /api/trips/{pk}": Entry(perms=CW, obj="trip", kwargs=scoped("trip")),
    "PUT /api/trips/{pk}": Entry(
        perms=("casework.apply",), obj="trip", kwargs=scoped("trip"), body={"title": "矩阵测试出访（修改）"}
    ),
    "POST /api/trips/{pk}/check": Entry(
        perms=("casework.apply", "casework.review", "casework.approve"),
        any_of=True,
        obj="trip",
        kwargs=scoped("trip"),
    ),
    "GET /api/trips/{pk}/check": Entry(perms=CW, obj="trip", kwargs=scoped("trip"), ok={200, 404}),
    "POST /api/trips/{pk}/overrides": Entry(
        perms=CW,
        obj="trip",
        kwargs=scoped("trip"),
        ok=OVERRIDE_API,
        body={"rule_id": "invitation_attached", "justification": "邀请函原件已当面核验（矩阵测试）"},
    ),
    "POST /api/trips/{pk}/transitions/{name}": Entry(
        perms=CW, obj="trip", kwargs=scoped("trip", name="submit"), body={}, ok=SUBMIT_API
    ),
    "GET /api/trips/{pk}/approval.pdf": Entry(
        perms=CW, obj="trip", kwargs=scoped("trip"), ok={200, 400, 409}
    ),
    "POST /api/trips/{pk}/members/{member_pk}/passport/{action}": Entry(
        perms=("casework.view", "passports.manage"), obj="trip", kwargs=trip_member, ok=REFUSED
    ),
    # the draft has not travelled: no report yet
    "PUT /api/trips/{pk}/report": Entry(
        perms=("casework.apply",), obj="trip", kwargs=scoped("trip"), body={}, ok=REFUSED
    ),
    # --- visits ---
    "GET /api/visits/": Entry(perms=CW),
    "POST /api/visits/": Entry(perms=("casework.apply",), body={"title": "矩阵测试来访"}, ok={201}),
    "GET /api/visits/{pk}": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    "GET /api/visits/{pk}/events": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    "GET /api/visits/{pk}/events/{event_pk}/seating": Entry(
        perms=CW, obj="visit", kwargs=visit_child("visit_event", "event_pk")
    ),
    # swapping a seat with itself is refused (400); only the hosting unit and the division may swap (403)
    "POST /api/visits/{pk}/events/{event_pk}/seating/swap": Entry(
        perms=CW,
        obj="visit",
        kwargs=visit_child("visit_event", "event_pk"),
        body={"seat_a": "G1", "seat_b": "G1"},
        ok=SWAP_API,
    ),
    "GET /api/visits/gifts/": Entry(perms=CW),
    "GET /api/visits/gifts/{pk}": Entry(perms=CW, obj="gift", kwargs=scoped("gift")),
    "POST /api/visits/gifts/{pk}/declare": Entry(perms=CW, obj="gift", kwargs=scoped("gift"), ok=DECLARE_API),
    "GET /api/visits/gifts/{pk}/photo": Entry(perms=CW, obj="gift", kwargs=gift_with_photo),
    "POST /api/visits/gifts/{pk}/photo": Entry(
        perms=CW, obj="gift", kwargs=scoped("gift"), multipart=True, ok=GIFT_PHOTO_API
    ),
    "PUT /api/visits/{pk}": Entry(
        perms=CW, obj="visit", kwargs=scoped("visit"), body={"title": "矩阵修改来访"}, ok=planned(200)
    ),
    "GET /api/visits/{pk}/participants": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    "POST /api/visits/{pk}/participants": Entry(
        perms=CW,
        obj="visit",
        kwargs=scoped("visit"),
        body={"side": "guest", "name": "矩阵团员"},
        ok=planned(201),
    ),
    "PUT /api/visits/{pk}/participants/{p_pk}": Entry(
        perms=CW,
        obj="visit",
        kwargs=visit_child("visit_participant", "p_pk"),
        body={"side": "guest", "name": "矩阵团员"},
        ok=planned(200),
    ),
    "POST /api/visits/{pk}/participants/{p_pk}/remove": Entry(
        perms=CW, obj="visit", kwargs=visit_child("visit_participant", "p_pk"), ok=planned(200)
    ),
    "POST /api/visits/{pk}/events": Entry(
        perms=CW, obj="visit", kwargs=scoped("visit"), body=visit_event_body, ok=planned(201)
    ),
    "PUT /api/visits/{pk}/events/{event_pk}": Entry(
        perms=CW,
        obj="visit",
        kwargs=visit_child("visit_event", "event_pk"),
        body=visit_event_body,
        ok=planned(200),
    ),
    "POST /api/visits/{pk}/events/{event_pk}/cancel": Entry(
        perms=CW, obj="visit", kwargs=visit_child("visit_event", "event_pk"), ok=planned(200)
    ),
    "POST /api/visits/{pk}/events/{event_pk}/seating/reset": Entry(
        perms=CW, obj="visit", kwargs=visit_child("visit_event", "event_pk"), ok=planned(200)
    ),
    # the inside visit is a draft: the programme is issued only after approval (400 for everyone)
    "POST /api/visits/{pk}/programme/issue": Entry(perms=CW, obj="visit", kwargs=scoped("visit"), ok={400}),
    "GET /api/visits/{pk}/introductions": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    # the summary and its follow-ups only after approval: on the draft nobody may (403)
    "PUT /api/visits/{pk}/summary": Entry(
        perms=CW, obj="visit", kwargs=scoped("visit"), body={"summary_outcomes": "矩阵纪要"}, ok={403}
    ),
    "GET /api/visits/{pk}/follow-ups": Entry(perms=CW, obj="visit", kwargs=scoped("visit")),
    "POST /api/visits/{pk}/follow-ups": Entry(
        perms=CW,
        obj="visit",
        kwargs=scoped("visit"),
        body={"task": "矩阵任务", "responsible": "矩阵单位", "due_date": "2099-01-01"},
        ok={403},
    ),
    "POST /api/visits/{pk}/follow-ups/{f_pk}/done": Entry(
        perms=CW, obj="visit", kwargs=visit_child("visit_follow_up", "f_pk"), ok={403}
    ),
    "POST /api/visits/gifts/": Entry(
        perms=CW,
        body={
            "direction": "received",
            "description": "矩阵礼品",
            "counterpart": "矩阵",
            "person": "矩阵",
            "on_date": "2026-09-10",
            "value": "300",
        },
        ok=GIFT_CREATE_API,
    ),
    "POST /api/visits/gifts/{pk}/approve": Entry(
        perms=CW, obj="gift", kwargs=scoped("gift"), ok=GIFT_APPROVE_API
    ),
    "POST /api/visits/gifts/{pk}/hand-in": Entry(
        perms=CW,
        obj="gift",
        kwargs=scoped("gift"),
        body={"handed_in_on": "2026-01-05", "disposition": "kept"},
        ok=GIFT_HAND_IN_API,
    ),
    "GET /api/visits/gifts/report": Entry(perms=CW),
    "GET /api/visits/calendar/leaders": Entry(allow=calendar_reader),
    "POST /api/visits/calendar/leaders": Entry(
        perms=("visits.calendar",), body={"name": "矩阵副市长", "title": "副市长", "rank": 50}, ok={201}
    ),
    "PUT /api/visits/calendar/leaders/{pk}": Entry(
        perms=("visits.calendar",),
        obj="global",
        kwargs=first("visits.Leader"),
        body={"name": "矩阵市长", "title": "市长", "rank": 40},
    ),
    "GET /api/visits/calendar/entries": Entry(allow=calendar_reader),
    "POST /api/visits/calendar/entries": Entry(
        perms=("visits.calendar",), body=calendar_entry_body, ok={201}
    ),
    "PUT /api/visits/calendar/entries/{pk}": Entry(
        perms=("visits.calendar",),
        obj="global",
        kwargs=first("visits.CalendarEntry"),
        body=calendar_entry_body,
    ),
    "GET /api/visits/calendar/feeds": Entry(allow=calendar_reader),
    "POST /api/visits/calendar/feeds": Entry(
        allow=calendar_reader,
        body=lambda w, which: {"leader_id": w.feed_token["outside"].leader_id},
        ok={201},
    ),
    "POST /api/visits/calendar/feeds/{pk}/revoke": Entry(
        allow=calendar_reader, obj="global", kwargs=feed_token
    ),
    # --- end visits ---
    # documents
    "GET /api/documents/cases/{case_id}": Entry(perms=CW, obj="case", kwargs=case_pk()),
    "GET /api/documents/{document_id}": Entry(
        perms=CW, obj="document", kwargs=lambda w, which: {"document_id": w.document[which].pk}
    ),
    "GET /api/documents/{document_id}/pdf": Entry(
        perms=CW, obj="document", kwargs=lambda w, which: {"document_id": w.document[which].pk}
    ),
    # tripchain: the unit's notice, the higher approval, the approval chain (a draft: refused or allowed)
    "POST /api/trips/{pk}/unit-notice": Entry(
        perms=("casework.apply",), obj="trip", kwargs=scoped("trip"), body={"place": ""}, ok=REFUSED
    ),
    "POST /api/trips/{pk}/unit-notice/result": Entry(
        perms=("casework.apply",), obj="trip", kwargs=scoped("trip"), body={"outcome": "x"}, ok=REFUSED
    ),
    "POST /api/trips/{pk}/post-notice/result": Entry(
        perms=CW, obj="trip", kwargs=scoped("trip"), body={"outcome": "none"}, ok=CHAIN_APPLICANT_OR_REVIEWER
    ),
    "POST /api/trips/{pk}/external-approval": Entry(
        perms=CW,
        obj="trip",
        kwargs=scoped("trip"),
        body={"approver": "矩阵测试", "number": "测试〔2026〕1号", "date": "2026-01-05"},
        ok=CHAIN_OFFICE,
    ),
    "GET /api/trips/{pk}/approval-steps": Entry(perms=CW, obj="trip", kwargs=scoped("trip")),
    # --- i13: 涉外管理处 ---
    "GET /api/conferences/": Entry(perms=CW),
    "POST /api/conferences/": Entry(perms=("casework.apply",), body=CONFERENCE_BODY, ok={201}),
    "GET /api/conferences/{pk}": Entry(perms=CW, obj="conference", kwargs=scoped("conference")),
    "PUT /api/conferences/{pk}": Entry(
        perms=("casework.apply",), obj="conference", kwargs=scoped("conference"), body=CONFERENCE_BODY
    ),
    "POST /api/conferences/{pk}/transitions/{name}": Entry(
        perms=CW, obj="conference", kwargs=scoped("conference", name="submit"), body={}, ok=SUBMIT_API
    ),
    "GET /api/journalists/": Entry(perms=CW),
    # the register is 涉外管理处's: reviewers of another division (the world's) are refused
    "POST /api/journalists/": Entry(perms=(*CW, "casework.review"), body=JOURNALIST_BODY, ok={403}),
    "GET /api/journalists/{pk}": Entry(perms=CW, obj="journalist", kwargs=scoped("journalist")),
    "PUT /api/journalists/{pk}": Entry(
        perms=(*CW, "casework.review"), obj="journalist", kwargs=scoped("journalist"), body=JOURNALIST_BODY
    ),
    "GET /api/journalists/bureaus": Entry(perms=CW),
    "POST /api/journalists/bureaus": Entry(perms=(*CW, "casework.review"), body=BUREAU_BODY, ok={403}),
    "GET /api/journalists/bureaus/{pk}": Entry(perms=CW, obj="bureau", kwargs=scoped("bureau")),
    "PUT /api/journalists/bureaus/{pk}": Entry(
        perms=(*CW, "casework.review"), obj="bureau", kwargs=scoped("bureau"), body=BUREAU_BODY
    ),
    "POST /api/journalists/bureaus/{pk}/changes": Entry(
        perms=(*CW, "casework.review"),
        obj="bureau",
        kwargs=scoped("bureau"),
        ok={201},
        body={
            "kind": "chief",
            "changed_on": "2026-04-30",
            "reported_on": "2026-05-06",
            "detail": "新首席记者",
        },
    ),
    "GET /api/journalists/reminders": Entry(perms=CW),
    "GET /api/journalists/interviews": Entry(perms=CW),
    "POST /api/journalists/interviews": Entry(perms=("casework.apply",), body=INTERVIEW_BODY, ok={201}),
    "GET /api/journalists/interviews/{pk}": Entry(perms=CW, obj="interview", kwargs=scoped("interview")),
    "PUT /api/journalists/interviews/{pk}": Entry(
        perms=("casework.apply",), obj="interview", kwargs=scoped("interview"), body=INTERVIEW_BODY
    ),
    "POST /api/journalists/interviews/{pk}/transitions/{name}": Entry(
        perms=CW, obj="interview", kwargs=scoped("interview", name="submit"), body={}, ok=SUBMIT_API
    ),
    # linking a request to its register entry: the division's reviewers (the world's draft is not theirs)
    "POST /api/journalists/interviews/{pk}/journalist": Entry(
        perms=(*CW, "casework.review"),
        obj="interview",
        kwargs=scoped("interview"),
        body={"journalist_id": None},
        ok={200, 403},
    ),
    "GET /api/incidents/": Entry(perms=CW),
    # registering is 涉外管理处's: reviewers of another division (the world's) are refused
    "POST /api/incidents/": Entry(perms=(*CW, "casework.review"), body=INCIDENT_BODY, ok={403}),
    "GET /api/incidents/{pk}": Entry(perms=CW, obj="incident", kwargs=scoped("incident")),
    # in the circle, the traveller (added as a person who knows) reads but does not handle
    "PUT /api/incidents/{pk}": Entry(
        perms=CW, obj="incident", kwargs=scoped("incident"), body=INCIDENT_BODY, ok=HANDLE_200
    ),
    "POST /api/incidents/{pk}/entries": Entry(
        perms=CW, obj="incident", kwargs=scoped("incident"), body={"text": "矩阵测试记录"}, ok=HANDLE_201
    ),
    "POST /api/incidents/{pk}/tasks": Entry(
        perms=CW,
        obj="incident",
        kwargs=scoped("incident"),
        ok=HANDLE_201,
        body=lambda world, which: {
            "unit_id": world.unit_a.pk,
            "description": "矩阵任务",
            "due_date": "2030-01-01",
        },
    ),
    "POST /api/incidents/{pk}/tasks/{task_pk}/done": Entry(
        perms=CW, obj="incident", kwargs=scoped("incident", task_pk=MISSING), body={"note": "完成"}, ok={404}
    ),
    "POST /api/incidents/{pk}/members": Entry(
        perms=CW,
        obj="incident",
        kwargs=scoped("incident"),
        ok=HANDLE_201,
        body=lambda world, which: {"user_id": world.users["auditor"].pk, "reason": "矩阵测试"},
    ),
    "GET /api/honours/": Entry(perms=CW),
    "POST /api/honours/": Entry(perms=("casework.apply",), body=NOMINATION_BODY, ok={201}),
    "GET /api/honours/{pk}": Entry(perms=CW, obj="nomination", kwargs=scoped("nomination")),
    # opinions are recorded by the assignee during review: the draft refuses them
    "POST /api/honours/{pk}/opinions": Entry(
        perms=(*CW, "casework.review"),
        obj="nomination",
        kwargs=scoped("nomination"),
        ok={403},
        body={"body": "市外办", "member_name": "矩阵", "agrees": True, "opinion": "同意"},
    ),
    "POST /api/honours/{pk}/transitions/{name}": Entry(
        perms=CW, obj="nomination", kwargs=scoped("nomination", name="submit"), body={}, ok=SUBMIT_API
    ),
    "POST /api/incidents/{pk}/close": Entry(
        perms=CW, obj="incident", kwargs=scoped("incident"), body={"summary": "矩阵结案"}, ok=HANDLE_200
    ),
    "POST /api/incidents/{pk}/checklist": Entry(
        perms=CW, obj="incident", kwargs=scoped("incident"), body={"key": "notify_family"}, ok=HANDLE_200
    ),
    # 情况报告 as on the page: a handler issues it (200); someone in the circle who may not issue one and
    # finds none yet is refused (400)
    "GET /api/incidents/{pk}/report.pdf": Entry(
        perms=CW, obj="incident", kwargs=scoped("incident"), ok={200, 400}
    ),
    # statistics by year and country: the same filters and data scope as the lists
    "GET /api/conferences/stats": Entry(perms=CW),
    "GET /api/journalists/stats": Entry(perms=CW),
    "GET /api/incidents/stats": Entry(perms=CW),
    "GET /api/honours/stats": Entry(perms=CW),
    # --- end i13 ---
    "GET /api/audit/events": Entry(perms=("audit.view",), leak_exempt=True),
    "GET /api/exports/": Entry(),
    # any signed-in user; an unknown list is refused
    "POST /api/exports/": Entry(body={"kind": "no-such-list"}, ok=REFUSED),
    "GET /api/exports/{pk}": Entry(obj="export", kwargs=export_job),
    "GET /api/exports/{pk}/download": Entry(obj="export", kwargs=export_job),
    # --- tripapi: the API covers what the pages do (people, passports, standards, tokens)
    "GET /api/regulations/standards": Entry(),
    # an ID number that fails its check digit: refused by the registry's service
    "POST /api/people/": Entry(
        perms=("people.manage",),
        body=lambda w, which: {
            "full_name": "矩阵测试",
            "sex": "M",
            "date_of_birth": "1980-01-01",
            "unit_id": w.person["inside"].unit_id,
            "id_number": "320302198001011111",
        },
        ok=REFUSED,
    ),
    "PUT /api/people/{pk}": Entry(
        perms=("people.manage",),
        obj="person",
        kwargs=scoped("person"),
        body=lambda w, which: {
            "full_name": "矩阵测试",
            "sex": "X",
            "date_of_birth": "1980-01-01",
            "unit_id": w.person["inside"].unit_id,
        },
        ok=REFUSED,
    ),
    "POST /api/passports/": Entry(
        perms=("passports.manage",),
        body=lambda w, which: {
            "holder_id": w.person["inside"].pk,
            "kind": "no-such-kind",
            "number": "E00000000",
            "issue_date": "2024-01-01",
            "expiry_date": "2034-01-01",
            "issuing_authority": "矩阵测试",
        },
        ok=REFUSED,
    ),
    # an expiry before the issue date: refused by the passport's check
    "PUT /api/passports/{pk}": Entry(
        perms=("passports.manage",),
        obj="passport",
        kwargs=scoped("passport"),
        body={"issue_date": "2024-01-01", "expiry_date": "2023-01-01", "issuing_authority": "矩阵测试"},
        ok=REFUSED,
    ),
    # passport applications in progress and loans from before the system (issue 9 A4)
    "GET /api/passports/applications": Entry(perms=("passports.view",)),
    "POST /api/passports/applications": Entry(
        perms=("passports.manage",),
        body=lambda w, which: {
            "holder_id": w.person["inside"].pk,
            "kind": "official",
            "applied_on": "2999-01-01",
        },
        ok=REFUSED,  # an application date in the future
    ),
    "POST /api/passports/applications/{pk}/close": Entry(
        perms=("passports.manage",),
        obj="person",
        kwargs=passport_application,
        body={"outcome": "withdrawn"},
    ),
    "POST /api/passports/{pk}/loan": Entry(
        perms=("passports.manage",),
        obj="passport",
        kwargs=scoped("passport"),
        body={"out_since": "2026-01-01", "due_back": "2025-01-01", "purpose": "矩阵测试"},
        ok=REFUSED,  # due back before it went out
    ),
    "GET /api/accounts/tokens": Entry(perms=("accounts.manage_tokens", "casework.view"), any_of=True),
    "POST /api/accounts/tokens": Entry(perms=("casework.view",), body={"name": "矩阵测试"}, ok={201}),
    "POST /api/accounts/tokens/{pk}/revoke": Entry(
        perms=("accounts.manage_tokens", "casework.view"),
        any_of=True,
        obj="global",
        kwargs=first("accounts.ApiToken"),
        ok=by_role({404}, secadmin={200}, unit_clerk={200}),
    ),
    # --- invitations (邀请外国人来华) ---
    "GET /api/invitations/": Entry(perms=CW),
    "POST /api/invitations/": Entry(
        perms=("casework.apply",), body=lambda w, which: invitation_body(3), ok={201}
    ),
    "GET /api/invitations/{pk}": Entry(perms=CW, obj="invitation", kwargs=scoped("invitation")),
    "PUT /api/invitations/{pk}": Entry(
        perms=("casework.apply",),
        obj="invitation",
        kwargs=scoped("invitation"),
        body=lambda w, which: invitation_body(2),
    ),
    "POST /api/invitations/{pk}/transitions/{name}": Entry(
        perms=CW, obj="invitation", kwargs=scoped("invitation", name="submit"), body={}, ok=SUBMIT_API
    ),
    "POST /api/invitations/{pk}/close-out": Entry(
        perms=("casework.apply",),
        obj="invitation",
        kwargs=scoped("invitation"),
        body={"outcomes": []},
        ok=REFUSED,
    ),
    "GET /api/invitations/registrations": Entry(perms=CW),
    # the unit is registered already
    "POST /api/invitations/registrations": Entry(
        perms=("casework.apply",), body=lambda w, which: registration_body(), ok=REFUSED
    ),
    "GET /api/invitations/registrations/{pk}": Entry(
        perms=CW, obj="registration", kwargs=scoped("registration")
    ),
    # an approved registration is no longer the unit's to change
    "PUT /api/invitations/registrations/{pk}": Entry(
        perms=("casework.apply",),
        obj="registration",
        kwargs=scoped("registration"),
        body=lambda w, which: registration_body(),
        ok={403},
    ),
    # approving an approved registration is refused
    "POST /api/invitations/registrations/{pk}/review": Entry(
        perms=("casework.review",),
        obj="registration",
        kwargs=scoped("registration"),
        body={"decision": "approve"},
        ok=REFUSED,
    ),
    # --- end invitations ---
}

# partners (apps.partners)
API.update(
    {
        "GET /api/partners/": Entry(perms=PV),
        "GET /api/partners/directory": Entry(),
        "POST /api/partners/": Entry(
            perms=PM, body={"name_zh": "矩阵测试城市", "country": "FR", "category": "intent"}, ok={201}
        ),
        "GET /api/partners/{pk}": Entry(perms=PV, obj="global", kwargs=first("partners.Partner")),
        "PUT /api/partners/{pk}": Entry(
            perms=PM,
            obj="global",
            kwargs=first("partners.Partner"),
            body={"name_zh": "圣艾蒂安", "country": "FR", "category": "friendship"},
        ),
        "GET /api/partners/{pk}/activity": Entry(perms=PV, obj="global", kwargs=first("partners.Partner")),
        "POST /api/partners/{pk}/activity": Entry(
            perms=PM,
            obj="global",
            kwargs=first("partners.Partner"),
            body={"reference": "无此编号"},
            ok=REFUSED,
        ),
        "GET /api/partners/cases": Entry(perms=CW),
        "POST /api/partners/cases/establish": Entry(
            perms=("casework.apply",),
            body={"partner_name_zh": "矩阵测试城市", "country": "DK", "intent_signed_on": "2025-01-01"},
            ok={201},
        ),
        "POST /api/partners/cases/twinning": Entry(
            perms=("casework.apply",),
            body=lambda w, which: {
                "partner_id": __import__("apps.partners.models", fromlist=["Partner"])
                .Partner.objects.order_by("pk")
                .first()
                .pk,
                "institution_kind": "school",
                "local_institution": "矩阵测试学校",
                "foreign_institution": "矩阵测试外方学校",
            },
            ok={201},
        ),
        "GET /api/partners/cases/{pk}": Entry(perms=CW, obj="partner_case", kwargs=partner_case),
        "POST /api/partners/cases/{pk}/transitions/{name}": Entry(
            perms=CW,
            obj="partner_case",
            kwargs=lambda w, which: partner_case(w, which, name="submit"),
            body={},
            ok=SUBMIT_API,
        ),
        "GET /api/partners/plans": Entry(perms=PV),
        "GET /api/partners/countries/{iso2}": Entry(perms=PV, obj="global", kwargs=partner_country),
    }
)

EXCLUDED_API = {
    "GET /api/health": "public health check (no data, auth=None)",
}
PENDING_API: dict[str, str] = {}
