"""The transition buttons of a case type's own detail page and their POST, one piece for every type
that has such a page (conferences, honours, journalists' interview requests): the forms of the
transitions the user may fire (``transition_actions``) and the POST that fires one, puts a refusal on
its form and shows the page again with what was typed (``transition_post``, through :func:`refuse`)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.errors import REFUSALS

from .refusals import refuse

DANGER = ("reject", "withdraw", "send_back")


class CommentForm(forms.Form):
    """A transition's comment and the version the user saw (the default form of a transition)."""

    comment = forms.CharField(
        label=gettext_lazy("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def transition_actions(case, user, *, forms_by_name=None, bound=None, danger=DANGER) -> list[dict]:
    """The transitions ``user`` may fire on ``case``, each with its form (``bound`` when it is the one
    that was posted and refused); ``danger`` names those shown as dangerous."""
    from apps.casework import selectors as cw_selectors
    from apps.casework import workflow

    out = []
    for name in cw_selectors.available_transitions(case=case, user=user):
        if bound is not None and bound.prefix == name:
            form = bound
        else:
            form = (forms_by_name or {}).get(name, CommentForm)(
                prefix=name, initial={"version": case.version}
            )
        out.append(
            {
                "name": name,
                "label": workflow.transition_label(case, name),
                "comment_required": workflow.comment_required(case, name),
                "form": form,
                "danger": name in danger,
            }
        )
    return out


def transition_post(
    request, *, case, name: str, fire: Callable, page: Callable, done: str, forms_by_name=None
):
    """Fire transition ``name`` of ``case`` from its button: ``fire(name=, comment=, version=, **fields)``
    calls the type's service; an invalid form or a refusal gives ``page(status=, bound=)`` (the detail
    page again, the posted form keeping what was typed); success says so and redirects to ``done``."""
    from apps.casework import workflow

    form = (forms_by_name or {}).get(name, CommentForm)(request.POST, prefix=name)
    if not form.is_valid():
        return page(status=400, bound=form)
    data = dict(form.cleaned_data)
    version, comment = data.pop("version", None), data.pop("comment", "") or ""
    if name == "assign":
        data["assignee"] = request.POST.get("assignee") or None
    try:
        fire(name=name, comment=comment, version=version, **data)
    except REFUSALS as err:
        return page(status=refuse(request, err, form=form), bound=form)
    messages.success(request, _("已%(action)s。") % {"action": workflow.transition_label(case, name)})
    return redirect(done)
