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
REF = ("reference.manage",)
CW = ("casework.view",)

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
    "accounts:role_list": Entry(perms=("accounts.manage_roles",)),
    "accounts:role_create": Entry(perms=("accounts.manage_roles",)),
    "accounts:role_edit": Entry(
        perms=("accounts.manage_roles",), obj="global", kwargs=first("accounts.Role")
    ),
    "accounts:session_list": Entry(perms=("accounts.manage_sessions",)),
    "accounts:session_end": Entry(
        perms=("accounts.manage_sessions",), obj="global", kwargs=first("accounts.UserSession"), ok={302}
    ),
    "accounts:token_list": Entry(perms=("accounts.manage_tokens",)),
    "accounts:token_create": Entry(perms=("accounts.manage_tokens",)),
    "accounts:token_revoke": Entry(
        perms=("accounts.manage_tokens",), obj="global", kwargs=first("accounts.ApiToken"), ok={302}
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
    "trips:reports": Entry(allow=trip_reports),
    "trips:report_statistics": Entry(allow=trip_reports),
    "trips:report_overrides": Entry(allow=trip_reports),
    "trips:report_overdue": Entry(allow=trip_reports),
    # exports ("我的导出"): every signed-in user, their own jobs only (anyone else's → 404)
    "exports:list": Entry(),
    "exports:start": Entry(ok={302}),  # POST-only; an empty form → "unknown list" message, back
    "exports:status": Entry(obj="export", kwargs=export_job),
    "exports:download": Entry(obj="export", kwargs=export_job),
    # public notices: drafts are never public, so both variants answer 404 to everyone
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
}

# Patterns deliberately outside the matrix (each with its reason).
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
UPLOAD_API = by_role({201}, unit_signatory={403})
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
    "GET /api/people/{pk}": Entry(perms=("people.view",), obj="person", kwargs=scoped("person")),
    "POST /api/people/{pk}/reveal": Entry(
        perms=("people.view",), obj="person", kwargs=scoped("person"), ok=REVEAL_OK
    ),
    "GET /api/passports/": Entry(perms=("passports.view",)),
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
    "POST /api/trips/{pk}/check": Entry(perms=CW, obj="trip", kwargs=scoped("trip")),
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
    "GET /api/audit/events": Entry(perms=("audit.view",), leak_exempt=True),
    "GET /api/exports/": Entry(),
    # any signed-in user; an unknown list is refused
    "POST /api/exports/": Entry(body={"kind": "no-such-list"}, ok=REFUSED),
    "GET /api/exports/{pk}": Entry(obj="export", kwargs=export_job),
    "GET /api/exports/{pk}/download": Entry(obj="export", kwargs=export_job),
}

EXCLUDED_API = {
    "GET /api/health": "public health check (no data, auth=None)",
}
PENDING_API: dict[str, str] = {}
