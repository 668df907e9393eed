"""Form widgets of the UI shell.

``SearchSelect`` — a select that the vendored Tom Select (``static/vendor/tom-select``, started by
``static/js/waiban.js``) turns into a searchable picker, offline. Each option can carry extra words to
search by (a person's pinyin and passport name, a country's English name and pinyin), taken from the
option's model instance as ``data-…`` attributes of the option; without JavaScript the page still works
as a plain select. ``PersonSelect``, ``CountrySelect`` and ``UnitSelect`` pick people, countries and
units. ``RemoteSearchSelect`` picks from a register too large to put into the page: the page holds only
the chosen option, and the picker asks the register's API (``?q=``) as the user types.
"""

from __future__ import annotations

from django import forms
from django.urls import NoReverseMatch, reverse

from apps.core.ids import parse_id


class SearchSelect(forms.Select):
    """A searchable select. ``search_fields``: attributes of each option's instance to search by
    (callables are called); ``search_url``: an API list answering ``?q=`` (used to find an option by
    a whole ID number, which the page never holds)."""

    search_fields: tuple[str, ...] = ()
    search_url_name: str = ""

    def __init__(self, attrs=None, choices=(), *, search_fields=None, search_url_name=None):
        super().__init__(attrs, choices)
        if search_fields is not None:
            self.search_fields = tuple(search_fields)
        if search_url_name is not None:
            self.search_url_name = search_url_name

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-search-select": "1"}
        if self.search_fields:
            attrs["data-search-fields"] = " ".join(self.search_fields)
        if self.search_url_name:
            try:
                attrs["data-search-url"] = reverse(self.search_url_name)
            except NoReverseMatch:
                pass
        return super().get_context(name, value, attrs)

    def option_data(self, instance) -> dict:
        data = {}
        for field in self.search_fields:
            value = getattr(instance, field, "")
            value = value() if callable(value) else value
            data[field] = str(value or "")
        return data

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and self.search_fields:
            # Tom Select copies an option's data-* attributes into its data (data-pinyin → pinyin)
            for key, text in self.option_data(instance).items():
                option["attrs"][f"data-{key}"] = text
        return option


class RemoteSearchSelect(SearchSelect):
    """A picker for a register too large to list in the page (a thousand journalists at province scale):
    the ``<select>`` holds only the chosen option, and Tom Select fills the list from ``search_url_name``
    (an API list in the user's data scope, answering ``?q=`` with rows carrying ``id`` and ``label``) on
    focus and as the user types. The field's queryset still decides what a submitted value may be.
    Without JavaScript only the chosen option (or none) can be submitted."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, value, {**(attrs or {}), "data-remote": "1"})

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:  # plain choices: nothing to narrow
            return super().optgroups(name, value, attrs)
        field = iterator.field
        # a submitted value that is no database key (text, a number beyond 64 bits) is no option
        wanted = [key for key in (parse_id(v) for v in value) if key is not None]
        chosen = list(queryset.filter(pk__in=wanted)) if wanted else []
        narrowed = [("", field.empty_label)] if field.empty_label is not None else []
        narrowed += [(iterator.choice(obj)) for obj in chosen]
        self.choices = narrowed
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator


class PersonSelect(SearchSelect):
    """People by name, pinyin (sort key and passport name), the last digits of the ID number, and a
    whole ID number (looked up by the API's keyed hash, never sent to the page)."""

    search_fields = ("name_search", "passport_name", "id_tail")
    search_url_name = "api:person_list"

    def option_data(self, instance) -> dict:
        masked = getattr(instance, "id_number_masked", "") or ""
        return {
            "name_search": getattr(instance, "name_search", "") or "",
            "passport_name": getattr(instance, "passport_name", "") or "",
            "id_tail": masked[-4:].lstrip("*") if masked else "",  # only digits the mask shows anyway
        }


class CountrySelect(SearchSelect):
    """Countries and regions by Chinese name, English name and pinyin (whole or initials: "riben",
    "rb")."""

    search_fields = ("name_en", "pinyin")

    def option_data(self, instance) -> dict:
        syllables = (getattr(instance, "sort_key", "") or "").split()
        pinyin = "".join(syllables) + " " + "".join(s[0] for s in syllables if s)
        return {"name_en": getattr(instance, "name_en", "") or "", "pinyin": pinyin.strip()}


class UnitSelect(SearchSelect):
    """Units by name."""
