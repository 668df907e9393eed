from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.reference.models import Country
from apps.web.transitions import CommentForm

from . import conf
from .models import Nomination
from .services import FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NominationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Nomination
        fields = FIELDS
        widgets = {"working_since": DATE, "contributions": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].queryset = Country.objects.filter(is_active=True).order_by(
            "sort_key", "iso2"
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class OpinionForm(forms.Form):
    body = forms.ChoiceField(label=_("成员单位"))
    member_name = forms.CharField(label=_("评审成员"), max_length=50)
    agrees = forms.TypedChoiceField(
        label=_("意见"), choices=[("1", _("同意")), ("0", _("不同意"))], coerce=lambda v: v == "1"
    )
    opinion = forms.CharField(label=_("说明"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b, b) for b in conf.REVIEW_BODIES.value]


class ReferenceForm(CommentForm):
    reference = forms.CharField(label=_("市政府批准文号"), max_length=100)


class CeremonyForm(CommentForm):
    ceremony_on = forms.DateField(label=_("授予仪式日期"), widget=DATE)


TRANSITION_FORMS = {"record_city_approval": ReferenceForm, "record_ceremony": CeremonyForm}
