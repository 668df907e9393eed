"""One small, fixed world shared by the access matrix and the hostile-input tests.

Two units (A = the users' unit, B = another unit) and two divisions (A = the users' division, B =
another). For every kind of scoped record there is one object INSIDE the role users' scope (unit A,
division A, with the traveller taking part) and one OUTSIDE it (unit B, division B, created by B's
clerk). Every outside object carries an unmistakable marker text so a test can prove that a page or
API answer never contains it for a user who may not see it.

Role users: one user per built-in role (username = role code) plus ``none`` (signed in, no role).
Unit roles sit in unit A, division roles in division A, the rest nowhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts import roles as R

ROLE_CODES = [spec["code"] for spec in R.BUILTIN_ROLES]
UNIT_ROLES = {R.UNIT_CLERK, R.UNIT_SIGNATORY, R.TRAVELLER}
DIVISION_ROLES = {R.DIVISION_HEAD, R.DIVISION_STAFF}
ALL_SCOPE_ROLES = {R.OFFICE_LEADER, R.AUDITOR}
PASSWORD = "Waiban-Test-2026!"

# Marker texts of the OUTSIDE objects (and, for completeness, the inside ones).
MARK = {
    "case": ("界内测试案件甲", "界外测试案件乙"),
    "trip": ("界内出访团组甲", "界外出访团组乙"),
    "person": ("界内人员", "界外人员"),
    "passport": ("E11223344", "E99887766"),
    # --- invitations (邀请外国人来华) ---
    "invitation": ("界内邀请申请甲", "界外邀请申请乙"),
    "registration": ("界内邀请单位甲", "界外邀请单位乙"),
    # --- end invitations ---
    # --- visits ---
    "visit": ("界内来访团组甲", "界外来访团组乙"),
    "gift": ("界内礼品甲", "界外礼品乙"),
    # --- end visits ---
    # partners (apps.partners): an establishment case (the proposed city's name is in its title)
    "partner_case": ("界内结好城市甲", "界外结好城市乙"),
    # --- i13: 涉外管理处 ---
    "conference": ("界内国际会议甲", "界外国际会议乙"),
    "journalist": ("Inside JOURNALIST", "Outside JOURNALIST"),
    "bureau": ("界内记者站甲", "界外记者站乙"),
    "interview": ("界内采访对象甲", "界外采访对象乙"),
    "incident": ("界内涉外案件甲", "界外涉外案件乙"),
    "nomination": ("Inside NOMINEE", "Outside NOMINEE"),
    # --- end i13 ---
}

# Who may see the object of each kind (independent of the code under test: this is the requirement).
#   cases and trips: the applying unit's roles, the owning division's roles, the people taking part,
#   and scope "all"; people and passports belong to a unit only (division roles outside the custody
#   division do not see them), plus the person themselves.
VISIBLE = {
    "case": {
        "inside": ALL_SCOPE_ROLES | DIVISION_ROLES | UNIT_ROLES,
        "outside": ALL_SCOPE_ROLES,
    },
    "person": {
        "inside": ALL_SCOPE_ROLES | UNIT_ROLES,
        "outside": ALL_SCOPE_ROLES,
    },
}
VISIBLE["trip"] = VISIBLE["case"]
VISIBLE["passport"] = VISIBLE["person"]
VISIBLE["attachment"] = VISIBLE["case"]
VISIBLE["partner_case"] = VISIBLE["case"]  # partners (apps.partners)
VISIBLE["unit"] = VISIBLE["person"]  # a unit's custody data (passport suspension) follows people's scope
# --- invitations (邀请外国人来华) ---
# Invitations are cases without participants (the traveller, scope "self", takes no part); a unit's
# registration is its unit's and the reviewing division's.
VISIBLE["invitation"] = {
    "inside": ALL_SCOPE_ROLES | DIVISION_ROLES | {R.UNIT_CLERK, R.UNIT_SIGNATORY},
    "outside": ALL_SCOPE_ROLES,
}
VISIBLE["registration"] = VISIBLE["invitation"]
# --- end invitations ---
# Export jobs belong to their user: "inside" = the role user's own job, "outside" = another user's job.
VISIBLE["export"] = {"inside": {*ROLE_CODES, "none"}, "outside": set()}
# --- visits: a visit is a case; gifts belong to a unit and a division (the traveller's "self" scope
# reaches only what they registered) ---
VISIBLE["visit"] = VISIBLE["case"]
VISIBLE["gift"] = {
    "inside": ALL_SCOPE_ROLES | DIVISION_ROLES | {R.UNIT_CLERK, R.UNIT_SIGNATORY},
    "outside": ALL_SCOPE_ROLES,
}
# --- end visits ---
# --- documents: an issued document is seen by whoever sees its case ---
VISIBLE["document"] = VISIBLE["case"]
# --- i13: 涉外管理处 ---
VISIBLE["conference"] = VISIBLE["case"]
VISIBLE["interview"] = VISIBLE["case"]
VISIBLE["nomination"] = VISIBLE["case"]
# the journalists' register belongs to a division: its roles and scope "all"
VISIBLE["journalist"] = {"inside": ALL_SCOPE_ROLES | DIVISION_ROLES, "outside": ALL_SCOPE_ROLES}
VISIBLE["bureau"] = VISIBLE["journalist"]
# a restricted incident: only its circle (the handling division, the people added: the traveller here);
# scope "all" (leader, auditor) does not open it
VISIBLE["incident"] = {"inside": DIVISION_ROLES | {R.TRAVELLER}, "outside": set()}
# --- end i13 ---


def sees(role: str | None, kind: str, which: str) -> bool:
    if role is None:
        return False
    return role in VISIBLE[kind][which]


def _person(unit, name, number, user=None, id_seq=1):
    from apps.passports.models import Kind, Passport
    from apps.people import idcard
    from apps.people.models import Person

    p = Person.objects.create(
        full_name=name,
        sex="M",
        date_of_birth=dt.date(1975, 5, 1),
        unit=unit,
        title="科员",
        rank="division",
        id_number=idcard.make_fake("320302", dt.date(1975, 5, 1), id_seq),
        user=user,
    )
    pp = Passport.objects.create(
        holder=p,
        kind=Kind.OFFICIAL,
        number=number,
        issue_date=dt.date(2022, 1, 1),
        expiry_date=dt.date(2031, 1, 1),
        issuing_authority="江苏省外办",
    )
    return p, pp


def _trip(*, by, unit, person, title, jp):
    from apps.trips import services
    from apps.trips.schemas import BudgetRow, LegRow, MemberRow, ScheduleRow, TripInput

    dep = timezone.localdate() + dt.timedelta(days=40)
    ret = dep + dt.timedelta(days=4)
    trip = services.trip_create(
        by=by,
        unit=unit,
        input=TripInput(
            title=title,
            task="考察",
            departure_date=dep,
            return_date=ret,
            inviter_name="东京都教育委员会",
            inviter_country=jp.iso2,
            inviter_is_counterpart=True,
            funding_source="fiscal",
            delegation_type="self_organised",
            legs=[LegRow(country=jp.iso2, city="东京", arrival=dep, departure=ret)],
            members=[MemberRow(person_id=person.pk, role="head")],
            budget=[BudgetRow(category="international_fare", amount=Decimal("12000"), currency="CNY")],
            schedule=[ScheduleRow(date=dep, plan="抵达")],
        ),
    )
    # tripchain: the draft has been through the unit's notice and signature, so the clerk may submit
    start = timezone.localdate() - dt.timedelta(days=20)
    type(trip).objects.filter(pk=trip.pk).update(
        unit_notice_start=start,
        unit_notice_end=start + dt.timedelta(days=7),
        unit_notice_place="单位公示栏",
        unit_notice_result="公示期间无异议。",
        unit_notice_result_at=timezone.now(),
        unit_signoff="signed",
    )
    return type(trip).objects.get(pk=trip.pk)


def _xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["矩阵测试导出"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _export_job(user):
    """A finished export of ``user`` (with its file), as apps.exports leaves one."""
    from django.core.files.base import ContentFile

    from apps.exports.models import ExportJob

    job = ExportJob.objects.create(
        user=user,
        kind="matrix",
        title="矩阵测试导出",
        status=ExportJob.Status.DONE,
        progress=100,
        row_count=1,
        finished_at=timezone.now(),
    )
    job.file.save(f"matrix-{user.username}.xlsx", ContentFile(_xlsx()), save=True)
    return job


# --- visits ---
def _visits(*, users, clerk, other_clerk, traveller, unit_a, unit_b, div_a, div_b, country):
    """A visit with a participant and a seated event, and a gift, inside and outside; a city leader with a
    manual calendar entry and a feed token for every role user who may read the calendar."""
    from decimal import Decimal

    from apps.visits import services as vs
    from apps.visits.models import CalendarEntry, FeedToken, Gift, Leader, Visit

    start = timezone.localdate() + dt.timedelta(days=30)

    def visit(by, unit, division, title):
        v = vs.visit_create(
            by=by,
            unit=unit,
            data={
                "title": title,
                "level": "general",
                "guest_country": country,
                "arrival_date": start,
                "departure_date": start + dt.timedelta(days=2),
                "head_name": title,
            },
        )
        Visit.objects.filter(pk=v.pk).update(division=division)
        v.refresh_from_db()
        p = vs.participant_save(visit=v, by=by, data={"side": "guest", "name": title, "rank": 50})
        e = vs.event_save(
            visit=v,
            by=by,
            participants=[p],
            data={
                "kind": "meeting",
                "title": title,
                "date": start,
                "start": dt.time(9),
                "end": dt.time(10),
                "venue": title,
                "door": "long_side",
            },
        )
        return v, p, e

    v_in, p_in, e_in = visit(clerk, unit_a, div_a, MARK["visit"][0])
    v_in.participants.add(traveller)
    v_out, p_out, e_out = visit(other_clerk, unit_b, div_b, MARK["visit"][1])

    def gift(by, unit, division, title):
        g = vs.gift_create(
            by=by,
            unit=unit,
            data={
                "direction": "received",
                "description": title,
                "counterpart": title,
                "person": title,
                "on_date": timezone.localdate(),
                "value": Decimal("500"),
            },
        )
        Gift.objects.filter(pk=g.pk).update(division=division)
        g.refresh_from_db()
        return g

    from apps.visits.models import FollowUp

    f_in, f_out = (
        FollowUp.objects.create(
            visit=v, task=v.title, responsible=v.title, due_date=start, created_by=v.created_by
        )
        for v in (v_in, v_out)
    )
    g_in = gift(clerk, unit_a, div_a, MARK["gift"][0])
    g_out = gift(other_clerk, unit_b, div_b, MARK["gift"][1])
    leader = Leader.objects.create(name="矩阵市长", title="市长")
    now = timezone.now()
    CalendarEntry.objects.create(
        leader=leader, title="矩阵日程", starts_at=now, ends_at=now + dt.timedelta(hours=1)
    )
    tokens = {
        code: FeedToken.objects.create(user=u, leader=leader)
        for code, u in users.items()
        if u.has_perm("visits.calendar")
    }
    tokens["outside"] = FeedToken.objects.create(user=other_clerk, leader=leader)
    return {
        "visit": {"inside": v_in, "outside": v_out},
        "visit_participant": {"inside": p_in, "outside": p_out},
        "visit_event": {"inside": e_in, "outside": e_out},
        "visit_follow_up": {"inside": f_in, "outside": f_out},
        "gift": {"inside": g_in, "outside": g_out},
        "feed_token": tokens,
    }


# --- end visits ---


def build():
    """Create the world (call inside a transaction that is rolled back afterwards)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.accounts.models import Role, User
    from apps.audit.models import AuditEvent
    from apps.casework import services as cw
    from apps.casework.demo import load_routing
    from apps.casework.models import Attachment, CaseType
    from apps.casework.tests.casetype.models import SimpleCase
    from apps.org import demo as org_demo
    from apps.org.models import Division
    from apps.reference.models import Country
    from apps.trips.demo import load_setup

    org_demo.load_office()
    units = org_demo.load_units()
    divisions = {d.code: d for d in Division.objects.all()}
    load_routing(divisions)
    load_setup(divisions)
    unit_a, unit_b = units["徐州市教育局"], units["徐州市商务局"]
    div_a, div_b = divisions["europe_africa_oceania"], divisions["americas_asia"]

    users = {}
    for code in [*ROLE_CODES, "none"]:
        u = User.objects.create_user(
            username=code,
            password=PASSWORD,
            full_name=f"角色{code}",
            unit=unit_a if code in UNIT_ROLES else None,
            division=div_a if code in DIVISION_ROLES else None,
        )
        u.roles.set(Role.objects.filter(code=code))
        if code in R.ADMIN_ROLES:
            TOTPDevice.objects.create(user=u, name="test", confirmed=True)
        users[code] = u
    other_clerk = User.objects.create_user(
        username="other_clerk", password=PASSWORD, full_name="外单位专办员", unit=unit_b
    )
    other_clerk.roles.set(Role.objects.filter(code=R.UNIT_CLERK))
    clerk, traveller = users[R.UNIT_CLERK], users[R.TRAVELLER]

    person_in, passport_in = _person(
        unit_a, MARK["person"][0], MARK["passport"][0], user=traveller, id_seq=11
    )
    person_out, passport_out = _person(unit_b, MARK["person"][1], MARK["passport"][1], id_seq=13)

    case_type = CaseType.objects.create(
        code="simple", name="测试事项", reference_prefix="徐外测", sla_working_days=10
    )
    fr = Country.objects.get(iso2="FR")
    case_in = cw.case_create(
        model=SimpleCase,
        case_type=case_type,
        by=clerk,
        applicant_unit=unit_a,
        title=MARK["case"][0],
        participants=[traveller],
        country=fr,
    )
    case_out = cw.case_create(
        model=SimpleCase,
        case_type=case_type,
        by=other_clerk,
        applicant_unit=unit_b,
        title=MARK["case"][1],
        country=fr,
    )
    SimpleCase.objects.filter(pk=case_in.pk).update(division=div_a)
    SimpleCase.objects.filter(pk=case_out.pk).update(division=div_b)

    def attach(case, by, name):
        cw.attachment_add(
            case=case,
            by=by,
            kind="other",
            upload=SimpleUploadedFile(name, b"%PDF-1.4 test", "application/pdf"),
        )
        return Attachment.objects.filter(case=case).order_by("-pk").first()

    att_in = attach(case_in, clerk, "in.pdf")
    att_out = attach(case_out, other_clerk, "out.pdf")

    jp = Country.objects.get(iso2="JP")
    trip_in = _trip(by=clerk, unit=unit_a, person=person_in, title=MARK["trip"][0], jp=jp)
    trip_out = _trip(by=other_clerk, unit=unit_b, person=person_out, title=MARK["trip"][1], jp=jp)
    type(trip_in).objects.filter(pk=trip_in.pk).update(division=div_a)
    type(trip_out).objects.filter(pk=trip_out.pk).update(division=div_b)
    trip_in.participants.add(traveller)

    # --- documents: one issued document per case, its PDF stored (so the matrix never renders) ---
    from apps.documents import services as doc_services
    from apps.documents.models import RenderedFile

    documents = {}
    for which, case, by in (("inside", case_in, clerk), ("outside", case_out, other_clerk)):
        doc = doc_services.issue(
            kind="matrix.letter",
            target=case,
            number_prefix="徐外测",
            context={},
            by=by,
            title=MARK["case"][0 if which == "inside" else 1],
            template="documents/example.html",
        )
        for language in doc_services.LANGUAGES:
            RenderedFile.objects.create(
                document=doc, language=language, renderer=doc_services.renderer_id(), content=b"%PDF-1.4 m"
            )
        documents[which] = doc

    from apps.accounts import services as acc
    from apps.accounts.models import UserSession

    acc.token_create(by=clerk, name="matrix token")  # a user creates tokens for themself only
    UserSession.objects.create(session_key="matrix-session-key", user=clerk)
    # --- i13: 涉外管理处 ---
    i13 = _i13_world(
        clerk=clerk,
        other_clerk=other_clerk,
        traveller=traveller,
        unit_a=unit_a,
        unit_b=unit_b,
        div_a=div_a,
        div_b=div_b,
    )
    # --- end i13 ---
    event = AuditEvent.objects.order_by("pk").first()
    export_job = {code: _export_job(u) for code, u in users.items()}
    export_job["outside"] = _export_job(other_clerk)
    invitation, registration = _invitations(clerk, other_clerk, unit_a, unit_b, div_a, div_b, jp)
    visits_world = _visits(  # visits
        users=users,
        clerk=clerk,
        other_clerk=other_clerk,
        traveller=traveller,
        unit_a=unit_a,
        unit_b=unit_b,
        div_a=div_a,
        div_b=div_b,
        country=fr,
    )
    partner_case, partner_note = _partners(users, other_clerk, unit_a, unit_b, div_a, div_b, traveller)
    return SimpleNamespace(
        **visits_world,  # visits
        invitation=invitation,
        registration=registration,
        partner_case=partner_case,  # partners (apps.partners)
        partner_note=partner_note,
        users=users,
        other_clerk=other_clerk,
        unit_a=unit_a,
        unit_b=unit_b,
        div_a=div_a,
        div_b=div_b,
        case={"inside": case_in, "outside": case_out},
        attachment={"inside": att_in, "outside": att_out},
        document=documents,
        trip={"inside": trip_in, "outside": trip_out},
        person={"inside": person_in, "outside": person_out},
        unit={"inside": unit_a, "outside": unit_b},
        passport={"inside": passport_in, "outside": passport_out},
        event=event,
        export_job=export_job,
        case_type=case_type,
        country=fr,
        **i13,
    )


