"""A list's filters, defined once: a django-filter ``FilterSet`` used by its page, its API and its export.

Each list's FilterSet lives in its app's ``filters.py`` and subclasses :class:`ListFilterSet`. It filters
the list's selector's queryset, which is already restricted to the user's data scope, so a filter can only
narrow what the user may see, never widen it::

    class CaseFilter(ListFilterSet):
        state = django_filters.ChoiceFilter(label=_("状态"), choices=CaseState.choices)

        def scoped(self):  # the selector: the user's data scope first
            return selectors.case_list(user=self.user)

    f = CaseFilter(request.GET, user=request.user)
    page = paginate(request, f.qs)  # the page (``f.form`` is its filter form)
    rows = f.api_qs()  # the API: an invalid value answers 422 with the message
    rows = f.export_qs()  # an export: an invalid value stops it with the message

A FilterSet is always bound (no query string is an empty one), so filters that always apply (e.g. "not
archived" unless the box is ticked) do. An invalid value gives no rows and the field's message in the
form (what the user typed stays in it), never a 500 and never a silently wider list.

:func:`query_schema` builds the ninja ``Schema`` of a FilterSet, so that the API documents the same query
parameters (OpenAPI) without a second definition of them.
"""

from __future__ import annotations

import datetime
from html import escape as _esc
from typing import Literal

import django_filters
from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils import translation
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_filters.fields import ChoiceIterator
from ninja import Schema
from ninja.errors import ValidationError as ApiValidationError
from pydantic import Field, create_model

from apps.core.api import INVALID_FILTER
from apps.core.errors import ServiceError
from apps.core.ids import IdParam

EMPTY_VALUES = django_filters.constants.EMPTY_VALUES


class FrozenChoices(BaseChoiceIterator):
    """A filter's choices, normalised once and shared, never copied: Django normalises a list of
    choices again each time a form field is built and iterated, and a form deep-copies its fields'
    choices for each request (a list of 400 units is ~1,600 ``deepcopy`` calls per list page). A
    ``BaseChoiceIterator`` is taken as it is by ``normalize_choices``; ``__deepcopy__`` returns the same
    object (nothing mutates it). The labels stay as given (lazy translations are rendered in the
    reader's language). ``option_html`` keeps the escaped ``<option>`` markup per language."""

    def __init__(self, choices):
        rows = normalize_choices(choices)
        self.rows = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in rows)
        self._html: dict = {}

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def __bool__(self):
        return bool(self.rows)

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    def option_html(self) -> list[tuple[str, str, str]]:
        """``(key, '<option value="key"', '>label</option>')`` per flat choice in the active language."""
        lang = translation.get_language()
        out = self._html.get(lang)
        if out is None:
            out = self._html[lang] = [_option_parts(v, label) for v, label in self.rows]
        return out


def frozen(choices):
    """``choices`` as :class:`FrozenChoices` (a callable, e.g. a per-process cached list, is kept: the
    field calls it when it needs it)."""
    if callable(choices) or isinstance(choices, FrozenChoices):
        return choices
    return FrozenChoices(choices)


def cached_choices(queryset) -> FrozenChoices:
    """The rows of a small configuration ``queryset`` as :class:`FrozenChoices`, kept per process and
    language like ``apps.core.process_cache.cached_rows`` (the same object while cached, so its escaped
    options are built once). Rows are ``(key, name)`` or ``(key, name, name_en)``: with the English name
    the label is in the reader's language (the Chinese name where no English one is filled in)."""
    from django.core.exceptions import EmptyResultSet

    from apps.core.process_cache import CHOICES

    CHOICES.watch(queryset.model)
    try:
        sql = str(queryset.query)
    except EmptyResultSet:  # e.g. ``.none()`` or ``id IN ()``: no rows
        return FrozenChoices([])
    from apps.core.text import in_reader_language, reader_is_english

    def build():
        return FrozenChoices([(r[0], in_reader_language(*r[1:])) for r in queryset])

    return CHOICES.get(("choices", reader_is_english(), sql), build)


