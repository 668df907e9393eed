"""List filters: the select widget (rendered in Python, escaped like Django's own), the base FilterSet, the
query schema the API documents."""

from apps.core.filters import FastSelect


def test_fast_select_escapes_and_marks_the_selected_option():
    w = FastSelect(choices=[("", "全部单位"), (7, '<b>"徐州" & 公司</b>'), (12, "商务局")])
    html = w.render("unit", 12, attrs={"id": "id_unit"})
    assert html.startswith('<select id="id_unit" name="unit">')
    assert '<option value="7">&lt;b&gt;&quot;徐州&quot; &amp; 公司&lt;/b&gt;</option>' in html
    assert '<option value="12" selected>商务局</option>' in html
    assert '<option value="">全部单位</option>' in html and "<b>" not in html
