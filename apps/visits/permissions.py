"""Who may do what with visits, gifts and the leaders' calendar.

* A visit is a case: seeing it is ``casework.view_case`` (the casework data scope). Planning its
  programme and participants: the hosting unit's clerk (the applicant side) or a reviewer of the owning
  division, while the case is open or approved (:func:`may_plan`).
* Gifts are scoped by their unit and division (``apps.accounts.selectors.scoped``); ``visits.view_gift``
  is the single-object form of the same rule.
* The leaders' calendar: ``visits.calendar`` (the secretariat) sees and edits every leader's calendar; a
  leader with a login sees their own (``visits.view_calendar``).
"""

from __future__ import annotations

import rules

from apps.accounts.permissions import has_code, in_scope
from apps.casework import permissions as cw

PLANNABLE_STATES = ("draft", "submitted", "in_review", "returned", "pending_approval", "approved")


def may_plan(visit, user) -> bool:
    if visit.state not in PLANNABLE_STATES:
        return False
    return cw.can_apply(visit, user) or cw.is_division_reviewer(visit, user)


def may_write_summary(visit, user) -> bool:
    return visit.state == "approved" and (cw.can_apply(visit, user) or cw.is_division_reviewer(visit, user))


def may_close_follow_up(visit, user) -> bool:
    """After the case is closed its follow-ups are still ticked off by the hosting unit or the division."""
    return cw.can_apply(visit, user) or cw.is_division_reviewer(visit, user)


@rules.predicate
def is_leader(user) -> bool:
    return bool(
        user and user.is_authenticated and hasattr(user, "visits_leader") and user.visits_leader.is_active
    )


def leader_of(user):
    try:
        return user.visits_leader
    except Exception:
        return None


LEADER_CACHE_SECONDS = 300


def leader_cache_key(user_id) -> str:
    return f"visits:is-leader:{user_id}"


def is_linked_leader(user) -> bool:
    """Whether ``user`` is linked to an active leader record; remembered in the cache (the navigation
    asks on every page), forgotten by ``services.leader_save`` when a link changes."""
    from django.core.cache import cache

    key = leader_cache_key(user.pk)
    known = cache.get(key)
    if known is None:
        leader = leader_of(user)
        known = bool(leader and leader.is_active)
        cache.set(key, known, LEADER_CACHE_SECONDS)
    return known


@rules.predicate
def _is_calendar_reader(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.has_perm("visits.calendar") or is_linked_leader(user))
    )


@rules.predicate
def _may_read_leader(user, leader) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.has_perm("visits.calendar") or (leader is not None and leader.user_id == user.pk)


def may_record_gift(user) -> bool:
    return bool(user.has_perm("casework.apply") or user.has_perm("visits.gifts"))


def may_edit_gift(gift, user) -> bool:
    """Declaring a received gift and changing its photo: whoever registered it, a unit's clerk or the
    office's gift managers (seeing the gift — the data scope — is checked first, by the selector)."""
    return gift.created_by_id == user.pk or may_record_gift(user)


rules.add_perm("visits.view_calendar", _is_calendar_reader)
rules.add_perm("visits.read_leader", _may_read_leader)
rules.add_perm("visits.view_gift", has_code("casework.view") & in_scope)
