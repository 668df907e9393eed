"""What every page needs: the menu for this user, the inbox badge, the office's name, the language."""

from django.utils import translation
from django.utils.functional import SimpleLazyObject

from . import navigation as nav


def inbox_counts(user) -> dict | None:
    """``apps.casework.selectors.inbox_counts`` if the casework app provides it, else ``None`` (no badge)."""
    try:
        from apps.casework.selectors import inbox_counts as counts
    except ImportError:
        return None
    return counts(user=user)


def request_inbox_counts(request) -> dict | None:
    """The badge counts, shared with the page when it computed them already (one query per request)."""
    try:
        from apps.casework.selectors import request_inbox_counts as counts
    except ImportError:
        return inbox_counts(request.user)
    return counts(request)


def _office():
    from apps.org.selectors import office_cached  # per process, forgotten when the office is saved

    return office_cached()


def html_lang(code: str | None) -> str:
    """``zh-hans`` → ``zh-Hans`` (BCP 47, what ``<html lang>`` expects)."""
    code = code or "zh-hans"
    if code.lower() == "zh-hans":
        return "zh-Hans"
    return code


def navigation_context(request):
    user = getattr(request, "user", None)
    ctx = {
        "html_lang": html_lang(translation.get_language()),
        "office": SimpleLazyObject(_office),
    }
    if user is None or not user.is_authenticated:
        return {**ctx, "nav_groups": [], "user_menu": [], "inbox_badge": None}
    # base.html renders the menu through ``nav.main_menu_html`` (cached markup); the structure only on demand
    ctx["nav_groups"] = SimpleLazyObject(lambda: nav.menu_for(user))
    ctx["user_menu"] = nav.user_menu_for(user)
    ctx["inbox_badge"] = (
        SimpleLazyObject(lambda: request_inbox_counts(request)) if nav.is_business_user(user) else None
    )
    ctx["user_roles"] = SimpleLazyObject(
        lambda: list(user.role_rows()) if hasattr(user, "role_rows") else list(user.roles.all())
    )
    return ctx


def navigation(request):  # the name settings.TEMPLATES refers to
    return navigation_context(request)
