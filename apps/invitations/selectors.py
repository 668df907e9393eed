"""Every read of invitations and registrations goes through the data scope; outside it → Http404.

Invitations are cases (``apps.casework.selectors.SCOPE_PATHS``: the applying unit, the handling division,
the people involved); registrations are scoped by their unit, the reviewing division and the filer.
The public verification (no login) reveals only what the verification page shows.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.accounts.selectors import scoped
from apps.casework.models import CaseState
from apps.casework.selectors import SCOPE_PATHS

from .models import Invitation, Invitee, Registration, Stage

S = CaseState
LIST_RELATED = ("case_type", "applicant_unit", "division", "assignee", "created_by")
REGISTRATION_PATHS = {"unit": "unit", "division": "division", "users": ("submitted_by",)}


def _pk(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


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
    inv = scoped_invitations(user).filter(pk=_pk(pk)).first()
    if inv is None or not user.has_perm("casework.view_case", inv):
        raise Http404
    return inv


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
    reg = scoped_registrations(user).filter(pk=_pk(pk)).first()
    if reg is None or not user.has_perm("invitations.view_registration", reg):
        raise Http404
    return reg


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
