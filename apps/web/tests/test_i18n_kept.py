"""``{% load i18n %}`` is ``apps.web.templatetags.i18n_kept``: Django's library, with a literal
``{% translate %}`` kept per language. Whatever the template, it renders what Django's own library
renders, in either language and on every render."""

import pytest
from django.template import Context, Engine, engines
from django.templatetags.i18n import TranslateNode
from django.utils import translation

from apps.web.templatetags.i18n_kept import KeptTranslateNode

SOURCES = [
    '{% translate "首页" %}',
    "{% translate '首页' %}",
    '{% trans "首页" %}',
    '{% translate "首页" as home %}[{{ home }}]',
    '{% translate "首页" noop %}',
    '{% translate "首页"|upper %}',
    '{% translate "首页" context "menu" %}',
    "{% translate word %}",
    '{% translate "a < b & 100%" %}',
    "{% translate word as w %}{{ w }}",
    '{% autoescape off %}{% translate "x < y" %}{% endautoescape %}',
    "{% blocktranslate with n=3 %}{{ n }} 天{% endblocktranslate %}",
    "{% get_current_language as L %}{{ L }}",
    '{{ "zh-hans"|language_name_local }}',
]


def _ours(source):
    return engines["django"].from_string("{% load i18n %}" + source)


def _djangos(source):
    return Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string("{% load i18n %}" + source)


@pytest.mark.parametrize("source", SOURCES)
def test_it_renders_what_djangos_library_renders_in_both_languages_every_time(source):
    ours, djangos = _ours(source), _djangos(source)
    for language in ("zh-hans", "en", "zh-hans", "en"):
        for word in ("首页", "<b>", "案件"):
            with translation.override(language):
                context = {"word": word}
                assert ours.render(context) == djangos.render(Context(context)), (language, word)


def test_a_literal_is_looked_up_once_per_language_and_a_variable_every_time():
    template = _ours('{% translate "首页" %}|{% translate word %}')
    with translation.override("en"):
        assert template.render({"word": "首页"}) == "Home|Home"
    with translation.override("zh-hans"):
        assert template.render({"word": "案件"}) == "首页|案件"
    nodes = template.template.nodelist.get_nodes_by_type(TranslateNode)
    literal, variable = nodes
    assert isinstance(literal, KeptTranslateNode) and literal.keepable
    assert set(literal.kept) == {("en", True), ("zh-hans", True)}
    assert not variable.keepable and not variable.kept
