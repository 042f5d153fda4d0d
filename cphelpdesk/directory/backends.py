"""Authentication: allauth's email login, with permissions left entirely to the role layer."""

from allauth.account.auth_backends import AuthenticationBackend


class EmailLoginBackend(AuthenticationBackend):
    """allauth's backend without Django's group and user permissions (see permissions.RoleBackend)."""

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_all_permissions(self, user_obj, obj=None):
        return set()
