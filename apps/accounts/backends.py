"""Global permissions from roles: ``user.has_perm("casework.review")`` is the union of the user's roles."""

from django.contrib.auth.backends import ModelBackend


class RoleBackend(ModelBackend):
    """Authenticates by username/password (as ModelBackend) and answers permissions from roles.

    Superusers get no special treatment here beyond Django's own: no everyday account is one.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache = getattr(user_obj, "_role_perm_cache", None)
        if cache is None:
            cache = set()
            for role in user_obj.role_rows():
                cache.update(role.permissions or [])
            user_obj._role_perm_cache = cache
        return cache

    def get_user_permissions(self, user_obj, obj=None):
        return self.get_all_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        if obj is not None:
            return False  # object permissions are answered by rules
        return perm in self.get_all_permissions(user_obj)
