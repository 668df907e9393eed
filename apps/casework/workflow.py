"""Declaring a case type's transitions, each in one place, and reading those declarations.

A transition of a case type is a ``django_fsm`` transition declared with :func:`case_transition`: next
to the method one reads who may fire it, its label, whether a comment is required, whether the applicant
side sees it, what is checked before it, the follow-up work done with it and who is told of it::

    @case_transition(
        source=S.PENDING_APPROVAL,
        target=S.REJECTED,
        permission=p.can_approve,
        label=_("不予批准"),
        comment_required=True,
        four_eyes=True,
        notify=("applicant", "assignee"),
    )
    def reject(self, *, by=None, **kwargs):
        self.decided_at = timezone.now()

A case type that inherits a transition and adds to it (a trip's check before approval, its travellers
told of the decision) declares so with :func:`extend_transition` in its own class body::

    approve = extend_transition(
        Case.approve,
        follow_up=["apps.trips.services.check_before_approval", then("_open_stages")],
        notify=["travellers", "division"],
    )

The engine (:func:`apps.casework.services.transition`) reads nothing but these declarations. Recipient
groups are names resolved by :mod:`apps.casework.recipients`; a case type's app registers its own groups
in its ``AppConfig.ready()``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django_fsm import FSMFieldMixin, can_proceed, transition

SPEC_KEY = "casework"

# A hook is a callable or the dotted path of one ("apps.trips.services.check_before_submit"): a path is
# imported when the hook first runs, so a model can name work that lives in its app's services.
Hook = Callable | str


@dataclass(frozen=True)
class TransitionSpec:
    """What the engine does with a transition besides changing the state.

    - ``label``: what users read (buttons, messages, notifications; gettext_lazy, Chinese source).
    - ``comment_required``: a comment (reason) must be given; ``missing_comment`` is the message when
      it is not (default: 请填写“<label>”的理由。).
    - ``internal``: the applicant side does not see the timeline entry (nor its comment in notices).
    - ``four_eyes``: nobody who submitted the case or takes part in it may fire it.
    - ``timeline_label``: what the timeline reads after "状态变更：" (default: the new state's label, or
      the transition's label when the state does not change).
    - ``validate``: hooks ``(case, *, by, comment, **params) -> dict | None`` run before anything is
      written; they raise ``ServiceError`` to refuse, and may return parameters for the method
      (the engine's ``assign`` resolves the assignee this way).
    - ``follow_up``: hooks ``(case, *, by, comment, **params)`` run inside the service's transaction
      after the state changed and before the case is saved (numbers, routing, a trip's check…);
      a ``ServiceError`` they raise rolls the whole transition back.
    - ``notify``: names of recipient groups told of the step (``apps.casework.recipients``).
    """

    label: str
    comment_required: bool = False
    missing_comment: str | None = None
    internal: bool = False
    four_eyes: bool = False
    timeline_label: str | None = None
    validate: tuple[Hook, ...] = field(default=())
    follow_up: tuple[Hook, ...] = field(default=())
    notify: tuple[str, ...] = field(default=())

    def extended(
        self, *, validate: Iterable[Hook] = (), follow_up: Iterable[Hook] = (), notify=(), **changes
    ) -> TransitionSpec:
        """This spec with hooks and recipients added after its own and other settings replaced."""
        return replace(
            self,
            validate=(*self.validate, *validate),
            follow_up=(*self.follow_up, *follow_up),
            notify=tuple(dict.fromkeys((*self.notify, *notify))),
            **changes,
        )


def _custom(spec: TransitionSpec) -> dict:
    # "label" too, for tools that read django_fsm's custom label (graph_transitions, admin integrations)
    return {"label": spec.label, SPEC_KEY: spec}


def case_transition(
    *,
    source,
    target,
    label,
    permission=None,
    field="state",
    conditions: Iterable[Callable] = (),
    on_error=None,
    comment_required: bool = False,
    missing_comment=None,
    internal: bool = False,
    four_eyes: bool = False,
    timeline_label=None,
    validate: Iterable[Hook] = (),
    follow_up: Iterable[Hook] = (),
    notify: Iterable[str] = (),
):
    """``django_fsm.transition`` plus the engine's declaration of the transition (:class:`TransitionSpec`)."""
    spec = TransitionSpec(
        label=label,
        comment_required=comment_required,
        missing_comment=missing_comment,
        internal=internal,
        four_eyes=four_eyes,
        timeline_label=timeline_label,
        validate=tuple(validate),
        follow_up=tuple(follow_up),
        notify=tuple(notify),
    )
    return transition(
        field=field,
        source=source,
        target=target,
        on_error=on_error,
        conditions=list(conditions),
        permission=permission,
        custom=_custom(spec),
    )


def extend_transition(
    base,
    *,
    conditions: Iterable[Callable] = (),
    validate: Iterable[Hook] = (),
    follow_up: Iterable[Hook] = (),
    notify: Iterable[str] = (),
    **changes,
):
    """An inherited transition (``Case.approve``) as a case type has it: the same body, sources, target
    and permission, with ``conditions``, ``validate`` and ``follow_up`` hooks and ``notify`` groups added
    after the base's, and any other setting of :class:`TransitionSpec` (``label=``…) replaced.

    Assign it to the same name in the case type's class body (``approve = extend_transition(...)``);
    the base class keeps its own declaration.
    """
    func = getattr(base, "__wrapped__", base)
    meta = getattr(func, "_django_fsm", None)
    if meta is None or not meta.transitions:
        raise ImproperlyConfigured(f"{base!r} is not a django_fsm transition")
    conditions, validate, follow_up, notify = (
        list(conditions),
        tuple(validate),
        tuple(follow_up),
        tuple(notify),
    )

    @functools.wraps(func, assigned=("__module__", "__name__", "__qualname__", "__doc__"), updated=())
    def body(self, *args, **kwargs):
        return func(self, *args, **kwargs)

    method = body
    for t in meta.transitions.values():
        spec = t.custom.get(SPEC_KEY)
        if spec is None:
            raise ImproperlyConfigured(f"{func.__qualname__} is not declared with case_transition()")
        spec = spec.extended(validate=validate, follow_up=follow_up, notify=notify, **changes)
        method = transition(
            field=meta.field,
            source=t.source,
            target=t.target,
            on_error=t.on_error,
            conditions=[*t.conditions, *conditions],
            permission=t.permission,
            custom=_custom(spec),
        )(method)
    return method


# --- reading the declarations -------------------------------------------------------------------------
def concrete_model(case) -> type:
    """The model class of the case type behind ``case`` (a generic ``Case`` row knows its label)."""
    label = getattr(case, "model_label", "")
    if not label or label == case._meta.label:
        return type(case)
    return django_apps.get_model(label)


def _meta(model: type, name: str):
    if not name or name.startswith("_"):  # private transitions are only fired by follow-up work
        return None
    return getattr(getattr(model, name, None), "_django_fsm", None)


def spec_for(case_or_model, name: str) -> TransitionSpec | None:
    """The declaration of transition ``name`` of a case (from its current state) or of a case model;
    None when the model has no such declared transition."""
    model = case_or_model if isinstance(case_or_model, type) else type(case_or_model)
    meta = _meta(model, name)
    if meta is None:
        return None
    t = None
    if not isinstance(case_or_model, type) and isinstance(meta.field, FSMFieldMixin):
        t = meta.get_transition(meta.field.get_state(case_or_model))
    if t is None or SPEC_KEY not in t.custom:
        t = next((t for t in meta.transitions.values() if SPEC_KEY in t.custom), None)
    return t.custom[SPEC_KEY] if t is not None else None


def declared_transitions(model: type) -> dict[str, TransitionSpec]:
    """Every transition of ``model`` declared for the engine, by name (state and any other FSM field)."""
    out: dict[str, TransitionSpec] = {}
    for f in model._meta.fields:
        if isinstance(f, FSMFieldMixin):
            for name in f.transitions.get(model, {}):
                spec = spec_for(model, name)
                if spec is not None:
                    out[name] = spec
    return out


def state_label(state: str) -> str:
    from .models import CaseState

    try:
        return str(CaseState(state).label)
    except ValueError:
        return state


def transition_label(case, name: str) -> str:
    spec = spec_for(case, name) if case is not None else None
    return str(spec.label) if spec is not None else name


def comment_required(case, name: str) -> bool:
    spec = spec_for(case, name)
    return bool(spec and spec.comment_required)


def is_internal(case, name: str) -> bool:
    spec = spec_for(case, name)
    return bool(spec and spec.internal)


def timeline_label(entry) -> str:
    """What a state entry of the timeline reads after "状态变更：": the transition's declared timeline
    label, else (state unchanged) the transition's label, else the new state's label."""
    name = entry.transition or ""
    spec = spec_for(concrete_model(entry.case), name) if name and name != "create" else None
    if spec is not None and spec.timeline_label:
        return str(spec.timeline_label)
    if spec is not None and entry.from_state and entry.from_state == entry.to_state:
        return str(spec.label)
    return state_label(entry.to_state)


@functools.cache
def _imported(path: str) -> Callable:
    return import_string(path)


def resolve_hook(hook: Hook) -> Callable:
    """The callable of a hook given as a callable or as a dotted path."""
    return _imported(hook) if isinstance(hook, str) else hook


def then(name: str, *, if_possible: bool = False) -> Callable:
    """A follow-up hook that fires the case's own transition ``name`` too — typically a private
    transition of another state field (a trip's ``stage``) that moves with this one. With
    ``if_possible`` it is skipped when that transition cannot proceed (its source or conditions)."""

    def hook(case, **context):
        method = getattr(case, name)
        if if_possible and not can_proceed(method):
            return
        method(**context)

    hook.__name__ = hook.__qualname__ = f"then_{name}"
    return hook
