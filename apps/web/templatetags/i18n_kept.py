"""Django's ``i18n`` tag library with one change: ``{% translate "literal" %}`` keeps what it rendered.

``settings.TEMPLATES`` registers this module under the name ``i18n``, so ``{% load i18n %}`` in every
template loads it. Every tag and filter is Django's own. A ``{% translate %}`` of a literal string
without filters or context renders the same text for the same language every time, yet Django looks it
up in the catalogue, wraps it lazily, localises and escapes it again on each render (about 40 µs; a
case page has 80 of them). This node keeps the result per language and escaping mode; a translation of
a variable, with a filter or with a message context is Django's node unchanged. The catalogue does not
change in a running process (a new translation needs a restart, as with Django's own cache).
"""

from django.template import Library
from django.template.base import render_value_in_context
from django.templatetags import i18n as django_i18n
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


class KeptTranslateNode(django_i18n.TranslateNode):
    def __init__(self, node: django_i18n.TranslateNode):
        self.__dict__.update(node.__dict__)
        expr = self.filter_expression
        self.keepable = (
            self.message_context is None
            and not expr.filters
            and getattr(expr.var, "literal", None) is not None
        )
        self.kept: dict = {}

    def render(self, context):
        if not self.keepable:
            return super().render(context)
        key = (get_language(), context.autoescape)
        value = self.kept.get(key)
        if value is None:  # as Django's node renders it (without touching the shared node's ``asvar``)
            self.filter_expression.var.translate = not self.noop
            value = render_value_in_context(self.filter_expression.resolve(context), context)
            safe = isinstance(value, SafeData)
            value = value.replace("%%", "%")
            value = mark_safe(value) if safe else value
            self.kept[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    return KeptTranslateNode(django_i18n.do_translate(parser, token))