def _option_parts(v, label) -> tuple[str, str, str]:
    key = "" if v is None else str(v)
    return key, f'<option value="{_esc(key)}"', f">{_esc(str(label))}</option>"


class FastSelect(forms.Select):
    """A ``<select>`` rendered in Python, not one template per ``<option>``: a list filter has dozens
    of options (every unit) and is shown on every list page. Flat choices only (no option groups)."""

    # tripux: a long list (every unit, every country) becomes a searchable picker (apps/web/widgets.py)
    SEARCHABLE_FROM = 15

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        parts = self._option_parts()
        if len(parts) >= self.SEARCHABLE_FROM:
            final.setdefault("data-search-select", "1")
        selected = {str(v) for v in self.format_value(value)}
        # plain string building with html.escape (what django.utils.html.escape does, without the
        # SafeString wrapping per value): 400 units are 400 options on every list page; frozen choices
        # keep their escaped options per language, so only the chosen one is marked here
        options = "".join(
            f"{head} selected{tail}" if key in selected else f"{head}{tail}" for key, head, tail in parts
        )
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))

    def _option_parts(self) -> list[tuple[str, str, str]]:
        src = self.choices
        inner = getattr(src, "choices", None)  # django-filter's ChoiceIterator: empty label + the choices
        if callable(inner) and not isinstance(inner, BaseChoiceIterator):
            inner = inner()  # e.g. reference.selectors.country_choices (frozen, per process and language)
        if isinstance(src, ChoiceIterator) and isinstance(inner, FrozenChoices):
            field = src.field
            head = []
            if field.empty_label is not None:
                head.append(_option_parts("", field.empty_label))
            if field.null_label is not None:
                head.append(_option_parts(field.null_value, field.null_label))
            return head + inner.option_html()
        if isinstance(src, FrozenChoices):
            return src.option_html()
        # once (from a callable?); no len() (a COUNT for a queryset)
        return [_option_parts(v, label) for v, label in src]


