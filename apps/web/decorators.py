"""Permission guards for views: a view cannot forget its permission if it declares it here."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


def perm_required(*codes: str, any_of: bool = False):
    """Require login and the global permission code(s) (all of them, or any with ``any_of=True``)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            check = any if any_of else all
            if not check(request.user.has_perm(c) for c in codes):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermRequiredMixin(LoginRequiredMixin):
    required_perms: tuple[str, ...] = ()
    any_of = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check = any if self.any_of else all
        if self.required_perms and not check(request.user.has_perm(c) for c in self.required_perms):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