# --- invitations (邀请外国人来华) ---
def invitation_body(n: int = 1) -> dict:
    """A valid application (API body) for the access matrix."""
    entry = timezone.localdate() + dt.timedelta(days=40)
    return {
        "title": "矩阵测试邀请",
        "purpose": "学术交流",
        "entry_date": entry.isoformat(),
        "stay_days": 5,
        "cities": "徐州",
        "invitees": [
            {
                "name": f"MATRIX GUEST{i}",
                "sex": "F",
                "date_of_birth": "1980-01-01",
                "nationality": "JP",
                "passport_number": f"MX{i}000111",
                "passport_expiry": "2035-01-01",
            }
            for i in range(n)
        ],
    }


def _invitations(clerk, other_clerk, unit_a, unit_b, div_a, div_b, jp):
    """An approved registration and a draft application of unit A (division A) and of unit B."""
    from apps.invitations import services as inv
    from apps.invitations.models import Invitation, Registration

    regs, invs = {}, {}
    for which, by, unit, div, n in (
        ("inside", clerk, unit_a, div_a, 0),
        ("outside", other_clerk, unit_b, div_b, 1),
    ):
        reg = inv.registration_submit(
            by=by,
            unit=unit,
            data={
                "name_zh": MARK["registration"][n],
                "name_en": "Matrix Unit",
                "address": "徐州市",
                "contact_name": "联系人",
                "contact_phone": "0516-80000000",
                "leader_name": "负责人",
                "leader_title": "副局长",
                "clerks": "专办员",
                "clerk_ids_checked": True,
            },
        )
        Registration.objects.filter(pk=reg.pk).update(division=div, status=Registration.Status.APPROVED)
        regs[which] = Registration.objects.get(pk=reg.pk)
        body = invitation_body()
        rows = [
            {
                **r,
                "nationality": jp,
                "date_of_birth": dt.date(1980, 1, 1),
                "passport_expiry": dt.date(2035, 1, 1),
            }
            for r in body.pop("invitees")
        ]
        rows[0]["passport_number"] = f"MXW{n}00222"
        body["entry_date"] = timezone.localdate() + dt.timedelta(days=40)
        body["title"] = MARK["invitation"][n]
        case = inv.invitation_create(by=by, unit=unit, data=body, invitees=rows)
        Invitation.objects.filter(pk=case.pk).update(division=div)
        invs[which] = Invitation.objects.get(pk=case.pk)
    return invs, regs


