"""Every read of invitations and registrations goes through the data scope; outside it → Http404.

Invitations are cases (``apps.casework.selectors.SCOPE_PATHS``: the applying unit, the handling division,
the people involved); registrations are scoped by their unit, the reviewing division and the filer.
The public verification (no login) reveals only what the verification page shows.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from apps.accounts.selectors import scoped
from apps.casework.models import CaseState
from apps.casework.selectors import SCOPE_PATHS
from apps.core.selectors import row_or_404

from .models import Invitation, Invitee, Registration, Stage

S = CaseState
LIST_RELATED = ("case_type", "applicant_unit", "division", "assignee", "created_by")
REGISTRATION_PATHS = {"unit": "unit", "division": "division", "users": ("submitted_by",)}


# --- invitations ---------------------------------------------------------------------------------------
def scoped_invitations(user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Invitation.objects.none()
    return scoped(Invitation.objects.active().select_related(*LIST_RELATED), user, **SCOPE_PATHS)


def invitation_list(*, user) -> QuerySet:
    """Invitations in scope, newest first, with their number of invitees; filters are
    ``apps.invitations.filters.InvitationFilter``."""
    return scoped_invitations(user).annotate(invitee_count=Count("invitees")).order_by("-created_at", "-id")


def invitation_get(*, user, pk) -> Invitation:
    return row_or_404(scoped_invitations(user), pk, user=user, perm="casework.view_case")


def invitees_of(invitation: Invitation) -> list[Invitee]:
    return list(invitation.invitees.select_related("nationality", "foreigner").order_by("order", "id"))


def in_city_now(*, user) -> QuerySet:
    """Invitees reported as having come whose stay includes today (the office's "in the city now")."""
    today = timezone.localdate()
    return (
        Invitee.objects.filter(invitation__in=scoped_invitations(user), invitation__stage=Stage.ISSUED)
        .filter(invitation__entry_date__lte=today)
        .select_related("invitation", "nationality", "invitation__applicant_unit")
    )


# --- registrations -------------------------------------------------------------------------------------
def scoped_registrations(user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.has_perm("casework.view")):
        return Registration.objects.none()
    return scoped(
        Registration.objects.active().select_related("unit", "division", "submitted_by", "reviewed_by"),
        user,
        **REGISTRATION_PATHS,
    )


def registration_list(*, user) -> QuerySet:
    return scoped_registrations(user).order_by("-created_at", "-id")


def registration_get(*, user, pk) -> Registration:
    return row_or_404(scoped_registrations(user), pk, user=user, perm="invitations.view_registration")


def own_registration(*, user) -> Registration | None:
    if not user.unit_id:
        return None
    return scoped_registrations(user).filter(unit_id=user.unit_id).first()


def unit_record(registration: Registration) -> dict:
    """A unit's record as the office sees it: invitations issued, overdue close-outs, problems."""
    today = timezone.localdate()
    qs = Invitation.objects.active().filter(applicant_unit_id=registration.unit_id)
    return qs.aggregate(
        issued=Count("pk", filter=~Q(stage=Stage.APPLICATION)),
        open_close_outs=Count("pk", filter=Q(state=S.APPROVED)),
        overdue=Count("pk", filter=Q(state=S.APPROVED, close_out_due__lt=today)),
        problems=Count("pk", filter=~Q(problems="")),
    )


# --- the public verification (no login) ---------------------------------------------------------------
def verification(code: str) -> dict | None:
    """What the public page shows for a verification code, or None when no letter has it (forged)."""
    code = "".join((code or "").split()).upper()
    if not code or len(code) > 32:
        return None
    inv = (
        Invitation.objects.filter(verification_code=code, archived_at__isnull=True)
        .select_related("applicant_unit")
        .first()
    )
    if inv is None or inv.stage == Stage.APPLICATION:
        return None
    today = timezone.localdate()
    if inv.stage == Stage.CANCELLED:
        status = "cancelled"
    elif inv.stage == Stage.CLOSED_OUT:
        status = "used"
    elif inv.valid_until and inv.valid_until < today:
        status = "expired"
    else:
        status = "valid"
    invitees = [
        {"name": i.name_masked, "nationality": str(i.nationality)}
        for i in inv.invitees.select_related("nationality").order_by("order", "id")
    ]
    return {
        "number": inv.letter_number,
        "valid_until": inv.valid_until,
        "unit": inv.applicant_unit.name,
        "invitees": invitees,
        "status": status,
    }


# --- statistics (邀请统计) -------------------------------------------------------------------------------
STAT_DIMENSIONS = ("nationality", "unit", "visa_type", "month", "purpose")


def statistics(*, user, year: int, by: str) -> tuple[list[dict], dict]:
    """Issued invitations (letters issued in ``year`` by planned entry date) in the user's scope,
    counted by ``by``: invitations, invitees, and invitees reported as having come."""
    import datetime as dt

    from django.db.models import Count, Q
    from django.db.models.functions import ExtractMonth

    from .models import VisaType

    if by not in STAT_DIMENSIONS:
        by = "nationality"
    issued = scoped_invitations(user).exclude(stage=Stage.APPLICATION)
    issued = issued.filter(entry_date__gte=dt.date(year, 1, 1), entry_date__lt=dt.date(year + 1, 1, 1))
    invitees = Invitee.objects.filter(invitation__in=issued.values("pk"))
    came = Count("pk", filter=Q(outcome=Invitee.Outcome.CAME))
    if by == "nationality":
        rows = invitees.values("nationality__name_zh", "nationality__name_en").annotate(
            invitations=Count("invitation", distinct=True), invitees=Count("pk"), came=came
        )
        from django.utils.translation import get_language

        en = (get_language() or "").startswith("en")
        out = [
            {
                "label": r["nationality__name_en"] if en else r["nationality__name_zh"],
                **{k: r[k] for k in ("invitations", "invitees", "came")},
            }
            for r in rows
        ]
    else:
        key = {
            "unit": "invitation__applicant_unit__name",
            "visa_type": "invitation__visa_type",
            "purpose": "invitation__purpose",
            "month": "month",
        }[by]
        qs = invitees.annotate(month=ExtractMonth("invitation__entry_date")) if by == "month" else invitees
        rows = qs.values(key).annotate(
            invitations=Count("invitation", distinct=True), invitees=Count("pk"), came=came
        )
        labels = dict(VisaType.choices)
        out = []
        for r in rows:
            value = r[key]
            label = str(labels.get(value, value)) if by == "visa_type" else value
            out.append({"label": label, **{k: r[k] for k in ("invitations", "invitees", "came")}})
    if by == "month":
        out.sort(key=lambda r: r["label"] or 0)
    else:
        out.sort(key=lambda r: (-r["invitees"], str(r["label"])))
    total = {
        "label": None,
        "invitations": issued.count(),
        "invitees": sum(r["invitees"] for r in out),
        "came": sum(r["came"] for r in out),
    }
    return out, total
