"""Template helpers for the UI shell: Bootstrap widgets, localised names, active menu items."""

from django import forms, template
from django.utils import translation

register = template.Library()


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
    return field.as_widget(attrs=final)


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
    if (translation.get_language() or "").startswith("en"):
        english = getattr(obj, f"{attr}_en", "")
        if english:
            return english
    return getattr(obj, attr, "") or ""


@register.simple_tag(takes_context=True)
def active_if(context, url: str, exact: bool = False) -> str:
    request = context.get("request")
    if request is None or not url:
        return ""
    path = request.path
    hit = path == url if exact or url == "/" else path.startswith(url)
    return "active" if hit else ""


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
