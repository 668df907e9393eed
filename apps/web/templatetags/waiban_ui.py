"""Template helpers for the UI shell: Bootstrap widgets, localised names, active menu items."""

import functools
from html import escape as _esc

from django import forms, template
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from apps.core.text import in_reader_language

register = template.Library()

# Django's <input> widgets: each template only includes "django/forms/widgets/input.html" (and attrs.html).
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in (
        "checkbox", "color", "date", "datetime", "email", "hidden", "number",
        "password", "search", "tel", "text", "time", "url",
    )
)  # fmt: skip


def _input_html(field, attrs) -> str | None:
    """The ``<input>`` of ``field`` with ``attrs``, written as Django's ``input.html`` and ``attrs.html``
    write it (same attributes, order and escaping), without two template renders per field; ``None`` for
    any other widget (their own templates render them)."""
    widget = field.field.widget
    if (
        not isinstance(widget, forms.widgets.Input)
        or widget.template_name not in _INPUT_TEMPLATES
        or type(widget).render is not forms.Widget.render
        or type(widget)._render is not forms.Widget._render
        or type(field.form.renderer) is not DjangoTemplates  # the project overrides no widget template
    ):
        return None
    ctx = _widget_context(field, attrs)
    out = [f'<input type="{conditional_escape(ctx["type"])}" name="{conditional_escape(ctx["name"])}"']
    if ctx["value"] is not None:
        out.append(f' value="{conditional_escape(ctx["value"])}"')
    out.append(_attrs_html(ctx["attrs"]))
    out.append(">")
    return mark_safe("".join(out))


def _attrs_html(attrs) -> str:
    """Django's ``attrs.html``: ``False`` left out, ``True`` as a bare name, anything else as a string."""
    out = []
    for name, value in attrs.items():
        if value is not False:
            name = conditional_escape(name)
            out.append(f" {name}" if value is True else f' {name}="{conditional_escape(value)}"')
    return "".join(out)


def _widget_context(field, attrs):
    """The widget's context as ``BoundField.as_widget`` builds it before it renders."""
    widget = field.field.widget
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return widget.get_context(field.html_name, field.value(), attrs)["widget"]


def _select_html(field, attrs) -> str | None:
    """A plain ``<select>`` (``forms.Select`` / ``SelectMultiple`` with Django's own templates) written as
    ``select.html`` and ``select_option.html`` write it — one template include per ``<option>`` is
    ~250 includes for a country filter."""
    widget = field.field.widget
    if (
        not isinstance(widget, forms.Select)
        or widget.template_name not in ("django/forms/widgets/select.html",)
        or widget.option_template_name != "django/forms/widgets/select_option.html"
        or type(widget).render is not forms.Widget.render
        or type(widget)._render is not forms.Widget._render
        or type(field.form.renderer) is not DjangoTemplates
    ):
        return None
    if _plain_options(widget):
        fast = _flat_select_html(field, widget, attrs)
        if fast is not None:
            return fast
    ctx = _widget_context(field, attrs)
    out = [f'<select name="{conditional_escape(ctx["name"])}"{_attrs_html(ctx["attrs"])}>']
    for group_name, options, _index in ctx["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            out.append(
                f'\n  <option value="{conditional_escape(option["value"])}"{_attrs_html(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"  # select_option.html ends with a newline
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))


def _plain_options(widget) -> bool:
    """The widget builds its context and options as Django's ``Select`` does. A picker that adds to them
    (``apps.web.widgets.SearchSelect``: Tom Select's attributes and each option's data) goes through its
    own ``get_context``/``create_option``, which ``_flat_select_html`` would skip."""
    cls = type(widget)
    base = forms.SelectMultiple if widget.allow_multiple_selected else forms.Select
    return all(
        getattr(cls, name) is getattr(base, name)
        for name in ("get_context", "create_option", "optgroups", "build_attrs", "format_value")
    )


def _flat_select_html(field, widget, attrs) -> str | None:
    """``_select_html`` of a ``<select>`` without option groups, without the widget's context: that
    builds a dict per option and escapes each value and label through ``conditional_escape`` (a country
    filter is 250 options on every list page). The same output as ``select.html`` + ``select_option.html``
    (checked against ``as_widget`` in the tests); ``None`` when a choice is a group."""
    # iterated, not list(): list() asks len() first, which a ModelChoiceIterator answers with a COUNT
    choices = [choice for choice in widget.choices]
    if any(isinstance(label, list | tuple) for _value, label in choices):
        return None
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    final = widget.build_attrs(widget.attrs, attrs)
    multiple = widget.allow_multiple_selected
    if multiple:
        final["multiple"] = True
    values = widget.format_value(field.value())
    out = [f'<select name="{conditional_escape(field.html_name)}"{_attrs_html(final)}>']
    has_selected = False
    for value, label in choices:
        key = "" if value is None else str(value)
        selected = (not has_selected or multiple) and key in values
        has_selected |= selected
        # Django's escape() is html.escape(str(...)); a label already marked safe is kept as it is
        text = label.__html__() if hasattr(label, "__html__") else _esc(str(label))
        mark = " selected" if selected else ""
        value_html = key if key.isdigit() else _esc(key)  # a key (digits) needs no escaping
        out.append(f'\n  <option value="{value_html}"{mark}>{text}</option>\n')
    out.append("\n</select>")
    return mark_safe("".join(out))


