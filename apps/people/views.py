from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import ServiceError
from apps.core.filters import identifier_search_redirect
from apps.core.pagination import paginate
from apps.core.text import passport_name
from apps.web.decorators import perm_required
from apps.web.refusals import refuse

from . import selectors, services
from .filters import PersonFilter
from .forms import ArchiveForm, PersonForm


@perm_required("people.view")
def person_list(request):
    # an ID number never travels in the URL: the search is posted and pages with a sealed token
    if sealed := identifier_search_redirect(request, PersonFilter):
        return sealed
    f = PersonFilter(request.GET, user=request.user)
    return render(
        request,
        "people/person_list.html",
        {
            "page_obj": paginate(request, f.qs),
            "filter_form": f.form,
            "can_manage": request.user.has_perm("people.manage"),
        },
    )


@perm_required("people.view")
def person_detail(request, pk):
    person = selectors.person_get(user=request.user, pk=pk)
    passports = []
    if request.user.has_perm("passports.view"):
        from apps.passports.selectors import passports_of

        passports = passports_of(user=request.user, person=person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "passports": passports,
            "can_reveal": request.user.has_perm("people.reveal_person", person),
            "can_change": request.user.has_perm("people.change_person", person),
            "archive_form": ArchiveForm(),
        },
    )


@require_POST
@perm_required("people.view")
def person_reveal(request, pk):
    """Shows the ID number in clear (HTMX partial); every reveal is written to the audit log."""
    person = selectors.person_get(user=request.user, pk=pk)
    number = services.person_reveal_id_number(person=person, by=request.user, purpose=_("人员详情页查看"))
    return render(request, "people/partials/id_number.html", {"person": person, "number": number})


@perm_required("people.manage")
def person_create(request):
    form = PersonForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(by=request.user, data=form.service_data())
        except ServiceError as err:
            status = refuse(request, err, form=form, field="id_number" if err.code == "id_number" else None)
        except PermissionDenied:
            status = refuse(request, PermissionDenied(_("您不能在该单位登记人员。")), form=form, field="unit")
        else:
            messages.success(request, _("已登记人员 %(name)s。") % {"name": person.full_name})
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": None}, status=status)


@perm_required("people.manage")
def person_edit(request, pk):
    person = selectors.person_get(user=request.user, pk=pk, include_archived=False)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        fresh = selectors.person_get(user=request.user, pk=pk)
        try:
            services.person_update(
                person=fresh, by=request.user, data=form.service_data(), edit_token=form.edit_token
            )
        except ServiceError as err:
            status = refuse(request, err, form=form, field="id_number" if err.code == "id_number" else None)
        except PermissionDenied:
            status = refuse(
                request, PermissionDenied(_("您不能将人员调整到该单位。")), form=form, field="unit"
            )
        else:
            messages.success(request, _("已保存。"))
            return redirect("people:detail", pk=pk)
    return render(request, "people/person_form.html", {"form": form, "person": person}, status=status)


@require_POST
@perm_required("people.manage")
def person_archive(request, pk):
    person = selectors.person_get(user=request.user, pk=pk, include_archived=False)
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写归档原因。"))
        return redirect("people:detail", pk=pk)
    try:
        services.person_archive(person=person, by=request.user, reason=form.cleaned_data["reason"])
    except ServiceError as err:
        refuse(request, err)
    else:
        messages.success(request, _("已归档。"))
    return redirect("people:detail", pk=pk)


@perm_required("people.manage")
def pinyin_preview(request):
    """HTMX: the passport-name input prefilled with the pinyin of the typed name."""
    value = passport_name(request.GET.get("full_name", ""))[:100]
    return HttpResponse(
        format_html(
            '<input type="text" name="passport_name" value="{}" maxlength="100" class="form-control" '
            'id="id_passport_name">',
            value,
        )
    )