class IdChoiceFilter(django_filters.ChoiceFilter):
    """An id picked from ``(id, name)`` choices that the FilterSet sets in ``__init__`` (often from the
    user: the units they may pick). The choices are one narrow query, the value is checked against them
    (no lookup, no id beyond the database's range) and the filter compares ``field_name`` to the id."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", FastSelect)
        kwargs.setdefault("choices", ())
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value if value in EMPTY_VALUES else int(value))


class CheckboxFilter(django_filters.BooleanFilter):
    """A tick box: ``True`` when ticked, ``False`` when not (the method decides what each means)."""

    field_class = forms.BooleanField


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


def querydict(data) -> QueryDict:
    """``data`` (a ``QueryDict``, a plain mapping as an export stores it, or ``None``) as a ``QueryDict``:
    a list value is several values of one key; ``None`` is no value."""
    if isinstance(data, QueryDict):
        return data
    out = QueryDict(mutable=True)
    for key, value in (data or {}).items():
        if value is None:
            continue
        out.setlist(str(key), [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)])
    return out


class ListFilterSet(django_filters.FilterSet):
    """Base of every list's FilterSet (see the module docstring).

    ``user`` is the user whose list this is. Without a ``queryset`` the FilterSet filters ``scoped()``:
    each list defines it as its selector's queryset for ``self.user`` (the data scope applied first).

    ``identifier_fields`` names the filters that may hold a personal identifier (ID or passport number),
    each with a predicate saying whether a value is one (``None``: every value is). Such a search never
    travels in a URL: the page's filter form posts (``form.search_by_post``), :meth:`sealed_query` puts a
    sealed token (``apps.core.crypto.seal_search``: encrypted, bound to the user, expiring) in place of the
    number, and the FilterSet opens the token again here, so paging and exports keep the search. A token of
    another user or an expired one gives no rows and a message; :meth:`identifiers_in_url` tells the API
    and the page that a number came in the query string.
    """

    identifier_fields: dict = {}

    def __init__(self, data=None, queryset=None, *, user=None, prefix=None):
        self.user = user
        data = querydict(data)
        self._bad_tokens: list[str] = []
        self._raw_identifiers: list[str] = []
        if self.identifier_fields:
            data = self._open_sealed(data)
        type(self)._freeze_declared_choices()
        super().__init__(data, self.scoped() if queryset is None else queryset, prefix=prefix)

    @classmethod
    def _freeze_declared_choices(cls) -> None:
        """The choices declared on the class (``choices=CaseState.choices``) as :class:`FrozenChoices`,
        once per class: not normalised and deep-copied again for every request."""
        if cls.__dict__.get("_choices_frozen"):
            return
        for f in cls.base_filters.values():
            if "choices" in f.extra:
                f.extra["choices"] = frozen(f.extra["choices"])
        cls._choices_frozen = True

    # --- identifier searches ---------------------------------------------------------------------------
    @classmethod
    def is_identifier(cls, name: str, value) -> bool:
        if name not in cls.identifier_fields or value in (None, ""):
            return False
        predicate = cls.identifier_fields[name]
        return predicate is None or bool(predicate(str(value)))

    def _open_sealed(self, data: QueryDict) -> QueryDict:
        from apps.core.crypto import is_sealed, unseal_search

        data = data.copy()
        for name in self.identifier_fields:
            value = data.get(name)
            if is_sealed(value):
                plain = unseal_search(value, user=self.user)
                if plain is None:
                    self._bad_tokens.append(name)
                    data.pop(name)
                else:
                    data[name] = plain
            elif self.is_identifier(name, value):
                self._raw_identifiers.append(name)
        return data

    def identifiers_in_url(self) -> list[str]:
        """The filters whose value is a personal identifier given in clear (not a sealed token)."""
        return list(self._raw_identifiers)

    @classmethod
    def sealed_query(cls, data, *, user) -> QueryDict:
        """``data`` (a posted filter form) as the query string of the list: identifiers sealed, the form's
        token and the page dropped."""
        from apps.core.crypto import is_sealed, seal_search

        out = QueryDict(mutable=True)
        for key, values in querydict(data).lists():
            if key in ("csrfmiddlewaretoken", "page"):
                continue
            values = [v for v in values if v != ""]
            if cls.is_identifier(key, values[0] if values else "") and not is_sealed(values[0]):
                values = [seal_search(values[0].strip(), user=user)]
            if values:
                out.setlist(key, values)
        return out

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_waiban_sealed_checked", False):
            form._waiban_sealed_checked = True
            form.search_by_post = bool(self.identifier_fields)
            if self._bad_tokens:
                form.full_clean()
                for name in self._bad_tokens:
                    if name in form.fields:
                        form.add_error(name, _("查询已过期或不属于您，请重新输入。"))
        return form

    def scoped(self) -> QuerySet:
        """The rows ``self.user`` may see in this list, from the list's selector."""
        raise NotImplementedError(f"{type(self).__name__} needs a queryset or a scoped() method")

    def set_choices(self, name: str, choices) -> None:
        """The choices of filter ``name`` (before the form is built), e.g. the units of ``self.user``.
        A callable (e.g. ``reference.selectors.country_choices``, kept per process) is kept as it is: the
        form's field then asks it when it needs the choices instead of deep-copying a list of hundreds
        of entries each time the form is built."""
        self.filters[name].extra["choices"] = frozen(choices)

    @property
    def qs(self):
        """The filtered rows; none when a value is invalid (the form then carries the message)."""
        if not self.is_valid():
            return self.queryset.none()
        return super().qs

    def messages(self) -> list[str]:
        """Each invalid value as "label: message"."""
        out = []
        for name, errors in self.errors.items():
            field = self.form.fields.get(name)
            label = str(field.label) if field is not None and field.label else name
            out.extend(f"{label}: {e}" if name != "__all__" else str(e) for e in errors)
        return out

    def api_qs(self):
        """The rows for an API list; an invalid value answers 422 ``{"detail": [{"loc": ["query", name],
        "msg": …}]}``, the shape ninja gives a query parameter of the wrong type."""
        if not self.is_valid():
            raise ApiValidationError(
                [
                    {"type": INVALID_FILTER, "loc": ["query", name], "msg": str(e)}
                    for name, errors in self.errors.items()
                    for e in errors
                ]
            )
        return self.qs

    def export_qs(self):
        """The rows for an export; an invalid value stops it with the message (nothing half-filtered)."""
        if not self.is_valid():
            raise ServiceError(
                _("筛选条件无效，无法导出：%(errors)s") % {"errors": "；".join(self.messages())}
            )
        return self.qs


