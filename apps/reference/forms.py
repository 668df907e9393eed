from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.concurrency import EditTokenFormMixin

from .models import CalendarDay, CalendarYear, Country, DictItem, DictType


class CountryForm(EditTokenFormMixin, forms.ModelForm):
    class Meta:
        model = Country
        fields = [
            "name_zh",
            "name_zh_full",
            "name_en",
            "name_en_full",
            "iso3",
            "numeric",
            "continent",
            "latin_america",
            "kind",
            "is_trip_destination",
            "is_active",
        ]


class CalendarYearCreateForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=1900, max_value=2200)


class CalendarYearForm(EditTokenFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["status", "source", "source_date", "notes"]
        widgets = {
            "source_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class CalendarDayForm(EditTokenFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_date(self):
        d = self.cleaned_data["date"]
        if self.year and d.year != self.year:
            raise forms.ValidationError(_("日期应在 %(year)s 年内。") % {"year": self.year})
        return d

    def validate_unique(self):
        """Uniqueness is checked by the service, with a clearer message."""


class DictTypeForm(EditTokenFormMixin, forms.ModelForm):
    class Meta:
        model = DictType
        fields = ["code", "name", "name_en", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):
        """Checked by the service."""


class DictItemForm(EditTokenFormMixin, forms.ModelForm):
    class Meta:
        model = DictItem
        fields = ["code", "label", "label_en", "order", "is_active", "note"]

    def validate_unique(self):
        """Checked by the service."""
