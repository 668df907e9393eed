"""Every catalogue is complete (no empty or fuzzy entry) and its compiled .mo matches its .po; with
English active the shell shows no Chinese UI text."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from apps.accounts import roles as R

ROOT = Path(settings.BASE_DIR)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def catalogues() -> list[Path]:
    found = sorted(ROOT.glob("apps/*/locale/*/LC_MESSAGES/django.po")) + sorted(
        ROOT.glob("locale/*/LC_MESSAGES/django.po")
    )
    return found


def test_there_are_catalogues_for_the_shell_and_org():
    paths = {str(p.relative_to(ROOT)) for p in catalogues()}
    assert {
        "locale/en/LC_MESSAGES/django.po",
        "apps/web/locale/en/LC_MESSAGES/django.po",
        "apps/org/locale/en/LC_MESSAGES/django.po",
    } <= paths


def active(catalogue: polib.POFile) -> list[polib.POEntry]:
    """The catalogue's entries in use: not the header, not obsolete (``#~``) ones."""
    return [e for e in catalogue if not e.obsolete]


def translations(entry: polib.POEntry) -> dict[int, str]:
    """The entry's msgstr by plural index (index 0 alone for an entry without plural forms)."""
    if entry.msgid_plural:
        return {int(i): s for i, s in entry.msgstr_plural.items()}
    return {0: entry.msgstr}


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_not_fuzzy(po):
    problems = []
    catalogue = polib.pofile(str(po))
    if catalogue.metadata_is_fuzzy:
        problems.append("fuzzy: <header>")
    for e in active(catalogue):
        label = e.msgid[:40]
        if e.fuzzy:
            problems.append(f"fuzzy: {label}")
        if any(not s.strip() for s in translations(e).values()):
            problems.append(f"empty: {label}")
    assert not problems, f"{po}: {problems}"


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run compilemessages"
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    catalog = compiled._catalog  # msgid → text; (msgid, n) for plural forms; "ctx\x04msgid" with a context
    mismatched = []
    for e in active(polib.pofile(str(po))):
        msgid = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural:
            got = {i: catalog.get((msgid, i)) for i in translations(e)}
        else:
            got = {0: catalog.get(msgid)}
        if got != translations(e):
            mismatched.append(e.msgid[:40])
    assert not mismatched, f"{mo} is out of date with {po.name} (compilemessages): {mismatched[:10]}"


def test_catalogue_checks_see_fuzzy_empty_and_plural_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n#, fuzzy\nmsgid "甲"\nmsgstr "A"\n\n'
        'msgid "乙"\nmsgstr ""\n\nmsgid "%(n)s 个"\nmsgid_plural "%(n)s 个"\nmsgstr[0] "%(n)s one"\n'
        'msgstr[1] ""\n"%(n)s many"\n\n#~ msgid "丙"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = {e.msgid: e for e in active(polib.pofile(str(po)))}
    assert set(entries) == {"甲", "乙", "%(n)s 个"}  # the obsolete entry is not among them
    assert entries["甲"].fuzzy
    assert translations(entries["乙"]) == {0: ""}
    assert translations(entries["%(n)s 个"]) == {0: "%(n)s one", 1: "%(n)s many"}


# --- English pages have no Chinese UI text -------------------------------------------------------------


def strip_data(html: str, allowed: list[str]) -> str:
    """Remove what is data, not UI text: the names given (people, the language's own name), and the
    values of form inputs (the CSRF token)."""
    for text in sorted(allowed, key=len, reverse=True):
        html = html.replace(text, "")
    return html


@pytest.mark.parametrize(
    "role", [R.DIVISION_STAFF, R.UNIT_CLERK, R.SYSADMIN, R.SECADMIN, R.SECAUDITOR, R.AUDITOR]
)
def test_english_home_and_menu_have_no_chinese(role, role_user, login, client, office):
    user = role_user(role, full_name="Test User")
    login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    # The only Chinese allowed: the name of the Chinese language on the switch ("简体中文"), which must
    # be written in its own language. The office's and roles' names come from their English fields.
    leftovers = CJK.findall(strip_data(html, ["简体中文"]))
    context = sorted({m.start() for m in CJK.finditer(strip_data(html, ["简体中文"]))})[:3]
    snippets = [strip_data(html, ["简体中文"])[max(0, i - 60) : i + 40] for i in context]
    assert not leftovers, f"Chinese text in the English page for {role}: {snippets}"
    # and the English really is there
    assert escape(office.name_en) in html
    with translation.override("en"):
        from apps.web import navigation

        for group in navigation.menu_for(user):
            assert escape(str(group.label)) in html or len(group.items) == 1
            for item in group.items:
                assert escape(str(item.label)) in html
