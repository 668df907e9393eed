"""The visibility check itself (``visibility.js``) on small pages made for it: it reports each way an
element can be lost to the user — among them the trip form's bug (rows 0 px wide beside a floated
<legend>) — and stays quiet about a page where everything shows and about what is hidden on purpose."""

import pytest

from .visibility import SCRIPT, VIEWPORTS

pytestmark = pytest.mark.browser

# Bootstrap's rules that made the trip form's rows vanish: a legend floated over the full width, and only
# the element right after it clears the float.
LEGEND_CSS = "legend { float: left; width: 100%; } legend + * { clear: left; }"


def problems(browser, body: str, *, css: str = "", viewport: str = "desktop") -> list[dict]:
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.set_content(
            f"<!doctype html><html><head><style>body {{ margin: 8px }} {css}</style></head>"
            f"<body><main id=main>{body}</main></body></html>"
        )
        return page.evaluate(SCRIPT)["problems"]
    finally:
        context.close()


def reasons(found) -> str:
    return "\n".join(f"{p['selector']}: {p['reason']}" for p in found)


def test_rows_beside_a_floated_legend_are_reported(browser):
    body = """<fieldset><legend>团组成员</legend><input type=hidden name=members-TOTAL_FORMS value=1>
      <div style="overflow-x: auto"><table><tbody><tr><td><select name=members-0-person><option>张三
      </option></select></td></tr></tbody></table></div></fieldset>"""
    found = problems(browser, body, css=LEGEND_CSS)
    text = reasons(found)
    assert "members-0-person" in text and "tbody > tr" in text, text
    assert "0 px wide" in text, text
    # …and everything after a legend clearing it (static/css/waiban.css) brings them back.
    assert problems(browser, body, css=LEGEND_CSS + " legend ~ * { clear: left; }") == []


def test_a_covered_control_is_reported(browser):
    body = """<div style="position: relative"><button type=button id=hidden-behind>提交</button>
      <div style="position: absolute; inset: 0; background: white"></div></div>"""
    assert "covered by" in reasons(problems(browser, body))


def test_a_control_with_no_box_is_reported(browser):
    assert "has no box" in reasons(
        problems(browser, '<input name=q style="width: 0; padding: 0; border: 0">')
    )


def test_what_sticks_out_of_a_phone_is_reported(browser):
    body = '<table style="width: 600px"><tbody><tr><td>徐州市人民政府外事办公室</td></tr></tbody></table>'
    text = reasons(problems(browser, body, viewport="phone"))
    assert "the page scrolls sideways" in text and "outside the 390 px viewport" in text, text
    # The same table in a box that scrolls sideways on purpose is fine.
    assert problems(browser, f'<div style="overflow-x: auto">{body}</div>', viewport="phone") == []


def test_a_hidden_label_that_escapes_its_scrolling_table_is_reported(browser):
    # A visually hidden header text is positioned absolutely: if the scroller does not contain it, it
    # sits past the table's edge and the page scrolls sideways (found on the country list).
    hidden = "position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0, 0, 0, 0)"
    body = f"""<div class=scroller style="overflow-x: auto"><table style="width: 600px"><thead><tr>
      <th>国家</th><th><span style="{hidden}">操作</span></th></tr></thead>
      <tbody><tr><td>日本</td><td>编辑</td></tr></tbody></table></div>"""
    assert "the page scrolls sideways" in reasons(problems(browser, body, viewport="phone"))
    fixed = body.replace('class=scroller style="', 'class=scroller style="position: relative; ')
    assert problems(browser, fixed, viewport="phone") == []


def test_a_control_clipped_by_its_box_is_reported(browser):
    body = '<div style="width: 100px; overflow: hidden"><input name=far style="margin-left: 200px"></div>'
    assert "clipped by" in reasons(problems(browser, body))


def test_what_is_hidden_on_purpose_is_not_reported_and_closed_details_are_opened(browser):
    body = """<form><label>标题 <input name=title></label> <button type=submit>保存</button></form>
      <div style="display: none"><input name=in-a-closed-menu style="width: 0"></div>
      <div hidden><button type=button>in a hidden box</button></div>
      <details><summary>更多</summary><input name=in-details></details>
      <table><tbody><tr><td>一行</td></tr></tbody></table>"""
    assert problems(browser, body) == []
    assert problems(browser, body, viewport="phone") == []
    # A control inside closed <details> is checked as if opened.
    broken = body.replace(
        "<input name=in-details>", '<input name=in-details style="width: 0; border: 0; padding: 0">'
    )
    assert "in-details" in reasons(problems(browser, broken))


def test_squeezed_choices_cut_off_amounts_and_broken_labels_are_reported(browser):
    body = """<table><tbody><tr>
      <td><select name=budget-0-category style="width: 36px"><option>住宿费</option></select></td>
      <td><input name=budget-0-amount value="1234567.00" style="width: 50px"></td>
      <td><button type=button style="width: 20px">编辑</button></td></tr></tbody></table>"""
    text = reasons(problems(browser, body))
    assert "its choice “住宿费” is cut off" in text, text
    assert "its value “1234567.00” is cut off" in text, text
    assert "its label “编辑” breaks over 2 lines" in text, text


def test_a_crammed_table_is_reported(browser):
    body = (
        """<table style="width: 100%"><tbody><tr><td>令狐文静</td><td>徐州市教育局</td><td>国际旅费</td>
      <td>"""
        + "这一列很宽" * 30
        + "</td></tr></tbody></table>"
    )
    text = reasons(problems(browser, body, viewport="phone"))
    assert "crammed: “徐州市教育局” stands in" in text, text
    assert (
        problems(
            browser,
            f'<div style="overflow-x: auto">{body.replace("<td>", "<td style=white-space:nowrap>", 3)}</div>',
            viewport="phone",
        )
        == []
    )


def test_a_broken_date_is_reported(browser):
    body = '<table><tbody><tr><td style="width: 3em">2026-12-06</td><td>抵达</td></tr></tbody></table>'
    assert "a date or number broken over 2 lines: “2026-12-06”" in reasons(problems(browser, body))