# --- end invitations ---
# --- partners (apps.partners) --------------------------------------------------------------------------
def _partners(users, other_clerk, unit_a, unit_b, div_a, div_b, traveller):
    """The shipped partner list, an establishment case inside and outside, a plan with an item and a
    research note of division A (Europe, Africa and Oceania)."""
    from apps.partners import services as ps
    from apps.partners.migrations_data import ensure_case_types
    from apps.partners.models import PartnershipCase
    from apps.reference.models import Country

    ensure_case_types()
    ps.shipped_partners_load()
    fr = Country.objects.get(iso2="FR")
    cases = {}
    for which, by, unit, div in (
        ("inside", users[R.UNIT_CLERK], unit_a, div_a),
        ("outside", other_clerk, unit_b, div_b),
    ):
        case = ps.establishment_create(
            by=by,
            unit=unit,
            data={
                "partner_name_zh": MARK["partner_case"][0 if which == "inside" else 1],
                "country": fr,
                "category": "friendship",
                "intent_signed_on": dt.date(2025, 1, 10),
                "exchanges_summary": "矩阵测试交往情况",
            },
        )
        PartnershipCase.objects.filter(pk=case.pk).update(division=div)
        cases[which] = case
    cases["inside"].participants.add(traveller)
    plan = ps.plan_create(by=users[R.DIVISION_STAFF], year=2026)
    ps.plan_item_add(
        plan=plan,
        by=users[R.DIVISION_STAFF],
        data={"kind": "event", "country": fr, "description": "矩阵测试"},
    )
    note = ps.note_save(
        country=Country.objects.get(iso2="DE"), by=users[R.DIVISION_STAFF], title="矩阵测试", body="内容"
    )
    return cases, note


