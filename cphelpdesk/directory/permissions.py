"""The one permission layer: role predicates (django-rules) that every app's `rules.py` builds on.

Roles are Django groups; object checks are rules predicates taking (user, obj). Views use
`require_perm`, templates `{% has_perm %}`, and the API the same `user.has_perm` calls.
"""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from cphelpdesk.directory.roles import Role


def role_predicate(*roles: str):
    """A predicate true for authenticated, active users holding any of `roles`."""

    def check(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.has_role(*roles))

    return rules.predicate(check, name="has_role:" + "|".join(roles))


is_manager = role_predicate(Role.MANAGER)
# Managers may do everything officers may (DESIGN.md).
is_officer = role_predicate(Role.OFFICER, Role.MANAGER)
is_expert = role_predicate(Role.EXPERT)
is_focal_point = role_predicate(Role.FOCAL_POINT)
is_administrator = role_predicate(Role.ADMINISTRATOR)


@rules.predicate
def is_helpdesk_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_helpdesk_staff)


@rules.predicate
def is_approved_member(user) -> bool:
    """An active account whose membership an officer has approved."""
    return bool(user and user.is_authenticated and user.is_active and user.is_approved)


@rules.predicate
def is_self(user, member) -> bool:
    return member is not None and user.is_authenticated and user.pk == member.pk


def require_perm(perm: str, get_object=None):
    """View decorator: log in first if anonymous, then 403 unless `user.has_perm(perm, obj)`.

    `get_object(request, **kwargs)` returns the object for object-level checks.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.has_perm(perm, obj):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = require_perm("directory.view_staff_pages")

# Apps whose configuration an administrator manages in the Django admin. Query content is not here:
# administrators have no access to it beyond what a manager has (DESIGN.md).
ADMINISTERED_APPS = frozenset({"directory", "taxonomy", "auth", "account", "mfa", "django_tasks_db"})


class RoleBackend:
    """Grants administrators the model permissions of the administered apps (for the Django admin)."""

    def authenticate(self, request, **credentials):
        return None

    def _is_administrator(self, user) -> bool:
        return bool(user.is_active and user.is_authenticated and user.has_role(Role.ADMINISTRATOR))

    def has_perm(self, user, perm: str, obj=None) -> bool:
        app_label = perm.split(".", 1)[0]
        return obj is None and app_label in ADMINISTERED_APPS and self._is_administrator(user) and (
            perm.split(".", 1)[1].split("_", 1)[0] in {"add", "change", "delete", "view"}
        )

    def has_module_perms(self, user, app_label: str) -> bool:
        return app_label in ADMINISTERED_APPS and self._is_administrator(user)