@register.simple_tag
def bs_widget(field, size="", **attrs):
    """Render ``field``'s widget with the Bootstrap class for its kind, ``is-invalid`` on error and
    ``aria-describedby`` pointing at its help and error text."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        css = ""
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if size and css in ("form-control", "form-select"):
        css = f"{css} {css}-{size}"
    if field.errors:
        css = f"{css} is-invalid".strip()
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
    final = {}
    existing = widget.attrs.get("class", "")
    classes = " ".join(c for c in (existing, css, attrs.pop("class", "")) if c)
    if classes:
        final["class"] = classes
    if described:
        final["aria-describedby"] = " ".join(described)
    if field.errors:
        final["aria-invalid"] = "true"
    final.update(attrs)
    fast = _input_html(field, final)
    if fast is None:
        fast = _select_html(field, final)
    return fast if fast is not None else field.as_widget(attrs=final)


@register.simple_tag
def form_field(field) -> str:
    """One form field with its label, widget (:func:`bs_widget`), errors and help text: what
    ``web/includes/form_field.html`` rendered, written in Python (an include per field cost the incident
    page 3.5 ms for its eight fields). ``{% form_field form.name %}``; nothing for a field that is not
    there (a form the page does not show)."""
    if not hasattr(field, "field"):
        return ""
    if field.is_hidden:
        return conditional_escape(field)
    checkbox = isinstance(field.field.widget, forms.CheckboxInput)
    for_id = conditional_escape(field.id_for_label)
    label = conditional_escape(field.label)
    css = "mb-3 form-check" if checkbox else "mb-3"
    parts = [f'<div class="{css}" data-field="{conditional_escape(field.name)}">']
    if checkbox:
        parts += [bs_widget(field), f'<label class="form-check-label" for="{for_id}">{label}</label>']
    else:
        required = " wb-required" if field.field.required else ""
        parts += [f'<label class="form-label{required}" for="{for_id}">{label}</label>', bs_widget(field)]
    auto_id = conditional_escape(field.auto_id)
    errors = field.errors
    if errors:
        shown = "<br>".join(conditional_escape(e) for e in errors)
        parts.append(f'<div class="invalid-feedback d-block" id="{auto_id}_errors">{shown}</div>')
    if field.help_text:  # help texts are the application's own (may hold markup), as before: not escaped
        parts.append(f'<div class="form-text" id="{auto_id}_help">{field.help_text}</div>')
    parts.append("</div>")
    return mark_safe("\n".join(parts))


@functools.cache
def _row_writer(path: str):
    from django.utils.module_loading import import_string

    if not path.startswith("apps.") or ".rows." not in path:  # only a list's own row writers
        raise ValueError(f"not a row writer: {path}")
    return import_string(path)


@register.simple_tag
def table_rows(writer: str, objects, *args) -> str:
    """The ``<tr>``s of a list's table written by ``writer`` (``"apps.<app>.rows.<function>"``, a
    function of the rows and any further arguments, returning safe HTML; see ``apps/web/rows.py``)."""
    return _row_writer(writer)(objects, *args)


@register.simple_tag
def year_country_stats(rows, testid: str = "country-stats") -> str:
    """The statistics by year and country of a list (``apps.web.rows.year_country_table``)."""
    from apps.web.rows import year_country_table

    return year_country_table(rows, testid)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def label_of(choices, code) -> str:
    """The label of ``code`` in a list of (code, label) pairs; the code itself only when it has none
    (so a user reads "邀请函", not "invitation")."""
    for value, label in choices or ():
        if value == code:
            return label
    return code or ""


@register.filter
def localized_name(obj, attr: str = "name") -> str:
    """``obj.name_en`` when English is active and it is filled in, else ``obj.name`` (data, not UI text)."""
    if obj is None:
        return ""
    return in_reader_language(getattr(obj, attr, "") or "", getattr(obj, f"{attr}_en", ""))


@register.simple_tag
def colon() -> str:
    """The colon after a label written outside its translation: full-width in Chinese, ": " in English
    ("已批准：张三", "Approved: Zhang San")."""
    return "：" if (translation.get_language() or "zh").startswith("zh") else ": "


@register.simple_tag(takes_context=True)
def active_if(context, url: str, exact: bool = False) -> str:
    request = context.get("request")
    if request is None or not url:
        return ""
    path = request.path
    hit = path == url if exact or url == "/" else path.startswith(url)
    return "active" if hit else ""


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    """The main menu's entries for the page's user (``apps.web.navigation.main_menu_html``)."""
    from apps.web.navigation import main_menu_html

    request = context.get("request")
    user = context.get("user")
    if request is None or user is None or not user.is_authenticated:
        return ""
    return main_menu_html(user, request.path, context.get("inbox_badge"))


@register.simple_tag(takes_context=True)
def render_block(context, name: str) -> str:
    """Render the block ``name`` of the page being rendered a second time (the page heading repeats the
    ``title`` block, so that pages define their title once)."""
    from django.template.loader_tags import BLOCK_CONTEXT_KEY

    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    if block_context is None:
        return ""
    block = block_context.get_block(name)
    if block is None:
        return ""
    return block.nodelist.render(context).strip()