# --- i13: 涉外管理处 -------------------------------------------------------------------------------------
def _i13_world(*, clerk, other_clerk, traveller, unit_a, unit_b, div_a, div_b) -> dict:
    from apps.conferences import services as conferences
    from apps.conferences.models import Conference
    from apps.reference.models import Country

    three = list(Country.objects.filter(iso2__in=["FR", "DE", "JP"]))

    def conference(by, unit, title, division):
        start = timezone.localdate() + dt.timedelta(days=200)
        data = {
            "title": title,
            "name_en": "Matrix Conference",
            "start_date": start,
            "end_date": start + dt.timedelta(days=2),
            "venue": "徐州",
            "organiser": "测试主办单位",
            "total_participants": 100,
            "foreign_participants": 30,
            "contact_name": "联系人",
            "contact_phone": "0516-0000",
        }
        c = conferences.conference_create(by=by, unit=unit, data=data, countries=three)
        Conference.objects.filter(pk=c.pk).update(division=division)
        return c

    conf_in = conference(clerk, unit_a, MARK["conference"][0], div_a)
    conf_out = conference(other_clerk, unit_b, MARK["conference"][1], div_b)
    conf_in.participants.add(traveller)

    from apps.journalists import services as journalists
    from apps.journalists.models import Bureau, InterviewRequest, Journalist

    fr = Country.objects.get(iso2="FR")
    head = traveller.__class__.objects.get(username="division_head")

    def bureau(name, division, by):
        return Bureau.objects.create(
            name=name, name_en="Matrix Bureau", country=fr, address="徐州", division=division, created_by=by
        )

    def journalist(name, division, by):
        return Journalist.objects.create(
            name=name,
            nationality=fr,
            kind="resident",
            visa_kind="J1",
            media="测试媒体",
            arrival_date=dt.date(2026, 3, 2),
            division=division,
            created_by=by,
        )

    def interview(by, unit, who, division):
        i = journalists.interview_create(
            by=by,
            unit=unit,
            data={
                "journalist_name": "Matrix REPORTER",
                "media": "测试媒体",
                "nationality": fr,
                "visa_kind": "J2",
                "interviewee": who,
                "topic": "测试",
                "planned_date": timezone.localdate() + dt.timedelta(days=30),
                "consent_given": True,
                "consent_on": timezone.localdate(),
            },
        )
        InterviewRequest.objects.filter(pk=i.pk).update(division=division)
        return i

    int_in = interview(clerk, unit_a, MARK["interview"][0], div_a)
    int_out = interview(other_clerk, unit_b, MARK["interview"][1], div_b)
    int_in.participants.add(traveller)

    from apps.incidents.models import Incident, Member

    def incident(ref, title, division, by):
        return Incident.objects.create(
            reference=ref,
            title=title,
            direction="inbound",
            kind="dispute",
            occurred_on=dt.date(2026, 3, 1),
            place="徐州",
            country=fr,
            persons="测试当事人",
            summary="测试",
            division=division,
            created_by=by,
        )

    inc_in = incident("徐外涉〔2026〕901号", MARK["incident"][0], div_a, head)
    inc_out = incident("徐外涉〔2026〕902号", MARK["incident"][1], div_b, other_clerk)
    Member.objects.create(incident=inc_in, user=traveller, reason="矩阵测试")

    from apps.honours import services as honours
    from apps.honours.models import Nomination

    def nomination(by, unit, name, division):
        n = honours.nomination_create(
            by=by,
            unit=unit,
            data={
                "nominee_name": name,
                "nationality": fr,
                "employer": "测试企业",
                "supervising_body": "测试主管部门",
                "working_since": dt.date(2015, 1, 1),
                "contributions": "测试",
            },
        )
        Nomination.objects.filter(pk=n.pk).update(division=division)
        return n

    nom_in = nomination(clerk, unit_a, MARK["nomination"][0], div_a)
    nom_out = nomination(other_clerk, unit_b, MARK["nomination"][1], div_b)
    nom_in.participants.add(traveller)
    return {
        "nomination": {"inside": nom_in, "outside": nom_out},
        "incident": {"inside": inc_in, "outside": inc_out},
        "conference": {"inside": conf_in, "outside": conf_out},
        "bureau": {
            "inside": bureau(MARK["bureau"][0], div_a, head),
            "outside": bureau(MARK["bureau"][1], div_b, other_clerk),
        },
        "journalist": {
            "inside": journalist(MARK["journalist"][0], div_a, head),
            "outside": journalist(MARK["journalist"][1], div_b, other_clerk),
        },
        "interview": {"inside": int_in, "outside": int_out},
    }


# --- end i13 ---


def outside_markers(role: str | None) -> list[str]:
    """The marker texts this role must never receive (objects it may not see)."""
    # Only the outside objects: an inside person legitimately appears on an inside trip's page even for
    # a role that may not open the person's own record.
    return [m_out for kind, (_m_in, m_out) in MARK.items() if not sees(role, kind, "outside")]
