"""Login limits that slow guessing without locking the owner out.

- Per client address: allauth's `login_failed` rate (settings.ACCOUNT_RATE_LIMITS), on the address the
  connection comes from (allauth ignores X-Forwarded-For unless a trusted proxy count is configured).
- Per account: after FREE_FAILURES wrong passwords in a row, each further attempt waits a delay that doubles
  with every failure (FIRST_DELAY_SECONDS up to MAX_DELAY_SECONDS). Wrong passwords typed from anywhere can
  therefore slow an account down but never close it: the delay is passed by a login from a known device (a
  signed cookie set after a complete login: password and, where the account has one, second factor) or with a
  valid code from the account's authenticator app, typed on the login form.

The counts live in the cache (shared by all web processes when CACHE_URL is shared, as for allauth's limits),
keyed by a hash of the address typed, whether or not an account has it, so that the answer tells nothing
about which addresses exist.
"""

import hashlib
import math
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core import signing
from django.core.cache import cache

FREE_FAILURES = 5
FIRST_DELAY_SECONDS = 60
MAX_DELAY_SECONDS = 60 * 60
FORGET_FAILURES_SECONDS = 24 * 60 * 60
DEVICE_COOKIE = "cph_known_device"
DEVICE_SALT = "cphelpdesk.directory.known-device"
DEVICE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60


def _failures_key(login: str) -> str:
    return "cph:login-failures:" + hashlib.sha256((login or "").strip().lower().encode()).hexdigest()


def record_failure(login: str) -> None:
    """Count one wrong password for the address typed."""
    key = _failures_key(login)
    state = cache.get(key) or {"count": 0}
    cache.set(key, {"count": state["count"] + 1, "last": time.time()}, FORGET_FAILURES_SECONDS)


def forget_failures(login: str) -> None:
    """A complete login clears the account's count."""
    cache.delete(_failures_key(login))


def delay_seconds(failures: int) -> int:
    """The wait after `failures` wrong passwords in a row: none for the first FREE_FAILURES, then doubling."""
    if failures < FREE_FAILURES:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS)


def is_delayed(login: str) -> bool:
    """Whether the address typed has had FREE_FAILURES wrong passwords in a row (its attempts are spaced)."""
    state = cache.get(_failures_key(login))
    return bool(state) and state["count"] >= FREE_FAILURES


def seconds_to_wait(login: str) -> int:
    """How long the address typed must still wait before its password is checked again (0: not at all)."""
    state = cache.get(_failures_key(login))
    if not state:
        return 0
    return max(0, math.ceil(state["last"] + delay_seconds(state["count"]) - time.time()))


def claim_check(login: str) -> int:
    """0 when the password typed for `login` may be checked now, else the seconds to wait. Once a delay is
    over, only the first attempt gets checked: guesses sent together at that moment do not all slip through."""
    wait = seconds_to_wait(login)
    state = cache.get(_failures_key(login))
    if wait or not state or state["count"] < FREE_FAILURES:
        return wait
    delay = delay_seconds(state["count"])
    return 0 if cache.add(f"{_failures_key(login)}:checked-after:{state['last']}", True, delay) else delay


def _password_mark(member) -> str:
    # Part of a hash of the password hash: a new password makes the devices known before unknown again.
    return hashlib.sha256(member.password.encode()).hexdigest()[:16]


def remember_device(response, member) -> None:
    """Mark the browser of a complete login as a known device of `member` (signed, HTTP-only cookie)."""
    value = signing.dumps({"m": member.pk, "p": _password_mark(member)}, salt=DEVICE_SALT)
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_MAX_AGE_SECONDS, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)


def is_known_device(request, member) -> bool:
    """Whether this browser completed a login to `member` before (with the password `member` has now)."""
    try:
        data = signing.loads(request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT,
                             max_age=DEVICE_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    return data.get("m") == member.pk and data.get("p") == _password_mark(member)


def second_factor_is_valid(member, code: str) -> bool:
    """Whether `code` is a current code of `member`'s authenticator app (each code counts once)."""
    authenticator = Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).first()
    return bool(code) and authenticator is not None and TOTP(authenticator).validate_code(code.strip())