def identifier_search_redirect(request, filterset_class: type[ListFilterSet]):
    """For a list page whose FilterSet has ``identifier_fields``: the posted filter form, or a query string
    holding an identifier in clear (an old bookmark), answered with a 303 to the list whose query string
    carries sealed tokens instead; ``None`` when there is nothing to seal (render the list)."""
    from django.http import HttpResponseRedirect

    from apps.core.crypto import is_sealed

    if request.method == "POST":
        data = request.POST
    elif any(
        filterset_class.is_identifier(name, request.GET.get(name)) and not is_sealed(request.GET.get(name))
        for name in filterset_class.identifier_fields
    ):
        data = request.GET
    else:
        return None
    query = filterset_class.sealed_query(data, user=request.user)
    response = HttpResponseRedirect(f"{request.path}?{query.urlencode()}" if query else request.path)
    response.status_code = 303
    return response


def refuse_identifiers_in_url(f: ListFilterSet, search_path: str) -> None:
    """An API list read with GET: a personal identifier in the query string is refused (422) with the
    POST operation that takes it in the body instead."""
    names = f.identifiers_in_url()
    if names:
        raise ApiValidationError(
            [
                {
                    "type": INVALID_FILTER,
                    "loc": ["query", name],
                    "msg": _("证件号码不能放在网址中查询，请用 POST %(path)s 在请求正文中提交。")
                    % {"path": search_path},
                }
                for name in names
            ]
        )


def _python_type(flt: django_filters.Filter):
    if isinstance(flt, django_filters.BooleanFilter):
        return bool
    if isinstance(flt, IdChoiceFilter | django_filters.ModelChoiceFilter):
        return IdParam
    if issubclass(flt.field_class, forms.IntegerField):
        return int
    if issubclass(flt.field_class, forms.DateField):
        return datetime.date
    choices = flt.extra.get("choices")
    if isinstance(choices, list | tuple | FrozenChoices) and choices:
        return Literal[tuple(str(value) for value, _label in choices)]
    return str


def _bilingual(label) -> str:
    """ "中文 / English" of a lazy label (the OpenAPI description, like the operations' summaries)."""
    if not label:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        chinese = str(label)
    with translation.override("en"):
        english = str(label)
    return chinese if english == chinese else f"{chinese} / {english}"


def query_schema(filterset_class: type[ListFilterSet], name: str | None = None) -> type[Schema]:
    """A ninja ``Schema`` with one optional query parameter per filter of ``filterset_class``: its type
    (a fixed choice list as an enum, ids as bounded integers), its label as the description. Use it as
    ``filters: Query[XQuery]`` and bind ``filters.model_dump(exclude_none=True)`` to the FilterSet, which then
    checks what only it can (choices from the database, ranges, a month's format)."""
    fields = {}
    for fname, flt in filterset_class.base_filters.items():
        kwargs = {"description": _bilingual(flt.label) or fname}
        if flt.extra.get("max_length"):
            kwargs["max_length"] = flt.extra["max_length"]
        fields[fname] = (_python_type(flt) | None, Field(None, **kwargs))
    return create_model(name or f"{filterset_class.__name__}Query", __base__=Schema, **fields)
