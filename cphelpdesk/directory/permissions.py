"""The one permission layer: role predicates (django-rules) that every app's `rules.py` builds on.

Roles are Django groups; object checks are rules predicates taking (user, obj). Views use
`require_perm`, templates `{% has_perm %}`, and the API the same `user.has_perm` calls.
"""

from functools import cache, wraps

import rules
from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cphelpdesk.directory.roles import Role


def role_predicate(*roles: str):
    """A predicate true for authenticated, active users holding any of `roles`."""

    def check(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.has_role(*roles))

    return rules.predicate(check, name="has_role:" + "|".join(roles))


# Managers may do everything officers may (DESIGN.md).
is_officer = role_predicate(Role.OFFICER, Role.MANAGER)
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


def require_perm(perm: str):
    """View decorator for permissions without an object: log in first if anonymous, then 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def get_permitted_or_404(user, perm: str, queryset, **lookup):
    """The object if `user` has `perm` on it; 404 otherwise, so that ids cannot be probed."""
    obj = queryset.filter(**lookup).first()
    if obj is None or not user.has_perm(perm, obj):
        raise Http404
    return obj


staff_required = require_perm("directory.view_staff_pages")

# What administrators edit in the Django admin: reference data and configuration (app label -> model
# names, or None for every model of the app). Nothing else: not query content (no more access than a
# manager, DESIGN.md), not authenticators, not task payloads.
ADMINISTERED = {"directory": None, "taxonomy": None, "queries": {"slatarget", "holiday"},
                "privacy": {"custompattern"}}
ADMINISTERED_APPS = frozenset(ADMINISTERED)


@cache
def administered_model_perms() -> frozenset[str]:
    """The add/change/delete/view permissions of the administered models."""
    return frozenset(
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for label, names in ADMINISTERED.items()
        for model in apps.get_app_config(label).get_models()
        if names is None or model._meta.model_name in names
        for action in ("add", "change", "delete", "view")
    )


class RoleBackend:
    """Model permissions for the Django admin come from roles alone: administrators get those of the
    administered apps. No permission is ever read from groups or users, so none can be granted there."""

    def authenticate(self, request, **credentials):
        return None

    def _is_administrator(self, user) -> bool:
        return bool(user.is_active and user.is_authenticated and user.has_role(Role.ADMINISTRATOR))

    def has_perm(self, user, perm: str, obj=None) -> bool:
        return obj is None and self._is_administrator(user) and perm in administered_model_perms()

    def has_module_perms(self, user, app_label: str) -> bool:
        return app_label in ADMINISTERED_APPS and self._is_administrator(user)
